// An OpenAPI/Swagger operation model → a starter plan: one `contract` test over the whole document plus one
// `api` test per operation, grouped by tag. Request values come from the contract executor's own drafting
// (the document's examples, else values generated from the schemas), rendered the way a contract run sends
// them; response schemas are converted the way the contract checks convert them. Pure: no files, no I/O.
import { isNode, type Node } from '../executors/contract/doc-read.js';
import { draftRequest } from '../executors/contract/draft.js';
import type { Contract, Operation, ResponseSpec } from '../executors/contract/model.js';
import { resolvePointer } from '../executors/contract/pointer.js';
import { NO_SECURITY, renderRequest } from '../executors/contract/render.js';
import { isJsonMedia } from '../executors/contract/response-match.js';
import { toJsonSchema } from '../executors/contract/schema-normalize.js';
import { freshEmails, jsonPathChecks, plain, stripUnknownFormats } from './expect-shaping.js';
import { chosenSecurity, wireScheme, type GeneratedVar, type SchemeWiring } from './security-wiring.js';

export { envName } from './security-wiring.js';

export interface BuildOptions {
  /** `spec` of the contract test, as the plan should spell it (relative to the plan file, or a URL). */
  specRef: string;
  /** The plan's baseUrl (`--base-url`); default: the document's first server. */
  baseUrl?: string;
  /** For the modeline: where the plan schema is, relative to the plan file. */
  schemaRef?: string;
  /** A response schema longer than this (JSON characters) is checked with a few `jsonPath` entries instead. */
  maxSchemaChars?: number;
}

export interface GeneratedTest {
  /** The tag group the test is written under (`untagged` for none). */
  group: string;
  /** Lines written above the test (without `#`). */
  comments: string[];
  test: Record<string, unknown>;
}

export interface GeneratedPlan {
  name: string;
  baseUrl?: string;
  /** Why baseUrl is missing or a placeholder, written above it. */
  baseUrlComment?: string;
  schemaRef?: string;
  vars: GeneratedVar[];
  contract: GeneratedTest;
  /** In group order, then document order. */
  apiTests: GeneratedTest[];
  /** Tag → its description from the document's `tags`. */
  groupDescriptions: Map<string, string>;
  /** Operations with no api test (a method the plan language cannot send), with why. */
  leftOut: { title: string; reason: string }[];
  stats: { operations: number; apiTests: number; skipped: number };
}

const DEFAULT_MAX_SCHEMA_CHARS = 6000;
const UNTAGGED = 'untagged';
export const DESTRUCTIVE_SKIP = 'destructive: review before enabling';

const SENDABLE_METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']);

/** The documented success response: an exact 2xx (lowest first), else `2XX`, else undefined. */
function successResponse(op: Operation): ResponseSpec | undefined {
  const exact = op.responses.filter((r) => /^2\d\d$/.test(r.key)).sort((a, b) => Number(a.key) - Number(b.key));
  return exact[0] ?? op.responses.find((r) => r.key.toUpperCase() === '2XX');
}

function summaryOf(op: Operation, contract: Contract): string | undefined {
  const node = resolvePointer(contract.document, op.pointer);
  if (!isNode(node)) return undefined;
  const text = typeof node.summary === 'string' && node.summary.trim() ? node.summary : typeof node.description === 'string' ? node.description : undefined;
  const line = text?.trim().split('\n')[0]?.trim();
  return line ? line : undefined;
}

const regexEscape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

