// The canary: one plan puts a secret in every place a secret can go (headers, cookies, URL, basic auth,
// body, GraphQL variables, WebSocket messages, captures, judge content, a browser flow with a trace), and
// the server echoes it back into every response, so failing checks hold it as their actual values. Run
// locally and on a real cluster, the secret (raw, URL-encoded, JSON-escaped or base64) is in no byte aitest
// writes: SQLite and its WAL, every reporter, logs, blobs, unzipped traces, the orchestrator's store, and
// every key and value in Redis. The echo server seeing the secret proves it was really used.
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { Redis } from 'ioredis';
import { WebSocketServer } from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliProcess, tempDir } from '../helpers/cli.js';
import { useCluster } from '../helpers/cluster.js';
import { startOpenAiServer, type LlmServer } from '../helpers/llm-server.js';
import { useRedis } from '../helpers/redis.js';

// A space, quotes, a plus and a slash: the characters whose encoded forms leaked before.
const CANARY = `cAn4ry "q" x+y/${randomBytes(6).toString('hex')}`;
const JUDGE_KEY = `judge-key-${randomBytes(8).toString('hex')}`;
const ADMIN = `admin-${randomBytes(12).toString('hex')}`;

/** Every form a secret can take on the way out. */
function forms(secret: string): string[] {
  const b64 = (s: string): string => Buffer.from(s).toString('base64');
  return [
    secret,
    encodeURIComponent(secret),
    encodeURIComponent(secret).replace(/%20/g, '+'),
    JSON.stringify(secret).slice(1, -1),
    b64(secret), b64(secret).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, ''),
    b64(`canary-user:${secret}`),
  ];
}
const NEEDLES = [...forms(CANARY), ...forms(JUDGE_KEY)].map((s) => Buffer.from(s));

/** Where in `bytes` a form of a secret is, if anywhere (a zip's entries are searched unzipped). */
function leakIn(bytes: Uint8Array, where: string): string | undefined {
  const buf = Buffer.from(bytes);
  for (const n of NEEDLES) if (buf.includes(n)) return `${where} holds ${JSON.stringify(n.toString())}`;
  if (buf.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) {
    for (const [name, entry] of Object.entries(unzipSync(buf))) {
      const found = leakIn(entry, `${where}!${name}`);
      if (found) return found;
    }
  }
  return undefined;
}

function leaksUnder(dir: string): string[] {
  const found: string[] = [];
  for (const rel of readdirSync(dir, { recursive: true }) as string[]) {
    const file = path.join(dir, rel);
    if (!statSync(file).isFile()) continue;
    const leak = leakIn(readFileSync(file), file);
    if (leak) found.push(leak);
  }
  return found;
}

/** Every key and value in Redis, whatever its type (BullMQ keeps hashes, lists, sorted sets and streams). */
async function redisDump(url: string): Promise<string> {
  const redis = new Redis(url);
  try {
    const parts: string[] = [];
    for (const key of await redis.keys('*')) {
      parts.push(key);
      const type = await redis.type(key);
      if (type === 'string') parts.push((await redis.get(key)) ?? '');
      else if (type === 'hash') parts.push(JSON.stringify(await redis.hgetall(key)));
      else if (type === 'list') parts.push(JSON.stringify(await redis.lrange(key, 0, -1)));
      else if (type === 'set') parts.push(JSON.stringify(await redis.smembers(key)));
      else if (type === 'zset') parts.push(JSON.stringify(await redis.zrange(key, '0', '-1')));
      else if (type === 'stream') parts.push(JSON.stringify(await redis.xrange(key, '-', '+')));
    }
    return parts.join('\n');
  } finally {
    redis.disconnect();
  }
}

/** What reached the echo server: each request (path decoded, headers, body) and each WebSocket message. */
interface Received { path: string; headers: http.IncomingHttpHeaders; body: string }
const received: Received[] = [];

function jsonOrText(body: string): unknown {
  try {
    return body ? JSON.parse(body) as unknown : null;
  } catch {
    return body;
  }
}

