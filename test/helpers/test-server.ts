// A small HTTP server on 127.0.0.1:0 with routes that misbehave on purpose (flaky, slow, failing).
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TestServer {
  url: string;
  hits: Map<string, number>;
  close(): Promise<void>;
}

export async function startTestServer(): Promise<TestServer> {
  const hits = new Map<string, number>();
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const n = (hits.get(url.pathname) ?? 0) + 1;
    hits.set(url.pathname, n);
    const send = (status: number, body: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (url.pathname === '/ok') return send(200, { ok: true });
    if (url.pathname === '/fail') return send(500, { ok: false });
    // Fails the first time each path is hit, passes afterwards.
    if (url.pathname.startsWith('/flaky/')) return send(n === 1 ? 500 : 200, { attempt: n });
    if (url.pathname === '/slow') {
      const t = setTimeout(() => send(200, { slow: true }), Number(url.searchParams.get('ms') ?? 1000));
      req.on('close', () => clearTimeout(t));
      return;
    }
    send(404, { error: 'not found' });
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    hits,
    close: () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}
