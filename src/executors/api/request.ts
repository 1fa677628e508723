// Turns a resolved request spec into what undici sends: origin + path, merged headers, body, auth.
import type { Dispatcher } from 'undici';
import { AitestError } from '../../errors.js';
import { parseDuration } from '../../plan/duration.js';
import type { HttpRequestSpec } from '../../plan/types.js';
import { isSensitiveHeader } from '../../util/sensitive.js';

export interface PreparedRequest {
  method: Dispatcher.HttpMethod;
  origin: string;
  /** Path and query, e.g. `/api/users?limit=2`. */
  path: string;
  /** The full URL, for messages. */
  url: string;
  headers: Record<string, string>;
  body?: string;
  timeoutMs?: number;
  followRedirects: boolean;
  /** Header values and credentials that must be redacted from everything recorded. */
  secrets: string[];
}

const ABSOLUTE = /^[a-z][a-z\d+.-]*:\/\//i;
const USER_AGENT = 'aitest';

/**
 * A relative `url` is appended to `baseUrl` (`http://h/api` + `/users` → `http://h/api/users`), as
 * axios and supertest do: a base path is part of the base, not something `/users` replaces.
 */
export function resolveUrl(url: string, baseUrl: string | undefined): URL {
  let full = url;
  if (!ABSOLUTE.test(url)) {
    if (!baseUrl) {
      throw new AitestError('PLAN_INVALID', `request url "${url}" is relative but the plan has no baseUrl`, {
        hint: 'Set `baseUrl: http://127.0.0.1:PORT` at the top of the plan, or write an absolute URL.',
      });
    }
    const base = baseUrl.endsWith('/') ? baseUrl.slice(0, -1) : baseUrl;
    full = url === '' || url.startsWith('?') ? base + url : url.startsWith('/') ? base + url : `${base}/${url}`;
  }
  let parsed: URL;
  try {
    parsed = new URL(full);
  } catch {
    throw new AitestError('PLAN_INVALID', `invalid request url "${full}"`, { hint: 'Write an absolute http(s) URL or a path such as `/api/users`.' });
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new AitestError('PLAN_INVALID', `unsupported url scheme in "${full}"`, { hint: 'api tests speak http:// and https:// only.' });
  }
  return parsed;
}

/** Lower-cased headers: defaults first, then the request's own, so a request overrides a default in any casing. */
function mergeHeaders(defaults: Record<string, string>, own: Record<string, string> | undefined, secrets: string[]): Record<string, string> {
  const headers: Record<string, string> = { 'user-agent': USER_AGENT };
  for (const source of [defaults, own]) {
    if (!source) continue;
    for (const name in source) {
      const value = String(source[name]);
      const key = name.toLowerCase();
      headers[key] = value;
      if (isSensitiveHeader(key)) secrets.push(value);
    }
  }
  return headers;
}

function setBody(spec: HttpRequestSpec, headers: Record<string, string>): string | undefined {
  const given = (spec.json !== undefined ? 1 : 0) + (spec.form !== undefined ? 1 : 0) + (spec.body !== undefined ? 1 : 0);
  if (given > 1) throw new AitestError('PLAN_INVALID', 'a request has more than one body: use one of `json`, `form` or `body`');
  if (spec.json !== undefined) {
    headers['content-type'] ??= 'application/json';
    return JSON.stringify(spec.json);
  }
  if (spec.form !== undefined) {
    headers['content-type'] ??= 'application/x-www-form-urlencoded';
    const form = new URLSearchParams();
    for (const [k, v] of Object.entries(spec.form)) form.append(k, String(v));
    return form.toString();
  }
  return spec.body;
}

function setAuth(auth: HttpRequestSpec['auth'], headers: Record<string, string>, secrets: string[]): void {
  if (!auth) return;
  if ('bearer' in auth) {
    headers.authorization = `Bearer ${auth.bearer}`;
    secrets.push(auth.bearer, headers.authorization);
  } else {
    const encoded = Buffer.from(`${auth.basic.username}:${auth.basic.password}`).toString('base64');
    headers.authorization = `Basic ${encoded}`;
    secrets.push(auth.basic.password, encoded);
  }
}

interface Target {
  origin: string;
  path: string;
  href: string;
}

// Plans repeat the same few urls across many tests; parsing each once saves a URL per request.
// Bounded so urls made unique by templates (ids, faker) cannot grow it without end.
const targets = new Map<string, Target>();
const MAX_CACHED_TARGETS = 1000;

function targetOf(spec: HttpRequestSpec, baseUrl: string | undefined): Target {
  const key = spec.query ? undefined : `${baseUrl ?? ''}\u0000${spec.url}`;
  const hit = key === undefined ? undefined : targets.get(key);
  if (hit) return hit;
  const url = resolveUrl(spec.url, baseUrl);
  if (spec.query) for (const [k, v] of Object.entries(spec.query)) url.searchParams.append(k, String(v));
  const target = { origin: url.origin, path: url.pathname + url.search, href: url.href };
  if (key !== undefined) {
    if (targets.size >= MAX_CACHED_TARGETS) targets.clear();
    targets.set(key, target);
  }
  return target;
}

/** `spec` must already be resolved (no templates left); `defaultHeaders` likewise. */
export function prepareRequest(spec: HttpRequestSpec, baseUrl: string | undefined, defaultHeaders: Record<string, string>): PreparedRequest {
  const url = targetOf(spec, baseUrl);
  const secrets: string[] = [];
  const headers = mergeHeaders(defaultHeaders, spec.headers, secrets);
  const body = setBody(spec, headers);
  setAuth(spec.auth, headers, secrets);
  const prepared: PreparedRequest = {
    method: (spec.method ?? 'GET') as Dispatcher.HttpMethod,
    origin: url.origin,
    path: url.path,
    url: url.href,
    headers,
    followRedirects: spec.followRedirects ?? true,
    secrets,
  };
  if (body !== undefined) prepared.body = body;
  if (spec.timeout !== undefined) prepared.timeoutMs = parseDuration(spec.timeout);
  return prepared;
}
