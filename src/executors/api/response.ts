// The response view every expectation, capture and `check` function reads: JSON parsed only when asked for.
import type { IncomingHttpHeaders } from 'node:http';
import type { HttpResponseView } from '../../plan/types.js';

/** Headers as expectations read them: one string per name, a repeated header joined with ", ". */
export function flattenHeaders(raw: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name in raw) {
    const v = raw[name];
    // undici already lower-cases names; only set-cookie comes as a list.
    if (v !== undefined) out[name.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  }
  return out;
}

function parseJson(body: string): unknown {
  if (body.length === 0) return undefined;
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return undefined;
  }
}

// What a view computes on first read, kept on the view itself (not enumerable, so a spread copies the
// values, not this).
const LAZY = Symbol('lazy');

interface Lazy {
  res: { readonly headers: IncomingHttpHeaders };
  headers?: Record<string, string>;
  parsed: boolean;
  json?: unknown;
}
type View = HttpResponseView & { [LAZY]: Lazy };

// One pair of getters for every view. Getters written in an object literal would be closures made per
// response: V8 keeps a per-object accessor pair in the old generation, and that old, soon dead pair points
// at the young closure, so every young-generation collection kept the closure and all it reached (the
// request's promise, handler and test) until the next full collection: ~4 KB of each test promoted
// (10,000 requests: ~35 MB survived instead of ~5 MB).
const ACCESSORS: PropertyDescriptorMap = {
  headers: {
    enumerable: true,
    get(this: View) {
      const lazy = this[LAZY];
      return (lazy.headers ??= flattenHeaders(lazy.res.headers));
    },
  },
  json: {
    enumerable: true,
    get(this: View) {
      const lazy = this[LAZY];
      if (!lazy.parsed) {
        lazy.json = parseJson(this.body);
        lazy.parsed = true;
      }
      return lazy.json;
    },
  },
};

/**
 * A plain object (so a `check` function can spread or log it) whose `headers` and `json` are computed on
 * first read: most tests only look at the status, and parsing every body would be wasted work.
 */
export function createResponseView(res: { status: number; readonly headers: IncomingHttpHeaders; body: string }, durationMs: number): HttpResponseView {
  const view = { status: res.status, body: res.body, durationMs } as View;
  Object.defineProperty(view, LAZY, { value: { res, parsed: false } satisfies Lazy });
  return Object.defineProperties(view, ACCESSORS);
}