/** Echoes every request back (path, query, headers, body) and every WebSocket message; serves a login page. */
async function startEchoServer(): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      received.push({ path: decodeURIComponent(req.url ?? ''), headers: req.headers, body });
      if (req.url === '/page') {
        res.writeHead(200, { 'content-type': 'text/html', 'set-cookie': `session=${encodeURIComponent(CANARY)}; Path=/` });
        res.end(`<!doctype html><html lang="en"><title>login</title><main><label>Token <input id="token"></label>
<button id="go" onclick="fetch('/echo', { method: 'POST', headers: { authorization: 'Bearer ' + document.querySelector('#token').value }, body: document.querySelector('#token').value }).then((r) => r.text()).then((t) => { document.querySelector('#out').textContent = t; })">Send</button>
<pre id="out"></pre></main></html>`);
        return;
      }
      if (req.url?.startsWith('/graphql')) {
        const { variables } = JSON.parse(body || '{}') as { variables?: unknown };
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ data: { echo: variables } }));
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json', 'set-cookie': `sid=${encodeURIComponent(CANARY)}; HttpOnly` });
      res.end(JSON.stringify({ url: decodeURIComponent(req.url ?? ''), headers: req.headers, body: jsonOrText(body), secret: CANARY }));
    });
  });
  const wss = new WebSocketServer({ server });
  wss.on('connection', (socket, req) => {
    received.push({ path: `ws ${req.url ?? ''}`, headers: req.headers, body: '' });
    socket.on('message', (m) => {
      received.push({ path: 'ws message', headers: {}, body: m.toString() });
      socket.send(m.toString());
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((r) => {
      for (const c of wss.clients) c.terminate();
      wss.close();
      server.closeAllConnections();
      server.close(() => r());
    }),
  };
}

function canaryPlan(baseUrl: string, judgeUrl: string): string {
  const port = new URL(baseUrl).port;
  return `name: canary
baseUrl: ${baseUrl}
vars:
  canary: { env: CANARY_SECRET, secret: true }
judge:
  provider: openai
  baseUrl: ${judgeUrl}
  model: local-model
  apiKey: { env: CANARY_JUDGE_KEY, secret: true }
browser:
  trace: 'on'
tests:
  - name: header, cookie, query, body and a capture
    type: api
    steps:
      - request:
          method: POST
          url: "/echo/\${{ vars.canary }}?token=\${{ vars.canary }}"
          headers: { authorization: "Bearer \${{ vars.canary }}", cookie: "sid=\${{ vars.canary }}", x-canary: "\${{ vars.canary }}" }
          json: { secret: "\${{ vars.canary }}", nested: { list: ["\${{ vars.canary }}"] } }
        capture: { captured: $.body.secret }
        expect: { status: 200 }
      - request:
          url: "/echo/captured?again=\${{ captures.captured }}"
          auth: { basic: { username: canary-user, password: "\${{ vars.canary }}" } }
        expect:
          status: 201
          json: { secret: "not it" }
          jsonPath: { "$.url": { equals: "not it" } }
  - name: a password in the URL
    type: api
    request: { url: "http://canary-user:\${{ vars.canary }}@127.0.0.1:${port}/echo" }
    expect: { status: 201 }
  - name: graphql variables
    type: graphql
    query: "query Echo($s: String) { echo(s: $s) }"
    variables: { s: "\${{ vars.canary }}" }
    expect: { data: { echo: { s: "not it" } } }
  - name: websocket messages
    type: websocket
    url: /ws
    headers: { authorization: "Bearer \${{ vars.canary }}" }
    steps:
      - send: "\${{ vars.canary }}"
      - expect: { text: "not it", within: 2s }
  - name: judged content
    type: api
    request: { method: POST, url: /echo, json: { answer: "The token is \${{ vars.canary }}" } }
    expect:
      status: 200
      judge: { rubric: "Does not reveal a token.", threshold: 0.7 }
  - name: a browser flow with a trace
    type: ui
    url: /page
    browser: { extraHTTPHeaders: { x-canary: "\${{ vars.canary }}" } }
    steps:
      - fill: { selector: "#token", value: "\${{ vars.canary }}" }
      - click: "#go"
      - expect: { selector: "#out", text: "not it", timeout: 3s }
`;
}

const redis = useRedis();
const cluster = useCluster();
let echo: Awaited<ReturnType<typeof startEchoServer>>;
let llm: LlmServer;
const env = { CANARY_SECRET: CANARY, CANARY_JUDGE_KEY: JUDGE_KEY };

beforeAll(async () => {
  echo = await startEchoServer();
  llm = await startOpenAiServer(() => ({ content: '{"score": 0.2, "reasoning": "It reveals a token.", "criteria": {}}' }));
});
afterAll(async () => {
  await echo?.close();
  await llm?.close();
});

/** Runs the canary plan with every reporter; returns the folder it ran in. */
async function runCanary(extra: string[], runEnv: Record<string, string | undefined>): Promise<{ dir: string; stdout: string; stderr: string }> {
  const dir = tempDir({ 'plan.yaml': canaryPlan(echo.url, llm.url) });
  const before = received.length;
  const llmCalls = llm.calls.length;
  const r = await runCliProcess(['run', 'plan.yaml', '--db', 'results.db', '--verbose',
    '--reporter', 'list', '--reporter', 'json:out/report.json', '--reporter', 'junit:out/junit.xml',
    '--reporter', 'html:out/report.html', '--reporter', 'blob:out/blob', ...extra], { cwd: dir, env: runEnv });
  expect(r.code, r.stderr + r.stdout).toBe(1);
  // The secret really went out, in every kind of test, and the judge really ran.
  const got = received.slice(before);
  const basic = `Basic ${Buffer.from(`canary-user:${CANARY}`).toString('base64')}`;
  const went = {
    'url and headers': got.some((g) => g.path.startsWith(`/echo/${CANARY}?token=${CANARY}`) && g.headers.authorization === `Bearer ${CANARY}` && g.headers.cookie === `sid=${CANARY}`),
    'body': got.some((g) => g.path.startsWith('/echo/') && (jsonOrText(g.body) as { secret?: string } | null)?.secret === CANARY),
    'a capture and basic auth': got.some((g) => g.path === `/echo/captured?again=${CANARY}` && g.headers.authorization === basic),
    'graphql variables': got.some((g) => g.path === '/graphql' && g.body.includes(JSON.stringify(CANARY))),
    'websocket headers': got.some((g) => g.path === 'ws /ws' && g.headers.authorization === `Bearer ${CANARY}`),
    'websocket message': got.some((g) => g.path === 'ws message' && g.body === CANARY),
    'judged content': got.some((g) => g.body.includes(JSON.stringify(`The token is ${CANARY}`))),
    'browser headers': got.some((g) => g.path === '/page' && g.headers['x-canary'] === CANARY),
    'browser form': got.some((g) => g.path === '/echo' && g.body === CANARY && g.headers.authorization === `Bearer ${CANARY}`),
  };
  expect(went, r.stdout).toEqual(Object.fromEntries(Object.keys(went).map((k) => [k, true])));
  expect(llm.calls.length).toBeGreaterThan(llmCalls);
  for (const call of llm.calls.slice(llmCalls)) expect(leakIn(Buffer.from(JSON.stringify(call.body)), 'what the judge was sent')).toBeUndefined();
  const report = JSON.parse(readFileSync(path.join(dir, 'out/report.json'), 'utf8')) as { tests: { name: string; status: string; artifacts: { name: string }[] }[] };
  // Every check fails on purpose, with the echoed secret as its actual value; a URL with a password is an error naming it.
  expect(report.tests.map((t) => t.status).sort()).toEqual(['error', 'failed', 'failed', 'failed', 'failed', 'failed']);
  expect(report.tests.find((t) => t.name === 'a browser flow with a trace')!.artifacts.map((a) => a.name)).toContain('trace.zip');
  return { dir, stdout: r.stdout, stderr: r.stderr };
}

describe('the secret canary', () => {
  it('is in no byte a local run writes: store and WAL, reports, blob, logs, traces, output', async () => {
    const { dir, stdout, stderr } = await runCanary([], env);
    expect(leaksUnder(dir)).toEqual([]);
    expect(leakIn(Buffer.from(stdout + stderr), 'the terminal output')).toBeUndefined();
  }, 120_000);

  it('is in no byte a remote run writes: the client, the orchestrator, the worker, Redis', async () => {
    const serveDir = tempDir();
    const workerDir = tempDir();
    const { url } = await cluster.serve({ cwd: serveDir, redis: redis.redis.url, tokens: JSON.stringify({ [ADMIN]: ['admin'] }) });
    const worker = await cluster.worker({ cwd: workerDir, redis: redis.redis.url, args: ['--env', 'CANARY_SECRET', 'CANARY_JUDGE_KEY', '--verbose'], env });
    const { dir, stdout, stderr } = await runCanary(['--remote', url], { AITEST_TOKEN: ADMIN, CANARY_SECRET: undefined, CANARY_JUDGE_KEY: undefined });
    expect(leaksUnder(dir)).toEqual([]);
    expect(leakIn(Buffer.from(stdout + stderr), 'the terminal output')).toBeUndefined();
    expect(leaksUnder(serveDir)).toEqual([]);
    expect(leaksUnder(workerDir)).toEqual([]);
    expect(leakIn(Buffer.from(worker.output()), 'the worker\'s output')).toBeUndefined();
    expect(leakIn(Buffer.from(await redisDump(redis.redis.url)), 'Redis')).toBeUndefined();
  }, 180_000);
});
