// Cluster scale on a real Redis: `aitest serve` queues a plan's tests for `aitest worker` processes,
// `aitest run --remote` streams the run back into its reporters and a local store. The same results as
// a local run; a worker killed mid-test loses nothing and duplicates nothing; stop, pause and resume;
// tokens, roles, body limits and located plan errors.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Redis } from 'ioredis';
import { request } from 'undici';
import { beforeAll, expect, it, vi } from 'vitest';
import { cliPath, runCliProcess, tempDir } from '../helpers/cli.js';
import { ADMIN, READER, TOKENS, useCluster } from '../helpers/cluster.js';
import { queryDb } from '../helpers/db.js';
import { readReport, useDemoApp } from '../helpers/report.js';
import { useRedis } from '../helpers/redis.js';

const demo = useDemoApp();
const r = useRedis();

const cluster = useCluster();
let dir: string;
let url: string;

const startWorker = (concurrency = 2) => cluster.worker({ cwd: dir, redis: r.redis.url, args: ['--concurrency', String(concurrency)] });
/** `aitest run plan.yaml --remote` in `cwd`, with the admin token and a store of its own. */
const runRemote = (cwd: string, ...args: string[]) => runCliProcess(['run', 'plan.yaml', '--remote', url, '--token', ADMIN, '--db', 'mine.db', ...args], { cwd });

beforeAll(async () => {
  dir = tempDir();
  ({ url } = await cluster.serve({ cwd: dir, redis: r.redis.url, tokens: TOKENS }));
  for (let i = 0; i < 3; i++) await startWorker();
}, 60_000);

