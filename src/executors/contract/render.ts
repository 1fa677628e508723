// A draft → the HttpRequestSpec the api executor's request path sends: path parameters substituted, query,
// headers and cookies serialised by their OpenAPI `style`, the body encoded for its media type.
import type { HttpRequestSpec } from '../../plan/types.js';
import { isNode } from './doc-read.js';
import type { Draft, DraftParam } from './draft.js';
import type { Operation } from './model.js';
import { isJsonMedia } from './response-match.js';

/** Credentials an operation's security puts into its request. */
export interface AppliedSecurity {
  headers: Record<string, string>;
  query: [string, string][];
  cookies: [string, string][];
}

export const NO_SECURITY: AppliedSecurity = { headers: {}, query: [], cookies: [] };

// Fixed, so the same run sends the same bytes.
const BOUNDARY = 'aitest-contract-boundary';

const text = (v: unknown): string => (v !== null && typeof v === 'object' ? JSON.stringify(v) : String(v));

/** `simple` style (paths and headers): arrays and objects as comma-separated lists. */
function simple(v: unknown, explode: boolean): string {
  if (Array.isArray(v)) return v.map(text).join(',');
  if (isNode(v)) return Object.entries(v).map(([k, x]) => (explode ? `${k}=${text(x)}` : `${k},${text(x)}`)).join(',');
  return text(v);
}

function pathSegment({ param, value }: DraftParam): string {
  const explode = param.explode ?? false;
  if (param.style === 'label') return `.${encodeURIComponent(simple(value, explode))}`;
  if (param.style === 'matrix') return `;${param.name}=${encodeURIComponent(simple(value, explode))}`;
  return encodeURIComponent(simple(value, explode));
}

const DELIMITERS: Record<string, string> = { spaceDelimited: ' ', pipeDelimited: '|', tabDelimited: '\t' };

function queryPairs({ param, value }: DraftParam): [string, string][] {
  const style = param.style ?? 'form';
  const explode = param.explode ?? style === 'form';
  if (style === 'deepObject' && isNode(value)) return Object.entries(value).map(([k, v]) => [`${param.name}[${k}]`, text(v)]);
  if (Array.isArray(value)) {
    if (explode && style === 'form') return value.map((v) => [param.name, text(v)]);
    return [[param.name, value.map(text).join(DELIMITERS[style] ?? ',')]];
  }
  if (isNode(value)) {
    if (explode) return Object.entries(value).map(([k, v]) => [k, text(v)]);
    return [[param.name, Object.entries(value).flatMap(([k, v]) => [k, text(v)]).join(',')]];
  }
  return [[param.name, text(value)]];
}

function multipart(value: Record<string, unknown>, schema: unknown): string {
  const props = isNode(schema) && isNode(schema.properties) ? schema.properties : {};
  let out = '';
  for (const [name, v] of Object.entries(value)) {
    const prop = props[name];
    const isFile = isNode(prop) && (prop.type === 'file' || prop.format === 'binary');
    out += `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"${isFile ? `; filename="${name}.txt"\r\nContent-Type: application/octet-stream` : ''}\r\n\r\n${text(v)}\r\n`;
  }
  return `${out}--${BOUNDARY}--\r\n`;
}

function setBody(spec: HttpRequestSpec, headers: Record<string, string>, body: NonNullable<Draft['body']>): void {
  const { media, value } = body;
  if (isJsonMedia(media.type)) {
    spec.json = value;
    headers['content-type'] = media.type;
  } else if (media.type === 'application/x-www-form-urlencoded' && isNode(value)) {
    spec.body = new URLSearchParams(Object.entries(value).map(([k, v]): [string, string] => [k, text(v)])).toString();
    headers['content-type'] = media.type;
  } else if (media.type === 'multipart/form-data' && isNode(value)) {
    spec.body = multipart(value, media.schema);
    headers['content-type'] = `multipart/form-data; boundary=${BOUNDARY}`;
  } else {
    spec.body = typeof value === 'string' ? value : JSON.stringify(value);
    // A wildcard says any type goes: the body is sent as what it is, text.
    headers['content-type'] = media.type.includes('*') ? 'text/plain' : media.type;
  }
}

export function renderRequest(op: Operation, draft: Draft, security: AppliedSecurity): HttpRequestSpec {
  const byPath = new Map(draft.params.filter((d) => d.param.in === 'path').map((d) => [d.param.name, d]));
  const path = op.path.replace(/\{([^}]+)\}/g, (whole, name: string) => {
    const d = byPath.get(name);
    // A template variable the document never declares: any value fills it, so the route is still reached.
    return d ? pathSegment(d) : 'string';
  });
  const query = [...draft.params.filter((d) => d.param.in === 'query').flatMap(queryPairs), ...security.query];
  const headers: Record<string, string> = {};
  for (const d of draft.params) if (d.param.in === 'header') headers[d.param.name.toLowerCase()] = simple(d.value, d.param.explode ?? false);
  Object.assign(headers, security.headers);
  const cookies = [...draft.params.filter((d) => d.param.in === 'cookie').map((d): [string, string] => [d.param.name, simple(d.value, false)]), ...security.cookies];
  if (cookies.length > 0) headers.cookie = cookies.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('; ');

  const url = query.length === 0 ? path : `${path}?${query.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&')}`;
  // Not followed: a documented 302 is the operation's answer, and is what the checks must see.
  const spec: HttpRequestSpec = { method: op.method as HttpRequestSpec['method'], url, headers, followRedirects: false };
  if (draft.body) setBody(spec, headers, draft.body);
  return spec;
}
