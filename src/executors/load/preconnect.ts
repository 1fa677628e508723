// Connections opened before the clock starts. At a high arrival rate the first few hundred milliseconds
// otherwise go into TCP handshakes while iterations are already due: they pile up, VUs run out, and the
// run starts by dropping iterations it could have sent. wrk and autocannon connect first too. Only
// connections: no request reaches the server before the scenario's own.
import net from 'node:net';
import { buildConnector } from 'undici';
import { guardedConnector } from '../../util/guarded-connector.js';
import { guardedLookup, refusedLiteral } from '../../util/net-guard.js';
import type { NetPolicy } from '../../util/net-policy.js';

type Connector = buildConnector.connector;

const keyOf = (protocol: string, hostname: string, port: string): string => `${protocol}//${hostname}:${port}`;

export interface Preconnector {
  /** undici's `connect` option: hands out a ready socket for the origin while there is one, else connects. */
  connect: Connector;
  /** Opens `count` connections to `origin` (plain http only; TLS ones are left to the first requests). */
  open(origin: string, count: number): Promise<void>;
  /** Closes the ones never used. */
  close(): void;
}

/** Under a worker's egress `policy` (remote), every connection, spare or not, goes only where it allows. */
export function createPreconnector(policy?: NetPolicy): Preconnector {
  const base = policy ? guardedConnector(policy) : buildConnector({});
  const lookup: { lookup?: net.LookupFunction } = policy ? { lookup: guardedLookup(policy) } : {};
  const spare = new Map<string, net.Socket[]>();
  return {
    connect(options, callback) {
      const s = spare.get(keyOf(options.protocol, options.hostname, String(options.port ?? '')))?.pop();
      if (s && !s.destroyed) {
        // Later, as a real connect would: undici is still inside its resume loop when it asks.
        process.nextTick(callback, null, s);
        return;
      }
      base(options, callback);
    },
    async open(origin, count) {
      const url = new URL(origin);
      if (url.protocol !== 'http:' || count <= 0) return;
      // A refused address is the first request's error to report, as a refused connection is.
      if (policy && refusedLiteral(policy, url.hostname)) return;
      const key = keyOf(url.protocol, url.hostname, url.port);
      const opened = await Promise.all(Array.from({ length: count }, () => new Promise<net.Socket | undefined>((resolve) => {
        // The same buffer size undici's own connector asks for.
        const socket = net.connect({ host: url.hostname, port: Number(url.port || 80), readableHighWaterMark: 64 * 1024, ...lookup } as net.NetConnectOpts);
        socket.setNoDelay(true);
        socket.setKeepAlive(true, 60_000);
        socket.once('connect', () => resolve(socket));
        // A refused connection is the first request's error to report, not the warm-up's.
        socket.once('error', () => resolve(undefined));
      })));
      const list = spare.get(key) ?? [];
      for (const s of opened) if (s) list.push(s);
      spare.set(key, list);
    },
    close() {
      for (const list of spare.values()) for (const s of list) s.destroy();
      spare.clear();
    },
  };
}
