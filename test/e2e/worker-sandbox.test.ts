// A remote worker treats a plan as untrusted input: its files come from the job's bundle only, it reads
// only the environment variables the worker exposes, the worker's LLM key goes to no plan-chosen URL, a
// plan-chosen browser executable never runs, and garbage on the control channel kills nothing. A real
// Redis, a real `aitest serve` and `aitest worker` of the built CLI, plans sent with `aitest run --remote`.
import { chmodSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runCliProcess, tempDir } from '../helpers/cli.js';
import { ADMIN, TOKENS, useCluster, type ClusterProcess } from '../helpers/cluster.js';
import { startOpenAiServer, type LlmServer } from '../helpers/llm-server.js';
import { readReport, testNamed, type JsonTest } from '../helpers/report.js';
import { useRedis } from '../helpers/redis.js';

const r = useRedis();
const cluster = useCluster();

// What lies on the worker's machine outside any bundle, and in its environment: none of it may leave.
const FILE_CANARY = 'canary-outside-file-7f3a91';
const ENV_CANARY = 'canary-worker-env-52be07';
const KEY_CANARY = 'sk-canary-worker-key-d4e8';

let url: string;
let worker: ClusterProcess;
let workerDir: string;
let outside: string;
let llm: LlmServer;

/** Everything the target server received: request lines, headers and bodies, as text. */
const received: string[] = [];
let target: http.Server;
let targetUrl: string;

beforeAll(async () => {
  target = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString('latin1')));
    req.on('end', () => {
      received.push(`${req.method} ${req.url}\n${JSON.stringify(req.headers)}\n${body}`);
      if (req.url === '/form') {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end('<form method="post" action="/got" enctype="multipart/form-data"><input id="f" type="file" name="f"><button id="go">go</button></form><p id="ready">ready</p>');
      } else if (req.url === '/got') {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end('<p id="done">got it</p>');
      } else {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ reply: 'Hello, how can I help?' }));
      }
    });
  });
  await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
  targetUrl = `http://127.0.0.1:${(target.address() as AddressInfo).port}`;
  llm = await startOpenAiServer(() => ({ content: '{"score": 0.9, "reasoning": "Polite.", "criteria": {}}' }));

  // Files of the worker's machine, outside the folder of any plan it is sent.
  outside = tempDir({
    'secret.graphql': `${FILE_CANARY} line one\nquery { x }\n`,
    'secret.txt': `${FILE_CANARY}\n`,
    'spec.yaml': openapi('{}'),
    'schemas.yaml': `Thing:\n  type: object\n  description: ${FILE_CANARY}\n`,
    'state.json': JSON.stringify({ cookies: [{ name: 'sid', value: FILE_CANARY, domain: '127.0.0.1', path: '/', expires: -1, httpOnly: false, secure: false, sameSite: 'Lax' }], origins: [] }),
    // A "browser" a plan names: running it leaves a mark.
    'fake-browser.sh': '#!/bin/sh\ntouch "$(dirname "$0")/fake-browser-ran"\nexit 1\n',
  });
  chmodSync(path.join(outside, 'fake-browser.sh'), 0o755);

  const dir = tempDir();
  url = (await cluster.serve({ cwd: dir, redis: r.redis.url, tokens: TOKENS })).url;
  workerDir = tempDir();
  worker = await cluster.worker({
    cwd: workerDir, redis: r.redis.url, args: ['--env', 'EXPOSED_VAR'],
    env: { WORKER_SECRET: ENV_CANARY, EXPOSED_VAR: 'exposed-value', OPENAI_API_KEY: KEY_CANARY },
  });
}, 60_000);

afterAll(async () => {
  await llm?.close();
  await new Promise<void>((resolve) => (target ? target.close(() => resolve()) : resolve()));
});

function openapi(paths: string): string {
  return `openapi: 3.0.3\ninfo: { title: t, version: "1" }\npaths: ${paths}\n`;
}

