// Load tests as a user runs them: the built CLI against a local server whose behaviour the test controls
// (fast, stalled for a second, slow, resetting connections), results read from the JSON report and the
// database. Figures are asserted with the tolerance the issue names; speed itself is bench/load's job.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { repoRoot, runCliProcess, startCli, tempDir } from '../helpers/cli.js';
import { demoPortEnv } from '../helpers/ports.js';
import { queryDb } from '../helpers/db.js';
import { readReport, type JsonTest } from '../helpers/report.js';

/** Holds every response while `stalled` is true, as a server in a GC pause or a lock would. */
let stalledUntil = 0;
let firstRequestAt = 0;
let stallAfterMs: number | undefined;
let requests = 0;
const server = http.createServer((req, res) => {
  requests++;
  const url = new URL(req.url!, 'http://x');
  const t = Date.now();
  if (firstRequestAt === 0) firstRequestAt = t;
  if (stallAfterMs !== undefined && stalledUntil === 0 && t - firstRequestAt >= stallAfterMs) stalledUntil = t + 1000;
  const answer = (): void => {
    if (url.pathname === '/reset') {
      req.socket.destroy();
      return;
    }
    if (url.pathname === '/fail') {
      res.writeHead(500, { 'content-type': 'application/json' }).end('{"error":"boom"}');
      return;
    }
    if (url.pathname === '/login') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ token: `t${requests}` }));
      return;
    }
    if (url.pathname === '/me') {
      const auth = req.headers.authorization ?? '';
      res.writeHead(/^Bearer t\d+$/.test(auth) ? 200 : 401, { 'content-type': 'application/json' }).end('{"name":"ada"}');
      return;
    }
    const delay = url.pathname === '/slow' ? 400 : 0;
    setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}'), delay);
  };
  if (t < stalledUntil) setTimeout(answer, stalledUntil - t);
  else answer();
});
let base = '';
beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

function resetServer(stallAfter?: number): void {
  stalledUntil = 0;
  firstRequestAt = 0;
  stallAfterMs = stallAfter;
  requests = 0;
}

async function run(tests: string, extraArgs: string[] = []) {
  const dir = tempDir({ 'plan.yaml': `name: load e2e\nbaseUrl: ${base}\ntests:\n${tests}` });
  const r = await runCliProcess(['run', 'plan.yaml', '--reporter', 'list', '--reporter', 'json:report.json', ...extraArgs], { cwd: dir });
  return { ...r, dir, tests: readReport(dir) };
}

/** The test's metric `name` with exactly these labels (none: the overall figure). */
function metric(t: JsonTest, name: string, unit: string, labels: Record<string, string> = {}): number {
  const m = (t.metrics ?? []).find((x) => x.name === name && x.unit === unit && JSON.stringify(x.labels ?? {}) === JSON.stringify(labels));
  if (!m) throw new Error(`no metric ${name} (${unit}) ${JSON.stringify(labels)} in ${t.name}`);
  return m.value;
}

