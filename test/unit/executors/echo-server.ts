// A tiny server for the executor tests: echoes requests back, and misbehaves on purpose (resets, bad JSON,
// redirects of any status, a redirect loop).
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface EchoServer {
  url: string;
  close(): Promise<void>;
}

export async function startEchoServer(): Promise<EchoServer> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.url === '/reset') return req.socket.destroy();
      // /to?status=303&location=URL answers with that redirect; /loop redirects to itself forever.
      const url = new URL(req.url ?? '/', 'http://x');
      if (url.pathname === '/to' || url.pathname === '/loop') {
        res.writeHead(Number(url.searchParams.get('status') ?? 302), { location: url.searchParams.get('location') ?? '/loop' });
        return res.end();
      }
      if (req.url === '/html') {
        res.writeHead(200, { 'content-type': 'text/html' });
        return res.end('<!doctype html><html><body>Maintenance</body></html>');
      }
      if (req.url === '/broken-json') {
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end('{"id": 1,');
      }
      res.writeHead(200, { 'content-type': 'application/json', 'set-cookie': ['a=1', 'b=2'] });
      res.end(JSON.stringify({ method: req.method, url: req.url, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}
