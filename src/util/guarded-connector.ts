// undici's connector under a worker's egress policy. Apart from net-guard.ts so that what only words or
// checks refusals (websocket, browser proxy, judge) does not load undici.
import { buildConnector } from 'undici';
import { guardedLookup, refusedLiteral } from './net-guard.js';
import type { NetPolicy } from './net-policy.js';

/**
 * undici's `connect` option under `policy`: literals checked as they are, names through `guardedLookup`.
 * TLS keeps the request's host as its servername: only the address it connects to is chosen here.
 */
export function guardedConnector(policy: NetPolicy, options: buildConnector.BuildOptions = {}): buildConnector.connector {
  const base = buildConnector({ ...options, lookup: guardedLookup(policy) } as buildConnector.BuildOptions);
  return (opts, callback) => {
    const refused = refusedLiteral(policy, opts.hostname);
    if (refused) {
      // Later, as a failed connect would be: undici is still inside its resume loop when it asks.
      process.nextTick(callback, refused, null);
      return;
    }
    base(opts, callback);
  };
}
