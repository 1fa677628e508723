// Keeps what a check records small: long bodies and big values become short previews.
import type { CheckInput } from './types.js';

export const PREVIEW_CHARS = 200;
const MAX_VALUE_CHARS = 2000;

/** The first ~200 characters of a body, marked when cut. */
export function bodySnippet(body: string): string {
  if (body.length === 0) return '(empty body)';
  return body.length > PREVIEW_CHARS ? `${body.slice(0, PREVIEW_CHARS)}…` : body;
}

/** Scalars as they are; objects and arrays as they are when small, else their JSON text cut short. */
export function previewValue(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return v;
  const text = JSON.stringify(v);
  return text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS)}…` : v;
}

/** A JSON value in a message: `"ok"`, `42`, `{"a":1}`, or `nothing`. */
export function showValue(v: unknown): string {
  if (v === undefined) return 'nothing';
  const s = JSON.stringify(v) ?? String(v);
  return s.length > PREVIEW_CHARS ? `${s.slice(0, PREVIEW_CHARS)}…` : s;
}

/** The failed check every JSON-reading assertion makes when the body is not JSON. */
export function notJsonCheck(name: string, body: string): CheckInput {
  return { name, ok: false, expected: 'a JSON body', actual: bodySnippet(body), message: `${name}: response body is not JSON` };
}
