// A contract spec (or a $ref) at an http(s) URL on a remote worker is fetched under its egress policy: a
// refused address is never contacted, a redirect to one neither, and the error says why.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { guardedHttpResolver } from '../../../src/executors/contract/spec-fetch.js';
import { createNetPolicy } from '../../../src/util/net-policy.js';

const SPEC = '{"openapi":"3.0.3","info":{"title":"t","version":"1"},"paths":{}}';
let server: http.Server;
let base: string;
const hits: string[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    hits.push(req.url ?? '');
    if (req.url === '/spec.json') return res.writeHead(200, { 'content-type': 'application/json' }).end(SPEC);
    if (req.url === '/moved') return res.writeHead(302, { location: '/spec.json' }).end();
    if (req.url === '/to-metadata') return res.writeHead(302, { location: 'http://169.254.169.254/openapi.json' }).end();
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((r) => server.close(r)));

const read = (url: string, allowOrDeny: { allow?: string[]; deny?: string[] }) =>
  guardedHttpResolver(createNetPolicy(allowOrDeny)).read.call({}, { url }).then((b) => b.toString(), (e: Error) => new Error(e.message));

it('a refused address is never contacted, by address or by name', async () => {
  expect(await read(`${base}/spec.json`, { deny: ['127.0.0.1/32'] })).toEqual(new Error("127.0.0.1 is refused by this worker's egress policy (--deny-net 127.0.0.1/32)"));
  expect(await read(`${base.replace('127.0.0.1', 'localhost')}/spec.json`, { deny: ['127.0.0.1/32'] })).toEqual(new Error("localhost resolves to 127.0.0.1: 127.0.0.1 is refused by this worker's egress policy (--deny-net 127.0.0.1/32)"));
  expect(hits).toEqual([]);
});

it('an allowed one is read, redirects followed; a redirect to a refused address stops there', async () => {
  expect(await read(`${base}/moved`, { allow: ['127.0.0.1/32'] })).toBe(SPEC);
  expect(await read(`${base}/to-metadata`, { allow: ['127.0.0.1/32', '169.254.0.0/16'] })).toEqual(new Error("169.254.169.254 is refused by this worker's egress policy (link-local and cloud metadata addresses)"));
  expect(hits).toEqual(['/moved', '/spec.json', '/to-metadata']);
});

it('loadContract fetches a URL spec under the policy it is given: the error names the spec and the reason', async () => {
  const { loadContract } = await import('../../../src/executors/contract/load-spec.js');
  // An address swagger-parser's own literal check lets through (TEST-NET-3), refused by the worker's flags.
  const url = 'http://203.0.113.7/openapi.json';
  const err = await loadContract(url, url, { net: createNetPolicy({ deny: ['203.0.113.0/24'] }) }).then(() => undefined, (e: Error) => e);
  expect(err?.message).toBe(`cannot read the contract spec ${url}: Error downloading ${url}: 203.0.113.7 is refused by this worker's egress policy (--deny-net 203.0.113.0/24)`);
});
