// Connections under an egress policy: a DNS lookup that hands the socket only checked addresses (undici's
// connector built on it is guarded-connector.ts). The socket connects to the very addresses that were
// checked, so a name that resolves to an allowed address once and a refused one the next time (DNS
// rebinding) gains nothing.
import dns from 'node:dns';
import net from 'node:net';
import type { NetPolicy } from './net-policy.js';

/** The code a refused connection's error carries, for whoever words network errors. */
export const EGRESS_REFUSED = 'EAITEST_EGRESS_REFUSED';

/** A connection the worker's egress policy refused; its message is the reason. */
export class EgressRefusedError extends Error {
  readonly code = EGRESS_REFUSED;
  constructor(reason: string) {
    super(reason);
    this.name = 'EgressRefusedError';
  }
}

/** The refusal behind `e` (its cause chain, or an AggregateError's members), if any. */
export function egressRefusal(e: unknown, depth = 0): EgressRefusedError | undefined {
  if (depth > 5 || e === null || typeof e !== 'object') return undefined;
  if (e instanceof EgressRefusedError || (e as { code?: unknown }).code === EGRESS_REFUSED) return e as EgressRefusedError;
  for (const inner of (e as { errors?: unknown[] }).errors ?? []) {
    const found = egressRefusal(inner, depth + 1);
    if (found) return found;
  }
  return egressRefusal((e as { cause?: unknown }).cause, depth + 1);
}

const unbracket = (host: string): string => (host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host);

/** Why a connection to `host` (an IP literal or a name) is refused before any lookup: only literals are known. */
export function refusedLiteral(policy: NetPolicy, host: string): EgressRefusedError | undefined {
  const h = unbracket(host);
  if (net.isIP(h) === 0) return undefined;
  const why = policy.refuses(h);
  return why === undefined ? undefined : new EgressRefusedError(why);
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | dns.LookupAddress[], family?: number) => void;
export type GuardedLookup = (hostname: string, options: dns.LookupOptions, callback: LookupCallback) => void;

/**
 * A `lookup` for net/tls/http options: resolves every address of the name and refuses the whole name when
 * any of them is refused (a name pointing at the metadata service is refused, whatever else it points at).
 */
export function guardedLookup(policy: NetPolicy): GuardedLookup {
  return (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, []);
      for (const a of addresses) {
        const why = policy.refuses(a.address);
        if (why !== undefined) return callback(new EgressRefusedError(`${hostname} resolves to ${a.address}: ${why}`), []);
      }
      if (addresses.length === 0) return callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }), []);
      if (options.all) callback(null, addresses);
      else callback(null, addresses[0].address, addresses[0].family);
    });
  };
}

/** Resolves `host` as a connection would and says why it is refused, or undefined when it may be reached. */
export function checkHost(policy: NetPolicy, host: string): Promise<EgressRefusedError | undefined> {
  const literal = refusedLiteral(policy, host);
  if (literal || net.isIP(unbracket(host)) !== 0) return Promise.resolve(literal);
  return new Promise((resolve) => {
    guardedLookup(policy)(host, { all: true }, (err) => resolve(err instanceof EgressRefusedError ? err : undefined));
  });
}