describe('load tests', () => {
  it('a closed model runs exactly the iterations asked for, each step counted, captures per iteration', async () => {
    resetServer();
    const r = await run(`  - name: login then read
    type: load
    vus: 5
    iterations: 200
    scenario:
      - name: login
        request: { method: POST, url: /login }
        expect: { status: 200 }
        capture: { token: $.token }
      - name: me
        request: { url: /me, headers: { authorization: "Bearer \${{ captures.token }}" } }
        expect: { status: 200, jsonPath: { "$.name": { equals: ada } } }
`);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const [t] = r.tests;
    expect(t.status).toBe('passed');
    expect(metric(t, 'iterations', 'count')).toBe(200);
    expect(metric(t, 'http_reqs', 'count')).toBe(400);
    expect(metric(t, 'http_reqs', 'count', { step: 'me' })).toBe(200);
    expect(metric(t, 'http_status', 'count', { step: 'me', status: '200' })).toBe(200);
    // Every check of every iteration held: the captured token reached the second request each time.
    expect(metric(t, 'checks', 'ratio')).toBe(1);
    expect(requests).toBe(400);
    // The k6-like summary is in the list output.
    expect(r.stdout).toMatch(/http_req_duration\s+\. avg=/);
    expect(r.stdout).toMatch(/iterations\s+\. 200 /);
  });

  it('distribute: 3 splits the load over three generators and reports one run: exact counts, one verdict per threshold', async () => {
    resetServer();
    const r = await run(`  - name: spread
    type: load
    vus: 7
    iterations: 301
    distribute: 3
    scenario:
      - name: login
        request: { method: POST, url: /login }
        expect: { status: 200 }
        capture: { token: $.token }
      - name: me
        request: { url: /me, headers: { authorization: "Bearer \${{ captures.token }}" } }
        expect: { status: 200 }
    thresholds:
      http_req_duration: ["p(95) < 5000ms"]
      "http_reqs{step:me}": ["count == 301"]
      iterations: ["count > 301"]
`);
    const [t] = r.tests;
    // The parts' iterations add up to exactly what the plan asked for, each step counted once.
    expect(metric(t, 'iterations', 'count')).toBe(301);
    expect(metric(t, 'http_reqs', 'count')).toBe(602);
    expect(metric(t, 'http_reqs', 'count', { step: 'me' })).toBe(301);
    expect(metric(t, 'vus_max', 'count')).toBe(7);
    expect(requests).toBe(602);
    // One check per threshold, judged on the merged figures: the false one fails the test.
    const thresholds = t.checks.filter((c) => c.name.startsWith('threshold'));
    expect(thresholds.map((c) => [c.name, c.ok])).toEqual([
      ['threshold http_req_duration: p(95) < 5000ms', true],
      ['threshold http_reqs{step:me}: count == 301', true],
      ['threshold iterations: count > 301', false],
    ]);
    expect(t.status).toBe('failed');
    expect(r.code).toBe(1);
  });

  it('an open model at 500/s for 5s starts 500 iterations a second (within 2 %), none dropped', async () => {
    resetServer();
    const r = await run(`  - name: steady
    type: load
    executor: constant-arrival-rate
    rate: 500
    timeUnit: 1s
    duration: 5s
    preAllocatedVUs: 20
    maxVUs: 100
    scenario:
      - request: { url: /fast }
        expect: { status: 200 }
`);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const [t] = r.tests;
    const iterations = metric(t, 'iterations', 'count');
    expect(Math.abs(iterations - 2500) / 2500).toBeLessThanOrEqual(0.02);
    expect(Math.abs(metric(t, 'iterations', '/s') - 500) / 500).toBeLessThanOrEqual(0.02);
    expect(metric(t, 'dropped_iterations', 'count')).toBe(0);
  });

  it('the ramping models: VUs climb to the top stage and back, arrivals follow the integral of the rate', async () => {
    resetServer();
    const r = await run(`  - name: ramping vus
    type: load
    executor: ramping-vus
    stages: [{ duration: 1s, target: 4 }, { duration: 1s, target: 4 }, { duration: 500ms, target: 0 }]
    scenario:
      - request: { url: /fast }
        think: 10ms
  - name: ramping rate
    type: load
    executor: ramping-arrival-rate
    stages: [{ duration: 2s, target: 200 }]
    preAllocatedVUs: 10
    scenario:
      - request: { url: /fast }
`);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const [vus, rate] = r.tests;
    expect(metric(vus, 'vus_max', 'count')).toBe(4);
    // With 10 ms of think time a VU does at most ~100 iterations a second; 4 VUs for ~1.5 s of the 2.5.
    const iterations = metric(vus, 'iterations', 'count');
    // (a slow machine only lowers the count, so the lower bound is one iteration per VU).
    expect(iterations).toBeGreaterThanOrEqual(4);
    expect(iterations).toBeLessThan(4 * 100 * 2.5);
    // 0 → 200/s over 2 s: 200 iterations.
    expect(Math.abs(metric(rate, 'iterations', 'count') - 200) / 200).toBeLessThanOrEqual(0.02);
  });

  it('a 1 s stall shows in the corrected p99 of an open model, not in its service time', async () => {
    // The server holds every response for a second, 1.5 s into the run. 10 connections: requests due
    // meanwhile wait for one, as users of a stalled site wait.
    resetServer(1500);
    const r = await run(`  - name: stalled
    type: load
    executor: constant-arrival-rate
    rate: 400
    duration: 4s
    preAllocatedVUs: 50
    maxVUs: 1000
    connections: 10
    scenario:
      - request: { url: /fast }
`);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const [t] = r.tests;
    const corrected = metric(t, 'http_req_duration', 'ms', { stat: 'p(99)' });
    const service = metric(t, 'http_req_service_time', 'ms', { stat: 'p(99)' });
    // ~400 of ~1600 requests were due during the stall and waited up to a second.
    expect(corrected).toBeGreaterThan(700);
    // Service time leaves the stall out: its p99 stays well under the second every waiting request saw.
    expect(service).toBeLessThan(500);
    expect(metric(t, 'dropped_iterations', 'count')).toBe(0);
  });

  it('thresholds: the one that must fail fails the test, the one that must pass passes; both are checks', async () => {
    resetServer();
    const r = await run(`  - name: thresholds
    type: load
    vus: 2
    duration: 1s
    scenario:
      - request: { url: /fast }
    thresholds:
      http_req_duration: ["p(95) < 5s", "max < 0.001ms"]
      http_req_failed: ["rate < 0.01"]
      checks: ["rate > 0.99"]
`);
    expect(r.code).toBe(1);
    const [t] = r.tests;
    expect(t.status).toBe('failed');
    const byName = Object.fromEntries(t.checks.map((c) => [c.name, c.ok]));
    expect(byName).toEqual({
      'threshold http_req_duration: p(95) < 5s': true,
      'threshold http_req_duration: max < 0.001ms': false,
      'threshold http_req_failed: rate < 0.01': true,
      'threshold checks: rate > 0.99': true,
    });
    expect(t.error).toMatch(/^threshold http_req_duration: max < 0\.001ms failed: measured \d/);
  });

  it('classifies errors: refused, reset, timeout and HTTP 500, per step', async () => {
    resetServer();
    const closed = http.createServer();
    await new Promise<void>((res) => closed.listen(0, '127.0.0.1', res));
    const deadPort = (closed.address() as AddressInfo).port;
    await new Promise<void>((res) => closed.close(() => res()));
    const r = await run(`  - name: errors
    type: load
    vus: 1
    iterations: 3
    scenario:
      - name: refused
        request: { url: "http://127.0.0.1:${deadPort}/x" }
  - name: more errors
    type: load
    vus: 1
    iterations: 2
    scenario:
      - name: failing
        request: { url: /fail }
      - name: reset
        request: { url: /reset }
  - name: timeouts
    type: load
    vus: 1
    iterations: 2
    scenario:
      - name: slow
        request: { url: /slow, timeout: 100ms }
`);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const [refused, more, timeouts] = r.tests;
    expect(metric(refused, 'http_errors', 'count', { kind: 'connection refused' })).toBe(3);
    expect(metric(refused, 'http_req_failed', 'ratio')).toBe(1);
    // A 500 is a failed request but not a network error; the iteration goes on to the next step.
    expect(metric(more, 'http_status', 'count', { step: 'failing', status: '500' })).toBe(2);
    expect(metric(more, 'http_errors', 'count', { step: 'reset', kind: 'connection reset' })).toBe(2);
    expect(metric(timeouts, 'http_errors', 'count', { kind: 'timeout' })).toBe(2);
    expect(r.stdout).toMatch(/errors\s+\. connection refused: 3/);
  });

  it('abortOnFail stops the load early, and the failing threshold says so', async () => {
    resetServer();
    const r = await run(`  - name: aborts
    type: load
    vus: 2
    duration: 20s
    scenario:
      - request: { url: /fail }
    thresholds:
      http_req_failed: [{ threshold: "rate < 0.5", abortOnFail: true, delayAbortEval: 1s }]
`);
    expect(r.code).toBe(1);
    const [t] = r.tests;
    // It stopped long before its 20 s.
    expect(t.durationMs).toBeLessThan(20_000);
    expect(t.error).toMatch(/rate < 0\.5 failed: measured 1 \(stopped the run: abortOnFail\)/);
  });

  it('load tests run alone after the others, unless `exclusive: false` puts one beside them', async () => {
    resetServer();
    const r = await run(`  - name: background load
    type: load
    exclusive: false
    vus: 1
    duration: 1500ms
    scenario:
      - request: { url: /fast }
        think: 5ms
  - name: alone
    type: load
    vus: 1
    duration: 500ms
    scenario:
      - request: { url: /fast }
  - name: an api test
    type: api
    request: { url: /slow }
`, ['--workers', '4']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const at = (name: string) => {
      const t = r.tests.find((x) => x.name === name)!;
      const start = Date.parse(t.startedAt);
      return { start, end: start + t.durationMs };
    };
    const background = at('background load');
    const api = at('an api test');
    const alone = at('alone');
    // The api test ran while the background load did; the exclusive one only after both had ended.
    expect(api.start).toBeLessThan(background.end);
    expect(alone.start).toBeGreaterThanOrEqual(Math.max(background.end, api.end) - 5);
  });

  it('examples/load.yaml starts the demo app and passes: closed, open with captures, and a ramp', async () => {
    const db = path.join(tempDir(), 'results.db');
    const r = await runCliProcess(['run', 'examples/load.yaml', '--db', db, '--reporter', 'list'], { cwd: repoRoot, env: await demoPortEnv() });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const rows = queryDb<{ name: string; status: string }>(db, 'select name, status from results order by id');
    expect(rows.map((x) => x.status)).toEqual(['passed', 'passed', 'passed']);
    // Every threshold of the three tests was a check, and held.
    const checks = queryDb<{ name: string; ok: number }>(db, "select name, ok from checks where name like 'threshold %'");
    expect(checks.length).toBe(9);
    expect(checks.every((c) => c.ok === 1)).toBe(true);
    expect(r.stdout).toMatch(/\{ step: one item \}/);
  });

  it('Ctrl-C stops the load promptly and keeps the partial summary; live ticks are stored each second', async () => {
    resetServer();
    const dir = tempDir({ 'plan.yaml': `name: load e2e\nbaseUrl: ${base}\ntests:\n  - name: long\n    type: load\n    vus: 2\n    duration: 60s\n    scenario:\n      - request: { url: /fast }\n` });
    const db = path.join(dir, 'results.db');
    const child = startCli(['run', 'plan.yaml', '--db', db, '--reporter', 'json:report.json'], { cwd: dir });
    let out = '';
    child.stdout!.on('data', (d) => (out += d));
    child.stderr!.on('data', (d) => (out += d));
    // Interrupt once two live ticks are stored: the load is under way and the store is being written.
    const ticksSql = "select value from metrics where name = 'rps' and result_id is null";
    await vi.waitFor(() => expect(queryDb(db, ticksSql).length).toBeGreaterThanOrEqual(2), { timeout: 60_000, interval: 100 });
    child.kill('SIGINT');
    const code = await new Promise<number | null>((res) => child.on('close', (c) => res(c)));
    expect(code, out).toBe(130);
    const rows = queryDb<{ status: string; error: string }>(db, 'select status, error from results');
    expect(rows).toEqual([{ status: 'error', error: expect.stringMatching(/^Interrupted before its end; the results measured until then are kept/) }]);
    // The partial summary counts the requests the server answered before the interrupt.
    const reqs = queryDb<{ value: number }>(db, "select value from metrics where name = 'http_reqs' and unit = 'count' and labels is null");
    expect(reqs[0].value).toBeGreaterThan(0);
    expect(reqs[0].value).toBeLessThanOrEqual(requests);
    // Each stored tick has the second's RPS.
    const ticks = queryDb<{ value: number }>(db, ticksSql);
    expect(ticks.length).toBeGreaterThanOrEqual(2);
    expect(ticks.every((t) => t.value > 0)).toBe(true);
  });
});
