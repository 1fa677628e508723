// The response view every expectation, capture and `check` function reads: JSON parsed only when asked for.
import type { IncomingHttpHeaders } from 'node:http';
import type { HttpResponseView } from '../../plan/types.js';

function flattenHeaders(raw: IncomingHttpHeaders): Record<string, string> {
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

/**
 * A plain object (so a `check` function can spread or log it) whose `headers` and `json` are computed on
 * first read: most tests only look at the status, and parsing every body would be wasted work.
 */
export function createResponseView(res: { status: number; readonly headers: IncomingHttpHeaders; body: string }, durationMs: number): HttpResponseView {
  const { status, body } = res;
  let headers: Record<string, string> | undefined;
  let json: unknown;
  let parsed = false;
  return {
    status,
    body,
    durationMs,
    get headers() {
      return (headers ??= flattenHeaders(res.headers));
    },
    get json() {
      if (!parsed) {
        json = parseJson(body);
        parsed = true;
      }
      return json;
    },
  };
}
