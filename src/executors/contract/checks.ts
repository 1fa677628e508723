// The checks of one response against its operation, named as Schemathesis names them. Pure functions of the
// operation and the response: a check that has nothing to look at (no documented body for that status, an
// undocumented status) is left out rather than passed, so a report lists only what was really checked.
import { bodySnippet } from '../../assertions/preview.js';
import type { CheckInput } from '../types.js';
import type { ContractCheckNameSpec } from '../../plan/types.js';
import type { Operation, ResponseHeader, ResponseSpec } from './model.js';
import { actualMediaType, documentedResponse, isJsonMedia, matchingMedia } from './response-match.js';
import type { SchemaCheck, SchemaProblem } from './schema-check.js';
import { typeOf } from './values.js';
import { isNode } from './doc-read.js';

export type CheckName = ContractCheckNameSpec;

// Spelled out as a record so the compiler says when the plan language gains a check this list lacks.
const EVERY_CHECK = {
  not_a_server_error: true, status_code_conformance: true, content_type_conformance: true, response_schema_conformance: true,
  response_headers_conformance: true, max_duration: true, negative_data_rejection: true,
} satisfies Record<CheckName, true>;

export const ALL_CHECKS = Object.keys(EVERY_CHECK) as CheckName[];

/** What the checks read of a response: an HttpResponseView fits. */
export interface Observed {
  status: number;
  headers: Readonly<Record<string, string>>;
  body: string;
  json: unknown;
  durationMs: number;
}

export interface CheckEnv {
  schemaCheck: SchemaCheck;
  maxDurationMs?: number | undefined;
}

// A failed schema check lists this many problems; the rest are counted.
const MAX_PROBLEMS = 5;

/** The checks in `enabled` that apply to this response, in a fixed order. */
export function responseChecks(op: Operation, res: Observed, env: CheckEnv, enabled: ReadonlySet<CheckName>): CheckInput[] {
  const documented = documentedResponse(op, res.status);
  const out: CheckInput[] = [];
  const add = (c: CheckInput | undefined): void => {
    if (c) out.push(c);
  };
  if (enabled.has('not_a_server_error')) add(notAServerError(op, res));
  if (enabled.has('status_code_conformance')) add(statusCodeConformance(op, res, documented));
  if (documented) {
    if (enabled.has('content_type_conformance')) add(contentTypeConformance(op, res, documented));
    if (enabled.has('response_schema_conformance')) add(responseSchemaConformance(op, res, documented, env.schemaCheck));
    if (enabled.has('response_headers_conformance')) add(responseHeadersConformance(op, res, documented, env.schemaCheck));
  }
  if (enabled.has('max_duration') && env.maxDurationMs !== undefined) add(maxDuration(op, res, env.maxDurationMs));
  return out;
}

const fail = (op: Operation, name: CheckName, text: string, expected: unknown, actual: unknown): CheckInput =>
  ({ name, ok: false, expected, actual, message: `${op.title}: ${name}: ${text}` });

export function notAServerError(op: Operation, res: Observed): CheckInput {
  if (res.status < 500) return { name: 'not_a_server_error', ok: true, expected: '< 500', actual: res.status };
  return fail(op, 'not_a_server_error', `the server answered ${res.status}: ${bodySnippet(res.body)}`, '< 500', res.status);
}

export function statusCodeConformance(op: Operation, res: Observed, documented: ResponseSpec | undefined): CheckInput {
  const keys = op.responses.map((r) => r.key);
  if (documented) return { name: 'status_code_conformance', ok: true, expected: keys, actual: res.status };
  return fail(op, 'status_code_conformance', `status ${res.status} is not documented (documented: ${keys.join(', ') || 'none'})`, keys, res.status);
}

export function contentTypeConformance(op: Operation, res: Observed, documented: ResponseSpec): CheckInput | undefined {
  const types = documented.content.map((m) => m.type);
  if (types.length === 0) return undefined;
  const actual = actualMediaType(res.headers);
  if (actual === undefined) {
    // No body, no type: nothing was sent to be of the wrong type (a HEAD, an empty 200).
    if (res.body === '') return undefined;
    return fail(op, 'content_type_conformance', `the ${res.status} response has a body but no content-type (documented: ${types.join(', ')})`, types, undefined);
  }
  if (matchingMedia(documented.content, actual)) return { name: 'content_type_conformance', ok: true, expected: types, actual };
  return fail(op, 'content_type_conformance', `content-type ${actual} is not documented for ${documented.key} (documented: ${types.join(', ')})`, types, actual);
}

