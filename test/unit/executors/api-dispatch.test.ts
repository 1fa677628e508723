import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../../src/executors/api/dispatch.js';
import { AttemptAbort } from '../../../src/util/attempt-abort.js';
import { Agent } from 'undici';

// The exchange the api executor sends every request through: undici's dispatcher with a collecting handler.
let server: http.Server;
let origin: string;
const agent = new Agent();

beforeAll(async () => {
  server = http.createServer((req, res) => {
    if (req.url === '/bom') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"é":"ü"}')]));
    } else if (req.url === '/cookies') {
      res.setHeader('Set-Cookie', ['a=1', 'b=2']);
      res.setHeader('X-Trace', 'abc');
      res.end('');
    } else if (req.url === '/big') {
      // Many chunks, split in the middle of multi-byte characters.
      res.writeHead(200);
      const text = 'ü'.repeat(100_000);
      const buf = Buffer.from(text);
      for (let i = 0; i < buf.length; i += 4095) res.write(buf.subarray(i, i + 4095));
      res.end();
    } else if (req.url === '/hints') {
      res.writeEarlyHints({ link: '</style.css>; rel=preload; as=style' });
      setTimeout(() => res.end('after hints'), 10);
    } else if (req.url === '/echo') {
      let body = '';
      req.on('data', (d) => (body += d));
      req.on('end', () => res.end(`${req.method} ${req.headers['x-test']} ${body}`));
    } else if (req.url === '/hang') {
      // Never answers.
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await agent.destroy();
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

const get = (path: string, abort = new AttemptAbort()) => dispatch(agent, { origin, path, method: 'GET', headers: {} }, abort);

describe('dispatch', () => {
  it('reads a body as UTF-8 text without its byte order mark', async () => {
    const res = await get('/bom');
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ é: 'ü' });
  });

  it('reads a body sent in many chunks whole, characters cut between chunks included', async () => {
    const res = await get('/big');
    expect(res.body).toBe('ü'.repeat(100_000));
  });

  it('gives headers as undici parses them: lower-case names, repeated ones as a list', async () => {
    const res = await get('/cookies');
    expect(res.headers['x-trace']).toBe('abc');
    expect(res.headers['set-cookie']).toEqual(['a=1', 'b=2']);
  });

  it('skips 1xx informational responses and returns the final one', async () => {
    const res = await get('/hints');
    expect(res.status).toBe(200);
    expect(res.body).toBe('after hints');
  });

  it('sends method, headers and body', async () => {
    const res = await dispatch(agent, { origin, path: '/echo', method: 'POST', headers: { 'x-test': 'yes' }, body: 'payload' }, new AttemptAbort());
    expect(res.body).toBe('POST yes payload');
  });

  it('rejects with the abort reason when aborted mid-request, and at once when aborted before', async () => {
    const abort = new AttemptAbort();
    const pending = get('/hang', abort);
    setTimeout(() => abort.abort(new Error('stop now')), 20);
    await expect(pending).rejects.toThrow('stop now');
    await expect(get('/bom', abort)).rejects.toThrow('stop now');
  });
});
