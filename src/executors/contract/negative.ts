// Invalid variants of an operation's request, which a server that validates its input must refuse with a 4xx:
// one with a required value missing, one with a body field of the wrong type. Each changes one thing only,
// so a 2xx points at exactly the validation that is missing.
import { isNode, type Node } from './doc-read.js';
import type { Draft } from './draft.js';
import type { Operation } from './model.js';
import { isJsonMedia } from './response-match.js';
import { flattenAllOf, typeOf } from './values.js';

export interface NegativeCase {
  /** What is wrong with the request: `required body field "name" missing`. */
  description: string;
  draft: Draft;
}

// Tried in order: the first whose JSON type the schema does not allow is the wrong value.
const WRONG_VALUES: { value: unknown; types: string[] }[] = [
  { value: 12345, types: ['integer', 'number'] },
  { value: 'not-a-number', types: ['string'] },
  { value: true, types: ['boolean'] },
  { value: ['not-an-object'], types: ['array'] },
  { value: { not: 'an array' }, types: ['object'] },
];

export function negativeCases(op: Operation, draft: Draft): NegativeCase[] {
  const out: NegativeCase[] = [];
  const missing = missingValue(op, draft);
  if (missing) out.push(missing);
  const wrong = wrongType(draft);
  if (wrong) out.push(wrong);
  return out;
}

function bodyObject(draft: Draft): { value: Record<string, unknown>; schema: Node } | undefined {
  const body = draft.body;
  if (!body || !isNode(body.value) || !isNode(body.media.schema)) return undefined;
  return { value: body.value, schema: flattenAllOf(body.media.schema) };
}

function missingValue(op: Operation, draft: Draft): NegativeCase | undefined {
  // A path parameter is not dropped: without it the request goes to another route, not an invalid one.
  const param = draft.params.find((d) => d.param.required && d.param.in !== 'path');
  if (param) {
    return { description: `required ${param.param.in} parameter "${param.param.name}" missing`, draft: { ...draft, params: draft.params.filter((d) => d !== param) } };
  }
  const body = bodyObject(draft);
  const required = body && Array.isArray(body.schema.required) ? body.schema.required : [];
  const field = required.find((name): name is string => typeof name === 'string' && Object.hasOwn(body!.value, name));
  if (body && field !== undefined) {
    const { [field]: _dropped, ...rest } = body.value;
    return { description: `required body field "${field}" missing`, draft: { ...draft, body: { ...draft.body!, value: rest } } };
  }
  if (op.requestBody?.required && draft.body) {
    const { body: _dropped, ...rest } = draft;
    return { description: 'required request body missing', draft: rest };
  }
  return undefined;
}

function allowedTypes(schema: Node): string[] {
  const types = Array.isArray(schema.type) ? schema.type.filter((t): t is string => typeof t === 'string') : [typeOf(schema)].filter((t): t is string => t !== undefined);
  // An integer is also a number, so a number field accepts 12345.
  return types.includes('number') ? [...types, 'integer'] : types;
}

function wrongType(draft: Draft): NegativeCase | undefined {
  const body = bodyObject(draft);
  if (!body || !isJsonMedia(draft.body!.media.type) || !isNode(body.schema.properties)) return undefined;
  const props = body.schema.properties;
  const required = Array.isArray(body.schema.required) ? body.schema.required.filter((n): n is string => typeof n === 'string') : [];
  // Required fields first: a server may ignore an optional field it does not use, but must read a required one.
  for (const name of [...new Set([...required, ...Object.keys(props)])]) {
    const prop = props[name];
    if (!isNode(prop) || prop.readOnly === true) continue;
    const types = allowedTypes(flattenAllOf(prop));
    if (types.length === 0) continue;
    const wrong = WRONG_VALUES.find((w) => !w.types.some((t) => types.includes(t)));
    if (!wrong) continue;
    return {
      description: `body field "${name}" sent as ${JSON.stringify(wrong.value)} (documented as ${types.filter((t) => t !== 'integer' || !types.includes('number')).join(' or ')})`,
      draft: { ...draft, body: { ...draft.body!, value: { ...body.value, [name]: wrong.value } } },
    };
  }
  return undefined;
}
