// Scrubs a Playwright trace (trace.zip) before it is kept: no secret, cookie or Authorization value in it.
//
// A trace holds `trace.trace` and `trace.network` (NDJSON: actions with their parameters, DOM snapshots,
// HAR-like request/response entries with headers and cookies), `trace.stacks` (JSON) and `resources/`
// (bodies, snapshot HTML, screenshots). Every header that carries credentials (Authorization, Cookie,
// Set-Cookie, API keys: util/sensitive.ts) and every cookie's value is blanked where it is named. Those
// values are also registered as the test's secrets, so their other appearances (a body echoing the token,
// `document.cookie` in a snapshot) and the test's own secrets are redacted in every text entry. Images
// (screenshots, screencast frames) are kept as they are: what a page shows cannot be scrubbed from pixels.
import { strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import { isSensitiveHeader, REDACTED } from '../../util/sensitive.js';

export interface TraceRedaction {
  /** Registers a value found in the trace (a cookie, a token) as a secret of the test. */
  secret(value: string): void;
  /** `text` with every secret of the test replaced. */
  redact(text: string): string;
}

// Cookie values this short ("1", "en") would redact ordinary text elsewhere; they are blanked where named.
const MIN_FOUND_SECRET = 6;
const utf8 = new TextDecoder('utf-8', { fatal: true });

type Parsed = { kind: 'lines'; lines: unknown[] } | { kind: 'json'; value: unknown } | { kind: 'text'; text: string } | { kind: 'binary' };

/** The trace with credentials removed; throws when `zip` is not a readable zip (the caller keeps nothing then). */
export function scrubTrace(zip: Uint8Array, r: TraceRedaction): Uint8Array {
  const entries = unzipSync(zip);
  const parsed = new Map<string, Parsed>();
  const found = new Set<string>();
  for (const [name, bytes] of Object.entries(entries)) {
    const p = parse(name, bytes);
    parsed.set(name, p);
    if (p.kind === 'lines') for (const l of p.lines) collect(l, undefined, found);
    else if (p.kind === 'json') collect(p.value, undefined, found);
  }
  for (const v of found) if (v.length >= MIN_FOUND_SECRET) r.secret(v);

  const out: Zippable = {};
  for (const [name, bytes] of Object.entries(entries)) {
    const p = parsed.get(name)!;
    switch (p.kind) {
      case 'lines':
        out[name] = strToU8(p.lines.map((l) => (typeof l === 'string' ? r.redact(l) : JSON.stringify(scrub(l, undefined, r)))).join('\n'));
        break;
      case 'json':
        out[name] = strToU8(JSON.stringify(scrub(p.value, undefined, r)));
        break;
      case 'text':
        out[name] = strToU8(r.redact(p.text));
        break;
      case 'binary':
        // Already compressed (JPEG, PNG): stored, not deflated again.
        out[name] = [bytes, { level: 0 }];
        break;
    }
  }
  return zipSync(out, { level: 6 });
}

function parse(name: string, bytes: Uint8Array): Parsed {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return { kind: 'binary' };
  }
  if (text.includes('\u0000')) return { kind: 'binary' };
  if (/\.(trace|network)$/.test(name)) {
    // A line that is not JSON is still text to redact.
    return { kind: 'lines', lines: text.split('\n').map((l) => (l.trim() === '' ? l : parseOr(l))) };
  }
  if (name.endsWith('.stacks')) {
    const value = parseOr(text);
    return typeof value === 'string' ? { kind: 'text', text } : { kind: 'json', value };
  }
  return { kind: 'text', text };
}

function parseOr(text: string): unknown {
  try {
    const v: unknown = JSON.parse(text);
    // A JSON string would come back unquoted: keep the line as text instead.
    return typeof v === 'string' ? text : v;
  } catch {
    return text;
  }
}

/** Whether the object at `key` is a `{ name, value }` whose value must go: a credential header or a cookie. */
function isCredentialPair(o: Record<string, unknown>, key: string | undefined): boolean {
  if (typeof o.value !== 'string') return false;
  return key === 'cookies' || (typeof o.name === 'string' && isSensitiveHeader(o.name));
}

/** Collects the secret parts of credential headers and cookies: the token, each cookie's value. */
function collect(v: unknown, key: string | undefined, found: Set<string>): void {
  if (Array.isArray(v)) {
    for (const x of v) collect(x, key, found);
    return;
  }
  if (v === null || typeof v !== 'object') return;
  const o = v as Record<string, unknown>;
  if (isCredentialPair(o, key)) {
    if (key === 'cookies') found.add(o.value as string);
    else for (const s of headerSecrets(o.name as string, o.value as string)) found.add(s);
  }
  for (const [k, x] of Object.entries(o)) {
    if (typeof x === 'string' && isSensitiveHeader(k)) for (const s of headerSecrets(k, x)) found.add(s);
    else collect(x, k, found);
  }
}

function headerSecrets(name: string, value: string): string[] {
  const lower = name.toLowerCase();
  if (lower === 'cookie') return value.split(';').map((c) => cookieValue(c)).filter((s) => s !== '');
  if (lower === 'set-cookie') return value.split('\n').map((c) => cookieValue(c.split(';')[0]!)).filter((s) => s !== '');
  const out = [value];
  // `Bearer TOKEN`, `Basic BASE64`: the credential after the scheme, and a Basic pair decoded.
  const m = /^\s*(\w+)\s+(\S+)\s*$/.exec(value);
  if (m) {
    out.push(m[2]!);
    if (m[1]!.toLowerCase() === 'basic') {
      const pair = Buffer.from(m[2]!, 'base64').toString('utf8');
      const colon = pair.indexOf(':');
      if (colon >= 0) out.push(pair, pair.slice(colon + 1));
    }
  }
  return out;
}

function cookieValue(pair: string): string {
  const eq = pair.indexOf('=');
  return eq < 0 ? '' : pair.slice(eq + 1).trim();
}

function scrub(v: unknown, key: string | undefined, r: TraceRedaction): unknown {
  if (typeof v === 'string') return r.redact(v);
  if (Array.isArray(v)) return v.map((x) => scrub(x, key, r));
  if (v === null || typeof v !== 'object') return v;
  const o = v as Record<string, unknown>;
  const pair = isCredentialPair(o, key);
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(o)) {
    if ((pair && k === 'value') || (typeof x === 'string' && isSensitiveHeader(k))) out[k] = REDACTED;
    else out[k] = scrub(x, k, r);
  }
  return out;
}