/** `aitest run plan.yaml --remote` in a folder holding `files`; its JSON report and what it printed. */
async function runRemote(files: Record<string, string>): Promise<{ code: number; out: string; tests: JsonTest[] }> {
  const cwd = tempDir(files);
  const res = await runCliProcess(['run', 'plan.yaml', '--remote', url, '--token', ADMIN, '--db', 'mine.db', '--reporter', 'list', '--reporter', 'json:report.json'], { cwd, env: { NO_COLOR: '1' } });
  const report = readFileSync(path.join(cwd, 'report.json'), 'utf8');
  return { code: res.code ?? -1, out: `${res.stdout}\n${res.stderr}\n${report}`, tests: readReport(cwd) };
}

const plan = (body: string, head = '') => `name: sandbox\nbaseUrl: ${targetUrl}\n${head}tests:\n${body}`;

async function waitFor(cond: () => boolean, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

it('every file a plan names on a worker is inside its bundle, or the test is an error that names the key and quotes nothing', async () => {
  const run = await runRemote({
    'inside.yaml': openapi(`\n  /json:\n    get:\n      operationId: getJson\n      responses:\n        "200":\n          description: ok\n          content:\n            application/json:\n              schema: { $ref: "${path.join(outside, 'schemas.yaml')}#/Thing" }\n`),
    'plan.yaml': plan(`
  - name: graphql query file, absolute
    type: graphql
    endpoint: /graphql
    query: { file: ${path.join(outside, 'secret.graphql')} }
  - name: graphql mutation file, above the plan
    type: graphql
    endpoint: /graphql
    mutation: { file: ../../secret.graphql }
  - name: contract spec outside
    type: contract
    spec: ${path.join(outside, 'spec.yaml')}
  - name: contract ref outside
    type: contract
    spec: inside.yaml
  - name: openapi expect outside
    type: api
    request: { url: /json }
    expect: { openapi: { spec: ${path.join(outside, 'spec.yaml')}, operationId: getJson } }
  - name: upload outside
    type: ui
    url: /form
    steps:
      - upload: { selector: "#f", files: ${path.join(outside, 'secret.txt')} }
      - click: "#go"
      - expect: { selector: "#done", visible: true }
`),
  });
  expect(run.code, run.out).toBe(1);
  const cases: [string, RegExp][] = [
    ['graphql query file, absolute', /^graphql `query: \{ file \}` ".*secret\.graphql" is outside the plan's folder/],
    ['graphql mutation file, above the plan', /^graphql `mutation: \{ file \}` "\.\.\/\.\.\/secret\.graphql" is outside the plan's folder/],
    ['contract spec outside', /^contract `spec` ".*spec\.yaml" is outside the plan's folder/],
    ['contract ref outside', /^a `\$ref` in the contract spec inside\.yaml: ".*schemas\.yaml" is outside the plan's folder/],
    ['openapi expect outside', /^`expect\.openapi\.spec` ".*spec\.yaml" is outside the plan's folder/],
    ['upload outside', /^`upload` file ".*secret\.txt" is outside the plan's folder/],
  ];
  for (const [name, message] of cases) {
    const t = testNamed(run.tests, name);
    expect(t.status, `${name}: ${t.error}`).toBe('error');
    expect(t.error, name).toMatch(message);
    expect(t.errorHint, name).toMatch(/aitest run --remote/);
  }
  expect(run.out).not.toContain(FILE_CANARY);
  expect(received.join('\n')).not.toContain(FILE_CANARY);
}, 120_000);

it('a storage state outside the bundle is refused, and its cookies never reach the page', async () => {
  const run = await runRemote({
    'plan.yaml': plan(`
  - name: logged in from a stolen state
    type: ui
    url: /form
    steps:
      - expect: { selector: "#ready", visible: true }
`, `browser: { storageState: ${path.join(outside, 'state.json')} }\n`),
  });
  const t = testNamed(run.tests, 'logged in from a stolen state');
  expect(t.status, t.error).toBe('error');
  expect(t.error).toMatch(/^`browser\.storageState` ".*state\.json" is outside the plan's folder/);
  expect(run.out).not.toContain(FILE_CANARY);
  expect(received.join('\n')).not.toContain(FILE_CANARY);
}, 120_000);

it('a worker reads only the environment variables it exposes, in templates and in vars', async () => {
  const templated = await runRemote({
    'plan.yaml': plan(`
  - name: reads a variable the worker keeps
    type: api
    request: { url: /env, headers: { x-leak: "\${{ env.WORKER_SECRET }}" } }
  - name: reads an exposed variable
    type: api
    request: { url: /exposed, headers: { x-exposed: "\${{ env.EXPOSED_VAR }}" } }
    expect: { status: 200 }
`),
  });
  const hidden = testNamed(templated.tests, 'reads a variable the worker keeps');
  expect(hidden.status).toBe('error');
  expect(hidden.error).toMatch(/this worker does not expose WORKER_SECRET/);
  expect(hidden.errorHint).toMatch(/aitest worker --env WORKER_SECRET.*AITEST_WORKER_ENV/);
  expect(testNamed(templated.tests, 'reads an exposed variable').status).toBe('passed');
  expect(received.some((line) => line.startsWith('GET /exposed') && line.includes('exposed-value'))).toBe(true);

  const vars = await runRemote({
    'plan.yaml': plan(`
  - name: a secret var from the worker's environment
    type: api
    request: { url: /var, headers: { x-leak: "\${{ vars.stolen }}" } }
`, 'vars:\n  stolen: { env: WORKER_SECRET, secret: true }\n'),
  });
  const v = testNamed(vars.tests, "a secret var from the worker's environment");
  expect(v.status).toBe('error');
  expect(v.error).toMatch(/`stolen` reads the environment variable WORKER_SECRET, which this worker does not expose/);
  expect(received.join('\n')).not.toContain(ENV_CANARY);
  expect(templated.out + vars.out).not.toContain(ENV_CANARY);
}, 120_000);

it("the worker's LLM key never goes to a judge URL the plan chose", async () => {
  const run = await runRemote({
    'plan.yaml': plan(`
  - name: judged by a plan-chosen server
    type: api
    request: { url: /chat }
    expect:
      status: 200
      judge: { on: $.reply, rubric: Polite. }
`, `judge: { baseUrl: ${llm.url}, model: any-model }\n`),
  });
  const t = testNamed(run.tests, 'judged by a plan-chosen server');
  // The judge ran (the plan's own server, with no key), so the check is real: it passed.
  expect(t.status, run.out).toBe('passed');
  expect(llm.calls.length).toBeGreaterThan(0);
  for (const call of llm.calls) expect(JSON.stringify(call.headers)).not.toContain(KEY_CANARY);
}, 120_000);

it('a plan-chosen browser executable never runs on a worker: its own browser does, and the run log says so', async () => {
  const run = await runRemote({
    'plan.yaml': plan(`
  - name: the form shows
    type: ui
    url: /form
    steps:
      - expect: { selector: "#ready", visible: true }
`, `browser: { executablePath: ${path.join(outside, 'fake-browser.sh')} }\n`),
  });
  expect(testNamed(run.tests, 'the form shows').status, run.out).toBe('passed');
  expect(run.out).toMatch(/warning: .*browser\.executablePath is ignored on worker/);
  expect(existsSync(path.join(outside, 'fake-browser-ran'))).toBe(false);
}, 120_000);

it('garbage on the control channel is logged and ignored: the worker runs the next plan', async () => {
  const pub = new Redis(r.redis.url);
  try {
    for (const m of ['not-json', 'null', '[1,2]', '{"stop": {"a": 1}, "forget": 7}']) await pub.publish('aitest:control', m);
  } finally {
    pub.disconnect();
  }
  const logs = (): string => {
    const logDir = path.join(workerDir, '.aitest', 'logs');
    return existsSync(logDir) ? readdirSync(logDir).map((f) => readFileSync(path.join(logDir, f), 'utf8')).join('') : '';
  };
  await waitFor(() => (logs().match(/malformed control message/g) ?? []).length >= 4, 30_000);
  const run = await runRemote({ 'plan.yaml': plan('  - { name: still alive, type: api, request: { url: /alive }, expect: { status: 200 } }\n') });
  expect(testNamed(run.tests, 'still alive').status, run.out).toBe('passed');
  expect(worker.child.exitCode).toBeNull();
}, 120_000);
