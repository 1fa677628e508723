// Words for why a WebSocket did not open: refused, DNS, an upgrade answered with a status, a subprotocol
// mismatch. Network failures reuse the api executor's wording; the rest is WebSocket-specific.
import { AitestError } from '../../errors.js';
import { describeNetworkError } from '../api/network-errors.js';
import type { PreparedRequest } from '../api/request.js';

/** The HTTP answer a server gave instead of `101 Switching Protocols`. */
export interface RefusedUpgrade {
  status: number;
  statusText: string;
}

function statusHint(status: number): string {
  if (status === 404) return 'Check the path: the server has no WebSocket endpoint there.';
  if (status === 401 || status === 403) return 'The server refused the upgrade: check `headers` (tokens, cookies) and `protocols`.';
  if (status === 426 || status === 400) return 'The server did not accept this upgrade request; check the url and `protocols`.';
  return 'A WebSocket endpoint answers the upgrade with 101 Switching Protocols; check the url and the server log.';
}

/** The upgrade is a GET: network errors are described as for one, by the api executor's table. */
function upgradeRequest(url: URL): PreparedRequest {
  return { method: 'GET', origin: url.origin, path: url.pathname + url.search, url: url.href, headers: {}, followRedirects: false, secrets: [] };
}

/** An AitestError (→ test status `error`) saying why the connection to `url` did not open. */
export function describeConnectError(e: unknown, url: URL, refused: RefusedUpgrade | undefined): AitestError {
  if (refused) {
    return new AitestError('INFRA', `could not open a WebSocket to ${url.href}: the server answered the upgrade with ${refused.status} ${refused.statusText}`.trimEnd(), {
      hint: statusHint(refused.status),
      cause: e,
    });
  }
  if (e !== null && typeof e === 'object' && ('code' in e || 'errors' in e || 'cause' in e)) return describeNetworkError(e, upgradeRequest(url));
  const detail = e instanceof Error ? e.message : String(e);
  const hint = /subprotocol/i.test(detail)
    ? 'The server accepted none of the offered `protocols`, or picked one that was not offered.'
    : 'Check the url, and that the server speaks WebSocket there.';
  return new AitestError('INFRA', `could not open a WebSocket to ${url.href}: ${detail}`, { hint, cause: e });
}
