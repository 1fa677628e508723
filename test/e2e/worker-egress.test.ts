// The egress policy of `aitest worker` on a real cluster (Redis, `aitest serve`, workers of the built CLI):
// by default the metadata service is refused; `--deny-net` refuses a local server to api, WebSocket, load and
// browser tests that pass when the same plan runs locally; `--allow-net` refuses what it does not list.
// A refusal is a failed test that says why, before any connection is made.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { runCliProcess, tempDir } from '../helpers/cli.js';
import { ADMIN, TOKENS, useCluster } from '../helpers/cluster.js';
import { readReport, testNamed } from '../helpers/report.js';
import { useRedis } from '../helpers/redis.js';

const r = useRedis();
const REFUSED = "is refused by this worker's egress policy";

const processes = useCluster();
let port: number;
let server: http.Server;
let wss: WebSocketServer;
/** What reached the local server: http requests by path, and WebSocket connections. */
const seen = { requests: [] as string[], sockets: 0 };

/** An orchestrator and one worker started with `workerArgs`, on a Redis database of their own; the orchestrator's URL. */
async function cluster(db: number, workerArgs: string[]): Promise<string> {
  const cwd = tempDir();
  const redis = `${r.redis.url}/${db}`;
  const { url } = await processes.serve({ cwd, redis, tokens: TOKENS });
  await processes.worker({ cwd, redis, args: workerArgs });
  return url;
}