const api = async (method: 'GET' | 'POST' | 'PUT' | 'DELETE', route: string, token?: string, body?: unknown) => {
  const res = await request(`${url}${route}`, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await res.body.text();
  return { status: res.statusCode, body: (text && res.headers['content-type']?.toString().includes('application/json') ? JSON.parse(text) : text) as any };
};
/** Until the worker that printed `line` on start is running tests, as the orchestrator's capacity says. */
const untilBusy = (line: string) => waitFor(async () => {
  const cap = await api('GET', '/api/v1/resources/capacity', READER);
  return cap.body.workers.some((w: { name: string; busy: number }) => line.includes(w.name) && w.busy > 0);
}, 20_000);
const bundleOf = (plan: string) => ({ plan: 'plan.yaml', files: { 'plan.yaml': Buffer.from(plan).toString('base64') } });

function mixedPlan(n: number): string {
  const tests = Array.from({ length: n }, (_, i) => i % 4 === 3
    ? `  - { name: "teapot ${i}", type: api, request: { url: /health }, expect: { status: 418 } }`
    : `  - { name: "health ${i}", type: api, request: { url: "/api/slow?ms=50" }, expect: { status: 200, json: { sleptMs: 50 } } }`);
  return `name: remote\nbaseUrl: ${demo.app.url}\ntests:\n${tests.join('\n')}\n`;
}

it('a plan run remotely with 3 workers gives the results of the same plan run locally, stored on both sides', async () => {
  const plan = tempDir({ 'plan.yaml': mixedPlan(12) });
  const local = await runCliProcess(['run', 'plan.yaml', '--reporter', 'json:local.json', '--db', 'local.db'], { cwd: plan });
  const remote = await runRemote(plan, '--reporter', 'json:remote.json', '--reporter', 'dot');
  expect(remote.stderr).toBe('');
  expect(remote.code).toBe(local.code);
  expect(remote.code).toBe(1);
  const outcome = (file: string) => readReport(plan, file).map((t) => `${t.name}: ${t.status} ${t.checks.map((c) => `${c.name}=${c.ok}`).join(',')}`).sort();
  expect(outcome('remote.json')).toEqual(outcome('local.json'));
  const [run] = queryDb<{ id: string; total: number; passed: number; failed: number }>(path.join(plan, 'mine.db'), 'select id, total, passed, failed from runs');
  expect(run).toMatchObject({ total: 12, passed: 9, failed: 3 });
  expect(queryDb(path.join(dir, 'orchestrator.db'), 'select total, passed, failed from runs where id = ?', run.id)).toEqual([{ total: 12, passed: 9, failed: 3 }]);
  // The results as the orchestrator serves them.
  const results = await api('GET', `/api/v1/results/${run.id}`, READER);
  expect(results.status).toBe(200);
  expect(results.body.summary).toMatchObject({ total: 12, passed: 9, failed: 3 });
  // The run from anywhere with a token: its status, and its events printed as the list reporter does.
  const status = await runCliProcess(['remote', 'status', run.id, '--remote', url, '--token', READER], { cwd: plan });
  expect(JSON.parse(status.stdout)).toMatchObject({ runId: run.id, status: 'failed', total: 12, done: 12 });
  const logs = await runCliProcess(['remote', 'logs', run.id, '--remote', url, '--token', READER], { cwd: plan });
  expect(logs.stdout).toMatch(/✘ teapot 3 {2}api/);
  expect(logs.stdout).toContain('3 failed · 9 passed');
  const refused = await runCliProcess(['remote', 'stop', run.id, '--remote', url, '--token', READER], { cwd: plan });
  expect(refused.code).toBe(2);
  expect(refused.stderr).toContain('may not execute');
}, 120_000);

it('a worker killed with SIGKILL mid-test: its test is picked up by another, one final result per test', async () => {
  const victim = await startWorker(4);
  const plan = tempDir({
    'plan.yaml': `name: survive\nbaseUrl: ${demo.app.url}\ntests:\n${Array.from({ length: 16 }, (_, i) => `  - { name: "slow ${i}", type: api, request: { url: "/api/slow?ms=1500" } }`).join('\n')}\n`,
  });
  const run = runRemote(plan, '--reporter', 'list', '--reporter', 'json:out.json');
  // Once it is busy with tests, kill it outright.
  await untilBusy(victim.line);
  victim.child.kill('SIGKILL');
  const done = await run;
  expect(done.code).toBe(0);
  // Its tests were handed to the others (BullMQ's stalled-job recovery), and the run says so.
  expect(done.stdout).toMatch(/warning: the worker running (the test "slow \d+"|\d+ tests \(.*\)) stopped answering; (it was|they were) handed to another worker/);
  const tests = readReport(plan, 'out.json');
  expect(tests.map((t) => t.name).sort()).toEqual(Array.from({ length: 16 }, (_, i) => `slow ${i}`).sort());
  expect(tests.every((t) => t.status === 'passed')).toBe(true);
  const [{ id }] = queryDb<{ id: string }>(path.join(plan, 'mine.db'), 'select id from runs');
  expect(queryDb(path.join(dir, 'orchestrator.db'), 'select count(*) n, count(distinct test_id) d from results where run_id = ?', id)).toEqual([{ n: 16, d: 16 }]);
  // The tests taken up again say so: their job was started twice.
  const pickups = queryDb<{ value: number }>(path.join(dir, 'orchestrator.db'), "select value from metrics where run_id = ? and name = 'queue_pickups'", id);
  expect(pickups.length).toBeGreaterThanOrEqual(1);
  expect(pickups.every((p) => p.value >= 2)).toBe(true);
}, 120_000);

it('a load test with distribute: 3 runs in three parts on the workers, merged into one summary and one verdict', async () => {
  const plan = tempDir({ 'plan.yaml': `name: spread\nbaseUrl: ${demo.app.url}\ntests:\n  - name: spread load\n    type: load\n    vus: 5\n    iterations: 300\n    distribute: 3\n    scenario:\n      - request: { url: /health }\n        expect: { status: 200 }\n    thresholds:\n      http_req_failed: ["rate < 0.01"]\n      iterations: ["count == 300", "count > 300"]\n` });
  const out = await runRemote(plan, '--reporter', 'list', '--reporter', 'json:out.json');
  expect(out.code, out.stdout + out.stderr).toBe(1);
  const [t] = readReport(plan, 'out.json');
  const metric = (name: string, unit: string) => t.metrics!.find((m) => m.name === name && m.unit === unit && !m.labels)!.value;
  expect(metric('iterations', 'count')).toBe(300);
  expect(metric('http_reqs', 'count')).toBe(300);
  expect(metric('vus_max', 'count')).toBe(5);
  expect(t.checks.map((c) => [c.name, c.ok])).toEqual([
    ['threshold http_req_failed: rate < 0.01', true],
    ['threshold iterations: count == 300', true],
    ['threshold iterations: count > 300', false],
  ]);
  // One result for the test, in the summary the list reporter prints.
  expect(out.stdout).toMatch(/iterations\s+\. 300 /);
  expect(readReport(plan, 'out.json')).toHaveLength(1);
  // It went to the queue as three jobs, one per part (kept in Redis for an hour after they complete).
  const redis = new Redis(r.redis.url);
  try {
    const [{ id: runId }] = queryDb<{ id: string }>(path.join(plan, 'mine.db'), 'select id from runs');
    const parts = (await redis.keys(`bull:aitest-tests:${runId}.*`)).map((k) => /-p(\d+)$/.exec(k)?.[1]).filter(Boolean).sort();
    expect(parts).toEqual(['0', '1', '2']);
  } finally {
    redis.disconnect();
  }
}, 60_000);

it('a browser test\'s artifacts come back: the failure screenshot is written here, where its result says', async () => {
  const plan = tempDir({ 'plan.yaml': `name: shots\nbaseUrl: ${demo.app.url}\ntests:\n  - name: not there\n    type: ui\n    url: /login\n    steps:\n      - expect: { selector: h1, text: never written, timeout: 300ms }\n` });
  const out = await runRemote(plan, '--reporter', 'json:out.json');
  expect(out.code, out.stdout + out.stderr).toBe(1);
  const [t] = readReport(plan, 'out.json');
  const shot = t.artifacts!.find((a) => a.name === 'failure.png')!;
  expect(shot.path).toMatch(/^\.aitest\/artifacts\/[^/]+\/[^/]+\/failure\.png$/);
  const png = readFileSync(path.join(plan, shot.path));
  expect(png.subarray(1, 4).toString()).toBe('PNG');
  // Served by the orchestrator to readers only.
  const runId = shot.path.split('/')[2];
  expect((await api('GET', `/api/v1/runs/${runId}/artifacts/${shot.path}`)).status).toBe(401);
  const served = await request(`${url}/api/v1/runs/${runId}/artifacts/${shot.path}`, { headers: { authorization: `Bearer ${READER}` } });
  expect(served.statusCode).toBe(200);
  expect(served.headers['content-type']).toBe('image/png');
  expect(Buffer.from(await served.body.arrayBuffer()).equals(png)).toBe(true);
}, 60_000);

it('visual baselines written by workers come back beside the plan here: the first one, and again with --update-snapshots', async () => {
  const plan = (variant: string) => `name: remote shots\nbaseUrl: ${demo.app.url}\ntests:\n  - { name: page, type: visual, url: "/visual?variant=${variant}" }\n`;
  const here = tempDir({ 'plan.yaml': plan('') });
  const baseline = path.join(here, '__screenshots__/remote-shots/page-chromium.png');
  const run = (...args: string[]) => runRemote(here, '--reporter', 'json:out.json', ...args);

  // Started on CI, a missing baseline fails and none is written, as in a local run there.
  let out = await runCliProcess(['run', 'plan.yaml', '--remote', url, '--token', ADMIN, '--db', 'mine.db', '--reporter', 'json:out.json'], { cwd: here, env: { CI: 'true' } });
  expect(out.code, out.stdout + out.stderr).toBe(1);
  expect(readReport(here, 'out.json')[0].checks.find((c) => c.name === 'baseline')?.message).toMatch(/^no baseline at .*CI does not write one/);
  expect(existsSync(baseline)).toBe(false);

  // Started elsewhere, the workers (on CI or not) write it and it comes back here.
  out = await run();
  expect(out.code, out.stdout + out.stderr).toBe(0);
  expect(readReport(here, 'out.json')[0].checks.find((c) => c.name === 'baseline')?.message).toBe('no baseline yet: wrote __screenshots__/remote-shots/page-chromium.png');
  const first = readFileSync(baseline);
  expect(first.subarray(1, 4).toString()).toBe('PNG');

  // The page changes: the workers compare with the baseline sent from here, and it stays as it was.
  writeFileSync(path.join(here, 'plan.yaml'), plan('changed'));
  out = await run();
  expect(out.code, out.stdout + out.stderr).toBe(1);
  expect(readFileSync(baseline).equals(first)).toBe(true);

  out = await run('--update-snapshots');
  expect(out.code, out.stdout + out.stderr).toBe(0);
  const [t] = readReport(here, 'out.json');
  expect(t.checks[0].message).toMatch(/differed: updated the baseline __screenshots__\/remote-shots\/page-chromium\.png$/);
  const updated = readFileSync(baseline);
  expect(updated.equals(first)).toBe(false);
  // The updated baseline is what the page looks like now: a plain run here passes against it.
  out = await runCliProcess(['run', 'plan.yaml', '--reporter', 'dot', '--db', 'mine.db'], { cwd: here });
  expect(out.code, out.stdout + out.stderr).toBe(0);
}, 90_000);

it('stop mid-run ends it as interrupted with what finished; pause holds the queue until resume', async () => {
  const slow = (n: number, ms: number) => `name: long\nbaseUrl: ${demo.app.url}\ntests:\n${Array.from({ length: n }, (_, i) => `  - { name: "t${i}", type: api, request: { url: "/api/slow?ms=${ms}" } }`).join('\n')}\n`;
  const paused = await api('POST', '/api/v1/tests/execute', ADMIN, { bundle: bundleOf(slow(30, 300)) });
  expect(paused.status).toBe(202);
  const id = paused.body.runId as string;
  expect((await api('POST', `/api/v1/tests/pause/${id}`, ADMIN)).body.status).toBe('paused');
  // What was running when it paused finishes, and the workers go idle with tests still held: had the
  // pause not held the queue, they would stay busy until all 30 were done.
  await waitFor(async () => (await api('GET', '/api/v1/resources/capacity', READER)).body.workers.every((w: { busy: number }) => w.busy === 0), 60_000);
  const during = (await api('GET', `/api/v1/tests/status/${id}`, READER)).body;
  expect(during).toMatchObject({ status: 'paused' });
  expect(during.done).toBeLessThan(30);
  expect((await api('POST', `/api/v1/tests/resume/${id}`, ADMIN)).body.status).toBe('running');
  await waitFor(async () => (await api('GET', `/api/v1/tests/status/${id}`, READER)).body.status === 'passed', 30_000);
  expect((await api('GET', `/api/v1/tests/status/${id}`, READER)).body).toMatchObject({ done: 30, counts: { passed: 30 } });

  const stopped = await api('POST', '/api/v1/tests/execute', ADMIN, { bundle: bundleOf(slow(40, 1000)) });
  const sid = stopped.body.runId as string;
  await waitFor(async () => (await api('GET', `/api/v1/tests/status/${sid}`, READER)).body.done >= 1, 20_000);
  expect((await api('POST', `/api/v1/tests/stop/${sid}`, ADMIN)).status).toBe(200);
  await waitFor(async () => (await api('GET', `/api/v1/tests/status/${sid}`, READER)).body.status === 'interrupted', 20_000);
  const end = (await api('GET', `/api/v1/tests/status/${sid}`, READER)).body;
  expect(end.done).toBeGreaterThanOrEqual(1);
  expect(end.done).toBeLessThan(40);
  // The event stream ends with the run's end, resumable from an offset.
  const events = await api('GET', `/api/v1/runs/${sid}/events?offset=1`, READER);
  const lines = (events.body as string).trim().split('\n').map((l) => JSON.parse(l) as { offset: number; event: { type: string } });
  expect(lines[0].offset).toBe(1);
  expect(lines.at(-1)!.event).toMatchObject({ type: 'run:end', summary: { status: 'interrupted' } });
  // The same stream as server-sent events, each with its offset as the event id.
  const sse = await api('GET', `/api/v1/runs/${sid}/events?format=sse`, READER);
  const frames = (sse.body as string).trim().split('\n\n');
  expect(frames[0]).toMatch(/^id: 0\ndata: \{"type":"run:start"/);
  expect(frames.length).toBe(lines.length + 1);
}, 120_000);

it('tokens and roles, body limits, and a broken plan with the CLI\'s located messages', async () => {
  expect((await api('GET', '/health')).status).toBe(200);
  expect((await api('GET', '/ready')).status).toBe(200);
  expect((await api('GET', '/api/v1/resources/capacity')).status).toBe(401);
  expect((await api('GET', '/api/v1/resources/capacity', 'not-a-token-at-all-xxxxxxxx')).status).toBe(401);
  const forbidden = await api('POST', '/api/v1/tests/execute', READER, { bundle: bundleOf(mixedPlan(1)) });
  expect(forbidden.status).toBe(403);
  expect(forbidden.body.error.message).toContain('may not execute');
  const broken = await api('POST', '/api/v1/tests/plans', ADMIN, { bundle: bundleOf(`name: broken\ntests:\n  - name: a\n    type: api\n    request: { url: /x }\n    expect: { stauts: 200 }\n`) });
  expect(broken.status).toBe(400);
  expect(broken.body.error.code).toBe('PLAN_INVALID');
  expect(broken.body.error.issues).toEqual([{ location: { file: 'plan.yaml', line: 6, column: 15 }, path: 'tests[0].expect.stauts', message: 'unknown key `stauts`', hint: 'did you mean `status`?' }]);
  // The CLI shows the orchestrator's refusal like its own: a broken plan is caught before it is sent.
  const plan = tempDir({ 'plan.yaml': `name: broken\ntests:\n  - name: a\n    type: api\n    request: { url: /x }\n    expect: { stauts: 200 }\n` });
  const cli = await runCliProcess(['run', 'plan.yaml', '--remote', url, '--token', ADMIN], { cwd: plan });
  expect(cli.code).toBe(2);
  expect(cli.stderr).toMatch(/plan\.yaml:6:\d+/);
  // A test marked `only`, started on CI: refused as a local run there refuses it, unless --allow-only.
  const focused = tempDir({ 'plan.yaml': `name: focused\nbaseUrl: ${demo.app.url}\ntests:\n  - { name: a, type: api, request: { url: /health } }\n  - { name: b, type: api, only: true, request: { url: /health } }\n` });
  const onCi = await runCliProcess(['run', 'plan.yaml', '--remote', url, '--token', ADMIN, '--db', 'mine.db'], { cwd: focused, env: { CI: 'true' } });
  expect(onCi.code, onCi.stdout + onCi.stderr).toBe(2);
  expect(onCi.stderr).toContain('1 test is marked `only`: "b" (plan.yaml:5)');
  // Off CI it runs just the focused test, as locally.
  const offCi = await runRemote(focused, '--reporter', 'json:out.json');
  expect(offCi.code, offCi.stdout + offCi.stderr).toBe(0);
  expect(readReport(focused, 'out.json').map((t) => t.name)).toEqual(['b']);
  const allowed = await runCliProcess(['run', 'plan.yaml', '--remote', url, '--token', ADMIN, '--db', 'mine.db', '--allow-only'], { cwd: focused, env: { CI: 'true' } });
  expect(allowed.code, allowed.stdout + allowed.stderr).toBe(0);
  const noToken = await runCliProcess(['run', 'plan.yaml', '--remote', url], { cwd: tempDir({ 'plan.yaml': mixedPlan(1) }), env: { AITEST_TOKEN: '' } });
  expect(noToken.code).toBe(2);
  expect(noToken.stderr).toContain('refused the token');
  // Plans stored, read, replaced and deleted.
  const stored = await api('POST', '/api/v1/tests/plans', ADMIN, { id: 'smoke', bundle: bundleOf(mixedPlan(2)) });
  expect(stored).toMatchObject({ status: 201, body: { id: 'smoke', name: 'remote' } });
  expect((await api('GET', '/api/v1/tests/plans/smoke', READER)).body.name).toBe('remote');
  expect((await api('PUT', '/api/v1/tests/plans/smoke', ADMIN, { bundle: bundleOf(mixedPlan(3)) })).status).toBe(200);
  const run = await api('POST', '/api/v1/tests/execute', ADMIN, { planId: 'smoke' });
  expect(run).toMatchObject({ status: 202, body: { total: 3 } });
  expect((await api('DELETE', '/api/v1/tests/plans/smoke', ADMIN)).status).toBe(204);
  expect((await api('GET', '/api/v1/tests/plans/smoke', READER)).status).toBe(404);
  const metrics = await api('GET', '/metrics');
  expect(metrics.body).toMatch(/aitest_tests_total\{status="passed",type="api"\} \d+/);
  expect(metrics.body).toMatch(/aitest_workers \d+/);
}, 180_000);

it('each token has its own rate limit: over it, 429; another token is not held back; a body over the limit is 413', async () => {
  const { url: base, proc: limited } = await cluster.serve({ cwd: dir, redis: r.redis.url, tokens: TOKENS, args: ['--db', 'limited.db', '--rate-limit', '3', '--body-limit', '2000'] });
  const get = async (token: string) => (await request(`${base}/api/v1/resources/capacity`, { headers: { authorization: `Bearer ${token}` } })).statusCode;
  const statuses = [];
  for (let i = 0; i < 4; i++) statuses.push(await get(READER));
  expect(statuses).toEqual([200, 200, 200, 429]);
  expect(await get(ADMIN)).toBe(200);
  const big = await request(`${base}/api/v1/tests/plans`, {
    method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN}` },
    body: JSON.stringify({ bundle: bundleOf(mixedPlan(40)) }),
  });
  expect(big.statusCode).toBe(413);
  expect(((await big.body.json()) as { error: { code: string } }).error.code).toBe('TOO_LARGE');
  limited.child.kill('SIGTERM');
}, 60_000);

it('Ctrl-C on `aitest run --remote` stops the remote run: exit 130, finished results kept on both sides', async () => {
  const plan = tempDir({ 'plan.yaml': `name: ctrl-c\nbaseUrl: ${demo.app.url}\ntests:\n${Array.from({ length: 40 }, (_, i) => `  - { name: "t${i}", type: api, request: { url: "/api/slow?ms=700" } }`).join('\n')}\n` });
  const child = spawn(process.execPath, [cliPath, 'run', 'plan.yaml', '--remote', url, '--token', ADMIN, '--reporter', 'dot', '--db', 'mine.db'], { cwd: plan, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  // A few tests have finished (the dot reporter's dots), many are still to run.
  await waitFor(async () => /\n\.{2,}/.test(out), 20_000);
  child.kill('SIGINT');
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  expect(code).toBe(130);
  const [run] = queryDb<{ id: string; status: string; passed: number }>(path.join(plan, 'mine.db'), 'select id, status, passed from runs');
  expect(run.status).toBe('interrupted');
  expect(run.passed).toBeGreaterThanOrEqual(1);
  expect(run.passed).toBeLessThan(40);
  expect(queryDb(path.join(dir, 'orchestrator.db'), 'select status, passed from runs where id = ?', run.id)).toEqual([{ status: 'interrupted', passed: run.passed }]);
}, 60_000);

it('SIGTERM on a worker lets its tests in flight finish before it exits', async () => {
  const worker = await startWorker(8);
  const plan = tempDir({ 'plan.yaml': `name: drain\nbaseUrl: ${demo.app.url}\ntests:\n${Array.from({ length: 12 }, (_, i) => `  - { name: "t${i}", type: api, request: { url: "/api/slow?ms=1200" } }`).join('\n')}\n` });
  const run = runRemote(plan, '--reporter', 'list', '--reporter', 'json:out.json');
  await untilBusy(worker.line);
  worker.child.kill('SIGTERM');
  const exit = await new Promise<number | null>((resolve) => worker.child.once('exit', resolve));
  expect(exit).toBe(0);
  const done = await run;
  expect(done.code).toBe(0);
  expect(readReport(plan, 'out.json').filter((t) => t.status === 'passed')).toHaveLength(12);
  // Finished by the worker that had them, not recovered from a worker gone silent.
  expect(done.stdout).not.toContain('stopped answering');
}, 60_000);

/** Waits for what the test is about; `ms` is generous, so a loaded machine only makes it slower. */
function waitFor(check: () => Promise<boolean>, ms: number): Promise<void> {
  return vi.waitFor(async () => {
    if (!(await check())) throw new Error('not yet');
  }, { timeout: ms, interval: 100 });
}
