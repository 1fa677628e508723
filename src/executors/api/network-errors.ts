// Words for why a request got no response: refused, DNS, reset, timeout — an AitestError with a hint.
import { AitestError } from '../../errors.js';
import { egressRefusal } from '../../util/net-guard.js';
import type { PreparedRequest } from './request.js';

interface ErrorLike {
  name?: string;
  code?: string;
  message?: string;
  cause?: unknown;
  errors?: unknown[];
}

/** The first system/undici error code on the error, its cause, or (for happy-eyeballs) its AggregateError members. */
export function codeOf(e: unknown, depth = 0): string | undefined {
  if (depth > 4 || e === null || typeof e !== 'object') return undefined;
  const err = e as ErrorLike;
  if (err.name === 'TimeoutError') return 'TIMEOUT';
  if (typeof err.code === 'string' && err.code !== '') return err.code;
  for (const inner of err.errors ?? []) {
    const c = codeOf(inner, depth + 1);
    if (c) return c;
  }
  return codeOf(err.cause, depth + 1);
}

const START_SERVER_HINT = 'Is the server running? Start it first, or let aitest start it with `webServer` in the plan.';

const describers: Record<string, (r: PreparedRequest) => [message: string, hint: string]> = {
  ECONNREFUSED: (r) => [`could not connect to ${r.url}: connection refused`, START_SERVER_HINT],
  ENOTFOUND: (r) => [`could not resolve host ${new URL(r.origin).hostname} (${r.method} ${r.url}): DNS lookup failed`, 'Check the host name in `baseUrl` or the request url.'],
  EAI_AGAIN: (r) => [`could not resolve host ${new URL(r.origin).hostname} (${r.method} ${r.url}): DNS lookup timed out`, 'Check the network and the host name in `baseUrl`.'],
  ECONNRESET: (r) => [`${r.method} ${r.url}: the server closed the connection before responding (connection reset)`, 'Did the server crash or restart? Check its log.'],
  UND_ERR_SOCKET: (r) => [`${r.method} ${r.url}: the server closed the connection before responding (socket closed)`, 'Did the server crash or restart? Check its log.'],
  EPIPE: (r) => [`${r.method} ${r.url}: the connection broke while sending the request`, 'Did the server crash or restart? Check its log.'],
  EHOSTUNREACH: (r) => [`could not connect to ${r.url}: host unreachable`, 'Check the network and the host in `baseUrl`.'],
  ENETUNREACH: (r) => [`could not connect to ${r.url}: network unreachable`, 'Check the network and the host in `baseUrl`.'],
  ETIMEDOUT: (r) => [`could not connect to ${r.url}: connection timed out`, START_SERVER_HINT],
  UND_ERR_CONNECT_TIMEOUT: (r) => [`could not connect to ${r.url}: connection timed out`, START_SERVER_HINT],
  TIMEOUT: (r) => [`${r.method} ${r.url} timed out after ${r.timeoutMs ?? '?'}ms without a complete response`, 'Raise the request `timeout`, or check why the server is slow.'],
  UND_ERR_HEADERS_TIMEOUT: (r) => [`${r.method} ${r.url} timed out waiting for the response headers`, 'Raise the request `timeout`, or check why the server is slow.'],
  UND_ERR_BODY_TIMEOUT: (r) => [`${r.method} ${r.url} timed out while reading the response body`, 'Raise the request `timeout`, or check why the server is slow.'],
  UND_ERR_RES_CONTENT_LENGTH_MISMATCH: (r) => [`${r.method} ${r.url}: the response body was shorter or longer than its content-length`, 'The server sent a broken response; check its log.'],
};

/** An AitestError (→ test status `error`) describing why `request` got no response. */
export function describeNetworkError(e: unknown, request: PreparedRequest): AitestError {
  const refused = egressRefusal(e);
  if (refused) {
    return new AitestError('INFRA', `${request.method} ${request.url} was not sent: ${refused.message}`, {
      hint: 'This worker (`aitest worker --deny-net/--allow-net`) may not connect there; run the test locally, or on a worker allowed to reach it.',
      cause: e,
    });
  }
  const code = codeOf(e);
  const describe = code ? describers[code] : undefined;
  if (describe) {
    const [message, hint] = describe(request);
    return new AitestError('INFRA', message, { hint, cause: e });
  }
  const detail = e instanceof Error ? e.message : String(e);
  return new AitestError('INFRA', `${request.method} ${request.url} failed: ${detail}${code ? ` (${code})` : ''}`, { cause: e });
}