function apiTestFor(op: Operation, contract: Contract, wiring: Map<string, SchemeWiring>, o: Required<Pick<BuildOptions, 'maxSchemaChars'>>): GeneratedTest {
  const comments: string[] = [];
  const summary = summaryOf(op, contract);
  if (summary) comments.push(summary);
  else if (op.operationId) comments.push(`operationId: ${op.operationId}`);

  // The request exactly as a contract run drafts and renders it, credentials added below as templates.
  const draft = draftRequest(op);
  const rendered = renderRequest(op, draft, NO_SECURITY);
  const request: Record<string, unknown> = {};
  if (op.method !== 'GET') request.method = op.method;
  request.url = rendered.url;
  const headers: Record<string, string> = { ...rendered.headers };
  if (rendered.json !== undefined) {
    let json: unknown = rendered.json;
    if (op.method === 'POST' && draft.body) {
      const fresh = freshEmails(json, draft.body.media.schema);
      if (fresh.changed) {
        json = fresh.value;
        comments.push('email fields use `${{ faker.internet.email }}`: a fixed address would already exist (409) on the next run');
      }
    }
    request.json = json;
    // The api executor sets it for `json`; written only when it is not plain application/json.
    if (headers['content-type'] === 'application/json') delete headers['content-type'];
  }
  if (rendered.body !== undefined) request.body = rendered.body;

  const test: Record<string, unknown> = { name: op.title, type: 'api' };
  if (op.tags.length > 0) test.tags = [...op.tags];

  const security = chosenSecurity(op, contract);
  if (security === undefined) {
    const kinds = [...new Set(op.security.flat().map((n) => { const s = contract.securitySchemes.get(n); return s?.kind === 'unsupported' ? s.type : n; }))];
    test.skip = `needs credentials aitest cannot send (${kinds.join(', ')})`;
  }
  for (const name of security ?? []) {
    const scheme = contract.securitySchemes.get(name)!;
    const creds = wiring.get(name)?.credentials;
    if (!creds) continue;
    if (scheme.kind === 'bearer' || scheme.kind === 'basic') request.auth = creds;
    else if (scheme.kind === 'apiKey') {
      const value = String(creds.apiKey);
      if (scheme.in === 'header') headers[scheme.name.toLowerCase()] = value;
      else if (scheme.in === 'query') request.query = { ...(request.query as Record<string, string> | undefined), [scheme.name]: value };
      else headers.cookie = headers.cookie ? `${headers.cookie}; ${scheme.name}=${value}` : `${scheme.name}=${value}`;
    }
  }
  if (Object.keys(headers).length > 0) request.headers = headers;
  test.request = request;

  const expect: Record<string, unknown> = {};
  const ok = successResponse(op);
  expect.status = ok ? (/^2\d\d$/.test(ok.key) ? Number(ok.key) : '2xx') : '2xx';
  if (!ok) comments.push('the spec documents no 2xx response: `2xx` expected');
  const json = ok?.content.filter((m) => isJsonMedia(m.type)) ?? [];
  // A content-type check only when every documented type is JSON: otherwise the server may choose.
  if (ok && json.length > 0 && json.length === ok.content.length && op.method !== 'HEAD') {
    const types = [...new Set(json.map((m) => m.type))];
    const alternatives = types.map(regexEscape).join('|');
    expect.headers = { 'content-type': `/^${types.length === 1 ? alternatives : `(${alternatives})`}/i` };
  }
  const media = json.find((m) => m.schema !== undefined);
  if (media && op.method !== 'HEAD') {
    const { schema } = toJsonSchema(media.schema!, { version: contract.version, pointer: media.schemaPointer, names: contract.schemaPointers, document: contract.document });
    const converted = plain(schema);
    stripUnknownFormats(converted);
    const size = JSON.stringify(converted).length;
    if (size <= o.maxSchemaChars || !isNode(converted)) expect.schema = converted;
    else {
      const checks = jsonPathChecks(media.schema as Node);
      if (Object.keys(checks).length > 0) expect.jsonPath = checks;
      comments.push(`the response schema (${media.schemaPointer}) is ${size} characters: checked with jsonPath here, in full by the contract test`);
    }
  }
  test.expect = expect;

  if (op.method === 'DELETE' && test.skip === undefined) {
    test.skip = DESTRUCTIVE_SKIP;
    comments.push('skipped: a DELETE with the example id may remove real data; point it at a disposable resource, then remove `skip`');
  }
  return { group: op.tags[0] ?? UNTAGGED, comments, test: plain(test) };
}

