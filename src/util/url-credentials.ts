// Passwords inside URLs (`scheme://user:password@host`): finding them, and hiding them in any text.
import { REDACTED } from './sensitive.js';

// Any scheme (http, ws, redis, postgres…), a user name without `:`/`@`, then the password up to the last
// `@` of the authority (an unencoded `@` in a password is taken as a URL parser takes it). Quotes, angle
// brackets and backslashes end it, so a URL inside JSON or HTML stops where its string does.
const CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/)([^\s/?#@:"'<>\\]*):([^\s/?#"'<>\\]*)@/gi;

/** `text` with the password of every URL in it replaced: `http://user:[REDACTED]@host/…`. */
export function stripUrlCredentials(text: string): string {
  // Most text holds no URL with a password: two scans for plain characters decide that cheaply.
  if (!text.includes('@') || !text.includes('://')) return text;
  return text.replace(CREDENTIALS, (whole, scheme: string, user: string, password: string) => (password === '' || password === REDACTED ? whole : `${scheme}${user}:${REDACTED}@`));
}

/** The password (decoded) and the `user:password` pair of each URL in `text`, for registering as secrets. */
function urlCredentialsIn(text: string): string[] {
  if (!text.includes('@') || !text.includes('://')) return [];
  const found: string[] = [];
  for (const m of text.matchAll(CREDENTIALS)) {
    const user = decode(m[2]!);
    const password = decode(m[3]!);
    if (password === '' || password === REDACTED) continue;
    found.push(password, `${user}:${password}`);
    // The raw form too, when it was written percent-encoded.
    if (m[3] !== password) found.push(m[3]!);
  }
  return found;
}

/** Every URL password inside strings of `value` (walked through arrays and plain objects). */
export function urlCredentialsWithin(value: unknown, into: string[] = []): string[] {
  if (typeof value === 'string') {
    into.push(...urlCredentialsIn(value));
  } else if (Array.isArray(value)) {
    for (const v of value) urlCredentialsWithin(v, into);
  } else if (value !== null && typeof value === 'object' && !(value instanceof Uint8Array)) {
    for (const v of Object.values(value)) urlCredentialsWithin(v, into);
  }
  return into;
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** `value` with URL passwords hidden in all its strings; the same object when none held one. */
export function stripUrlCredentialsWithin<T>(value: T): T {
  if (typeof value === 'string') return stripUrlCredentials(value) as T;
  if (Array.isArray(value)) {
    const next = value.map((v) => stripUrlCredentialsWithin(v));
    return (next.some((v, i) => v !== value[i]) ? next : value) as T;
  }
  if (value instanceof Error) {
    const message = stripUrlCredentials(value.message);
    const stack = value.stack === undefined ? undefined : stripUrlCredentials(value.stack);
    // As pino would write it, without the password.
    return (message === value.message && stack === value.stack ? value : { type: value.name, message, stack }) as T;
  }
  if (value !== null && typeof value === 'object' && !(value instanceof Uint8Array)) {
    let changed = false;
    const next: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      next[k] = stripUrlCredentialsWithin(v);
      if (next[k] !== v) changed = true;
    }
    return (changed ? next : value) as T;
  }
  return value;
}