let defaultPolicy: string;
let denyLocal: string;
let allowLocal: string;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    seen.requests.push(req.url ?? '');
    if (req.url === '/ok') return res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>home</title><h1>hello</h1>');
  });
  wss = new WebSocketServer({ server });
  wss.on('connection', (socket) => {
    seen.sockets++;
    socket.on('message', (m) => socket.send(String(m)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  [defaultPolicy, denyLocal, allowLocal] = await Promise.all([
    cluster(1, []),
    cluster(2, ['--deny-net', '127.0.0.1/32']),
    cluster(3, ['--allow-net', '127.0.0.1/32']),
  ]);
}, 90_000);

afterAll(async () => {
  wss?.close();
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
});

const runRemote = (cwd: string, url: string) =>
  runCliProcess(['run', 'plan.yaml', '--remote', url, '--token', ADMIN, '--db', 'remote.db', '--reporter', 'json:remote.json'], { cwd });

it('by default a worker refuses the cloud metadata address: the test fails with the reason, no connection attempted', async () => {
  const dir = tempDir({
    'plan.yaml': `name: metadata
tests:
  - name: steal credentials
    type: api
    request: { url: "http://169.254.169.254/latest/meta-data/", timeout: 20s }
    expect: { status: 200 }
`,
  });
  const remote = await runRemote(dir, defaultPolicy);
  expect(remote.code, remote.stderr).toBe(1);
  const t = testNamed(readReport(dir, 'remote.json'), 'steal credentials');
  expect(t.status).toBe('error');
  expect(t.error).toBe(`GET http://169.254.169.254/latest/meta-data/ was not sent: 169.254.169.254 ${REFUSED} (link-local and cloud metadata addresses)`);
  expect(t.errorHint).toContain('--deny-net');
}, 90_000);

it('--deny-net 127.0.0.1/32 refuses a local server to api, WebSocket, browser and load tests, by address and by name; locally the same plan passes', async () => {
  const dir = tempDir({
    'plan.yaml': `name: local server
baseUrl: http://127.0.0.1:${port}
tests:
  - name: api by address
    type: api
    request: { url: /ok }
    expect: { status: 200, json: { ok: true } }
  - name: api by name
    type: api
    request: { url: "http://localhost:${port}/ok" }
    expect: { status: 200 }
  - name: websocket
    type: websocket
    url: ws://127.0.0.1:${port}/echo
    steps:
      - send: { text: ping }
      - expect: { text: ping, within: 10s }
  - name: browser
    type: ui
    url: /
    steps:
      - expect: { selector: h1, text: hello }
  - name: load
    type: load
    vus: 2
    iterations: 20
    scenario:
      - request: { url: /ok }
        expect: { status: 200 }
`,
  });
  const local = await runCliProcess(['run', 'plan.yaml', '--reporter', 'json:local.json', '--db', 'local.db'], { cwd: dir });
  expect(local.code, local.stdout + local.stderr).toBe(0);
  const before = { requests: seen.requests.length, sockets: seen.sockets };

  const remote = await runRemote(dir, denyLocal);
  expect(remote.code, remote.stderr).toBe(1);
  const tests = readReport(dir, 'remote.json');
  const why = `127.0.0.1 ${REFUSED} (--deny-net 127.0.0.1/32)`;
  expect(testNamed(tests, 'api by address')).toMatchObject({ status: 'error', error: `GET http://127.0.0.1:${port}/ok was not sent: ${why}` });
  expect(testNamed(tests, 'api by name')).toMatchObject({ status: 'error', error: `GET http://localhost:${port}/ok was not sent: localhost resolves to 127.0.0.1: ${why}` });
  expect(testNamed(tests, 'websocket')).toMatchObject({ status: 'error', error: `GET ws://127.0.0.1:${port}/echo was not sent: ${why}` });
  const browser = testNamed(tests, 'browser');
  expect(browser.status).not.toBe('passed');
  expect(browser.checks).toContainEqual(expect.objectContaining({ name: 'egress policy', ok: false, message: `the browser's request to http://127.0.0.1:${port}/ was not sent: ${why}` }));
  expect(testNamed(tests, 'load')).toMatchObject({ status: 'error', error: `the load test was not started: http://127.0.0.1:${port}: ${why}` });
  // Nothing of the remote run reached the server.
  expect({ requests: seen.requests.length, sockets: seen.sockets }).toEqual(before);
}, 120_000);

it('--allow-net 127.0.0.1/32 lets the local server through and refuses any other address, a name resolving elsewhere included', async () => {
  const dir = tempDir({
    'plan.yaml': `name: allowed
tests:
  - name: allowed address
    type: api
    request: { url: "http://127.0.0.1:${port}/ok" }
    expect: { status: 200 }
  - name: allowed name
    type: api
    request: { url: "http://localhost:${port}/ok" }
    expect: { status: 200 }
  - name: another loopback address
    type: api
    request: { url: "http://127.0.0.2:${port}/ok", timeout: 20s }
    expect: { status: 200 }
  - name: ipv6 loopback
    type: websocket
    url: ws://[::1]:${port}/echo
    steps:
      - send: { text: ping }
`,
  });
  const remote = await runRemote(dir, allowLocal);
  expect(remote.code, remote.stderr).toBe(1);
  const tests = readReport(dir, 'remote.json');
  expect(testNamed(tests, 'allowed address').status).toBe('passed');
  expect(testNamed(tests, 'allowed name').status).toBe('passed');
  expect(testNamed(tests, 'another loopback address')).toMatchObject({
    status: 'error', error: `GET http://127.0.0.2:${port}/ok was not sent: 127.0.0.2 ${REFUSED} (not in --allow-net 127.0.0.1/32)`,
  });
  expect(testNamed(tests, 'ipv6 loopback')).toMatchObject({ status: 'error', error: `GET ws://[::1]:${port}/echo was not sent: ::1 ${REFUSED} (not in --allow-net 127.0.0.1/32)` });
}, 90_000);

it('a worker given a range that is not one stops at once with a usage error and a hint', async () => {
  const res = await runCliProcess(['worker', '--redis', r.redis.url, '--deny-net', '10.0.0.0/33'], { cwd: tempDir() });
  expect(res.code).toBe(2);
  expect(res.stderr).toContain('--deny-net "10.0.0.0/33" is not an IP address or CIDR range');
  expect(res.stderr).toContain('10.0.0.0/8');
}, 30_000);