/** Tag order: the document's `tags` list, then first use; untagged last. */
function groupOrder(contract: Contract, ops: Operation[]): { order: string[]; descriptions: Map<string, string> } {
  const order: string[] = [];
  const descriptions = new Map<string, string>();
  const docTags = contract.document.tags;
  if (Array.isArray(docTags)) {
    for (const t of docTags) {
      if (!isNode(t) || typeof t.name !== 'string') continue;
      order.push(t.name);
      if (typeof t.description === 'string' && t.description.trim()) descriptions.set(t.name, t.description.trim().split('\n')[0]!);
    }
  }
  for (const op of ops) if (op.tags[0] && !order.includes(op.tags[0])) order.push(op.tags[0]);
  order.push(UNTAGGED);
  return { order, descriptions };
}

export function buildPlan(contract: Contract, opts: BuildOptions): GeneratedPlan {
  const info = contract.document.info;
  const title = isNode(info) && typeof info.title === 'string' && info.title.trim() ? info.title.trim() : 'API';

  // Vars for the schemes that some operation uses, in the order the document declares them.
  const used = new Set(contract.operations.flatMap((op) => chosenSecurity(op, contract) ?? []));
  const wiring = new Map<string, SchemeWiring>();
  for (const [name, scheme] of contract.securitySchemes) {
    if (!used.has(name)) continue;
    const w = wireScheme(name, scheme);
    if (w) wiring.set(name, w);
  }
  const vars = [...wiring.values()].flatMap((w) => w.vars);

  const auth = Object.fromEntries([...wiring].map(([name, w]) => [name, w.credentials]));
  const contractTest: Record<string, unknown> = { name: `${title} matches its OpenAPI contract`, type: 'contract', tags: ['contract'], spec: opts.specRef };
  if (Object.keys(auth).length > 0) contractTest.auth = auth;
  const contractComments = [
    'Every operation of the spec, called once with example data; status, content type, body schema and headers',
    'checked against the spec. Add `negative: true` to also send invalid requests and expect 4xx.',
  ];

  const leftOut: GeneratedPlan['leftOut'] = [];
  const sendable = contract.operations.filter((op) => {
    if (SENDABLE_METHODS.has(op.method)) return true;
    leftOut.push({ title: op.title, reason: `the plan language cannot send ${op.method}` });
    return false;
  });
  const { order, descriptions } = groupOrder(contract, sendable);
  const maxSchemaChars = opts.maxSchemaChars ?? DEFAULT_MAX_SCHEMA_CHARS;
  const built = sendable.map((op) => apiTestFor(op, contract, wiring, { maxSchemaChars }));
  const apiTests = order.flatMap((g) => built.filter((t) => t.group === g));

  const plan: GeneratedPlan = {
    name: title,
    vars,
    contract: { group: 'contract', comments: contractComments, test: plain(contractTest) },
    apiTests,
    groupDescriptions: descriptions,
    leftOut,
    stats: { operations: contract.operations.length, apiTests: apiTests.length, skipped: apiTests.filter((t) => t.test.skip !== undefined).length },
  };
  if (opts.schemaRef !== undefined) plan.schemaRef = opts.schemaRef;
  const base = opts.baseUrl ?? contract.servers[0];
  if (base !== undefined && /^[a-z][a-z\d+.-]*:\/\//i.test(base)) plan.baseUrl = base.replace(/\/$/, '');
  else {
    // A relative server (a Swagger 2.0 basePath alone) keeps its path under a placeholder host.
    plan.baseUrl = `http://127.0.0.1:3000${base?.startsWith('/') ? base.replace(/\/$/, '') : ''}`;
    plan.baseUrlComment = base === undefined
      ? 'the spec lists no server: set the URL of the API under test (or pass --base-url)'
      : `the spec's first server "${base}" is relative: set the URL of the API under test (or pass --base-url)`;
  }
  return plan;
}
