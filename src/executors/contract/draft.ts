// The values one request of an operation carries, before they are serialised: the document's examples where
// it gives them, generated values where it doesn't. Required parameters are always sent; optional ones only
// when the document shows an example for them (an example is the author saying "this is a good value").
import { isNode } from './doc-read.js';
import type { MediaType, Operation, Parameter } from './model.js';
import { isJsonMedia } from './response-match.js';
import { valueFor } from './values.js';

export interface DraftParam {
  param: Parameter;
  value: unknown;
}

export interface Draft {
  params: DraftParam[];
  body?: { media: MediaType; value: unknown };
}

// Request media types aitest can send, best first.
const BODY_PREFERENCE: ((type: string) => boolean)[] = [
  isJsonMedia,
  (t) => t === 'application/x-www-form-urlencoded',
  (t) => t === 'multipart/form-data',
  (t) => t.startsWith('text/'),
  () => true,
];

function hasOwnExample(p: Parameter): boolean {
  const s = p.schema;
  return p.example !== undefined || (isNode(s) && (s.example !== undefined || (Array.isArray(s.examples) && s.examples.length > 0)));
}

export function draftRequest(op: Operation): Draft {
  const params: DraftParam[] = [];
  for (const param of op.parameters) {
    if (!param.required && !hasOwnExample(param)) continue;
    params.push({ param, value: param.example ? param.example.value : valueFor(param.schema) });
  }
  const draft: Draft = { params };
  const content = op.requestBody?.content ?? [];
  for (const prefer of BODY_PREFERENCE) {
    const media = content.find((m) => prefer(m.type));
    if (!media) continue;
    draft.body = { media, value: media.example ? media.example.value : valueFor(media.schema) };
    break;
  }
  return draft;
}