export function responseSchemaConformance(op: Operation, res: Observed, documented: ResponseSpec, schemaCheck: SchemaCheck): CheckInput | undefined {
  const actual = actualMediaType(res.headers);
  const media = actual === undefined ? undefined : matchingMedia(documented.content, actual);
  // Only JSON bodies are checked against schemas; a wrong content type is content_type_conformance's finding.
  if (!media || media.schema === undefined || !isJsonMedia(actual!) || (res.body === '' && op.method === 'HEAD')) return undefined;
  const where = `the ${res.status} ${actual} body`;
  if (res.json === undefined) {
    const why = res.body === '' ? 'is empty' : 'is not valid JSON';
    return fail(op, 'response_schema_conformance', `${where} ${why}: ${bodySnippet(res.body)}`, `JSON valid against ${media.schemaPointer}`, bodySnippet(res.body));
  }
  const problems = schemaCheck(media.schema, res.json, media.schemaPointer);
  if (problems.length === 0) return { name: 'response_schema_conformance', ok: true, expected: `valid against ${media.schemaPointer}` };
  return schemaFailure(op, 'response_schema_conformance', `${where} does not match its schema`, problems);
}

function schemaFailure(op: Operation, name: CheckName, what: string, problems: SchemaProblem[]): CheckInput {
  const listed = problems.slice(0, MAX_PROBLEMS).map((p) => p.text);
  if (problems.length > MAX_PROBLEMS) listed.push(`… and ${problems.length - MAX_PROBLEMS} more`);
  const first = problems[0]!;
  return fail(op, name, `${what}: ${listed.join('; ')}`, first.expected ?? `valid against ${first.schemaPointer}`, first.actual ?? first.instancePath);
}

/** A header's text as the JSON value its schema describes (`"3"` → 3 for an integer header). */
function headerValue(text: string, schema: ResponseHeader['schema']): unknown {
  const type = isNode(schema) ? typeOf(schema) : undefined;
  if ((type === 'integer' || type === 'number') && text.trim() !== '' && !Number.isNaN(Number(text))) return Number(text);
  if (type === 'boolean' && (text === 'true' || text === 'false')) return text === 'true';
  if (type === 'array') return text.split(',').map((s) => s.trim());
  return text;
}

export function responseHeadersConformance(op: Operation, res: Observed, documented: ResponseSpec, schemaCheck: SchemaCheck): CheckInput | undefined {
  if (documented.headers.length === 0) return undefined;
  const problems: SchemaProblem[] = [];
  for (const h of documented.headers) {
    const text = res.headers[h.name];
    if (text === undefined) {
      if (h.required) problems.push({ instancePath: '', schemaPointer: h.pointer, keyword: 'required', text: `header ${h.name} is missing (required by ${h.pointer})`, expected: `header ${h.name}`, actual: 'missing' });
      continue;
    }
    if (h.schema === undefined) continue;
    for (const p of schemaCheck(h.schema, headerValue(text, h.schema), `${h.pointer}/schema`)) problems.push({ ...p, text: `header ${h.name}: ${p.text}` });
  }
  const names = documented.headers.map((h) => h.name);
  if (problems.length === 0) return { name: 'response_headers_conformance', ok: true, expected: names };
  return schemaFailure(op, 'response_headers_conformance', `the ${res.status} response headers do not match`, problems);
}

export function maxDuration(op: Operation, res: Observed, limitMs: number): CheckInput {
  const took = `${Math.round(res.durationMs)}ms`;
  if (res.durationMs <= limitMs) return { name: 'max_duration', ok: true, expected: `<= ${limitMs}ms`, actual: took };
  return fail(op, 'max_duration', `the response took ${took}, more than ${limitMs}ms`, `<= ${limitMs}ms`, took);
}
