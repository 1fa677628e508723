// A forward proxy on 127.0.0.1 that a browser context under an egress policy sends everything through: plain
// http requests are forwarded, https and WebSocket connections tunnelled (CONNECT), each only to addresses
// the policy allows, resolved here (the browser's own DNS answer is never used, so rebinding gains nothing).
// Redirects, subresources, workers and WebSockets all pass here, which Playwright's routes do not all see.
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { egressRefusal, guardedLookup, refusedLiteral } from '../../util/net-guard.js';
import type { NetPolicy } from '../../util/net-policy.js';

export interface EgressProxy {
  /** `http://127.0.0.1:PORT`, for the context's `proxy.server`. */
  url: string;
  close(): Promise<void>;
}

// Per connection, not end to end: never forwarded (RFC 9110 §7.6.1), plus the proxy's own.
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'proxy-authorization', 'proxy-authenticate', 'te', 'trailer', 'upgrade']);

function endToEnd(raw: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < raw.length; i += 2) if (!HOP_BY_HOP.has(raw[i].toLowerCase())) out.push(raw[i], raw[i + 1]);
  return out;
}

/** `host:port` of a CONNECT, IPv6 in brackets or not. */
function splitAuthority(authority: string): { host: string; port: number } | undefined {
  const m = /^\[([^\]]+)\]:(\d+)$/.exec(authority) ?? /^([^:]+):(\d+)$/.exec(authority);
  return m ? { host: m[1], port: Number(m[2]) } : undefined;
}

/**
 * Starts the proxy. `onRefused` hears each refusal with what was asked and why (the test records it);
 * the browser gets a 403 whose body is the reason.
 */
export async function startEgressProxy(policy: NetPolicy, onRefused: (target: string, reason: string) => void): Promise<EgressProxy> {
  const lookup = guardedLookup(policy);
  const agent = new http.Agent({ keepAlive: true });
  const sockets = new Set<net.Socket>();

  const refuse = (target: string, e: unknown): string | undefined => {
    const refused = egressRefusal(e);
    if (!refused) return undefined;
    onRefused(target, refused.message);
    return refused.message;
  };

  const server = http.createServer((req, res) => {
    let url: URL;
    try {
      url = new URL(req.url ?? '');
      if (url.protocol !== 'http:') throw new Error('not http');
    } catch {
      res.writeHead(400, { 'content-type': 'text/plain' }).end('aitest egress proxy: only absolute http:// URLs are forwarded');
      return;
    }
    const fail = (e: unknown): void => {
      const reason = refuse(url.href, e);
      if (res.headersSent) {
        res.destroy();
        return;
      }
      res.writeHead(reason ? 403 : 502, { 'content-type': 'text/plain; charset=utf-8' }).end(reason ?? `aitest egress proxy: ${(e as Error).message}`);
    };
    const literal = refusedLiteral(policy, url.hostname);
    if (literal) return fail(literal);
    const headers = endToEnd(req.rawHeaders);
    const upstream = http.request({
      host: url.hostname.replace(/^\[(.*)\]$/, '$1'), port: url.port || 80, path: url.pathname + url.search, method: req.method, headers, agent, lookup,
    }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.statusMessage, endToEnd(up.rawHeaders));
      up.pipe(res);
      up.once('error', () => res.destroy());
    });
    upstream.once('error', fail);
    req.pipe(upstream);
    res.once('close', () => upstream.destroy());
  });

  server.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    sockets.add(client);
    client.once('close', () => sockets.delete(client));
    client.on('error', () => client.destroy());
    const target = splitAuthority(req.url ?? '');
    const answer = (status: string, body = ''): void => {
      client.end(`HTTP/1.1 ${status}\r\ncontent-type: text/plain; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    };
    if (!target) return answer('400 Bad Request');
    const literal = refusedLiteral(policy, target.host);
    if (literal) return answer('403 Forbidden', refuse(req.url!, literal));
    const upstream = net.connect({ host: target.host, port: target.port, lookup });
    sockets.add(upstream);
    upstream.once('close', () => sockets.delete(upstream));
    let tunnelled = false;
    upstream.once('connect', () => {
      tunnelled = true;
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.once('error', (e) => {
      if (!tunnelled) {
        const reason = refuse(req.url!, e);
        return answer(reason ? '403 Forbidden' : '502 Bad Gateway', reason ?? '');
      }
      client.destroy();
    });
    client.once('close', () => upstream.destroy());
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.closeAllConnections();
      agent.destroy();
      server.close(() => resolve());
    }),
  };
}
