// An orchestrator run as a service: killed and restarted mid-run, Redis restarted empty mid-run, and two
// orchestrators on one Redis and one store serving the same runs. Every test ends with exactly one final
// result, the client's exit code reflects them, and nothing waits forever.
import path from 'node:path';
import { request } from 'undici';
import { afterAll, expect, it, vi } from 'vitest';
import { runCliProcess, startCli, tempDir, type CliResult } from '../helpers/cli.js';
import { ADMIN, READER, TOKENS, useCluster } from '../helpers/cluster.js';
import { queryDb } from '../helpers/db.js';
import { freePort } from '../helpers/ports.js';
import { readReport, useDemoApp } from '../helpers/report.js';
import { startRedis, type RunningRedis } from '../helpers/redis.js';

const demo = useDemoApp();
// Registered before the cluster's: after-all hooks run last-first, so the cluster stops while Redis is up.
const redises: RunningRedis[] = [];
afterAll(() => Promise.all(redises.map((r) => r.stop())));
const cluster = useCluster();
const newRedis = async (): Promise<RunningRedis> => {
  const r = await startRedis();
  redises.push(r);
  return r;
};

/** n tests of `ms` each; every 4th expects a status the demo app never answers, and fails. */
function plan(n: number, ms: number): string {
  const tests = Array.from({ length: n }, (_, i) => i % 4 === 3
    ? `  - { name: "teapot ${i}", type: api, request: { url: /health }, expect: { status: 418 } }`
    : `  - { name: "slow ${i}", type: api, request: { url: "/api/slow?ms=${ms}" }, expect: { status: 200 } }`);
  return `name: recovery\nbaseUrl: ${demo.app.url}\ntests:\n${tests.join('\n')}\n`;
}

/** `aitest run --remote` in the background; resolves with its result when it exits. */
function startRemoteRun(cwd: string, url: string, ...args: string[]): Promise<CliResult> {
  const child = startCli(['run', 'plan.yaml', '--remote', url, '--token', ADMIN, '--db', 'mine.db', '--reporter', 'json:report.json', ...args], { cwd });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => (stderr += d));
  return new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
}

const finals = (db: string, runId: string) => queryDb<{ test_id: string; n: number }>(db, 'select test_id, count(*) as n from results where run_id = ? and will_retry = 0 group by test_id', runId);
const newestRun = (db: string) => queryDb<{ id: string; status: string; total: number; passed: number; failed: number; errors: number }>(db, 'select id, status, total, passed, failed, errors from runs order by started_at desc limit 1')[0];
const doneCount = (db: string): number => {
  try {
    return queryDb<{ n: number }>(db, 'select count(*) as n from results')[0].n;
  } catch {
    return 0; // not created yet
  }
};

it('the orchestrator killed with SIGKILL mid-run and started again: the run goes on, every test has one final result, the client follows it to the end', async () => {
  const redis = await newRedis();
  const dir = tempDir();
  const db = path.join(dir, 'orchestrator.db');
  const port = await freePort();
  const serve = () => cluster.serve({ cwd: dir, redis: redis.url, tokens: TOKENS, args: ['--port', String(port), '--lease', '2'] });
  const first = await serve();
  for (let i = 0; i < 2; i++) await cluster.worker({ cwd: dir, redis: redis.url });
  const cwd = tempDir({ 'plan.yaml': plan(40, 250) });
  const client = startRemoteRun(cwd, first.url);

  await waitFor(async () => doneCount(db) >= 4, 30_000);
  first.proc.child.kill('SIGKILL');
  // The workers go on meanwhile; their results wait in the queue for whoever takes the run over.
  await serve();
  const result = await client;

  expect(result.stderr).toBe('');
  expect(result.code).toBe(1);
  const run = newestRun(db);
  expect(run).toMatchObject({ status: 'failed', total: 40, passed: 30, failed: 10, errors: 0 });
  const got = finals(db, run.id);
  expect(got).toHaveLength(40);
  expect(got.filter((f) => f.n !== 1)).toEqual([]);
  // The client's side: the same 40, each once.
  const report = readReport(cwd);
  expect(report).toHaveLength(40);
  expect(report.filter((t) => t.status === 'passed')).toHaveLength(30);
  expect(queryDb(path.join(cwd, 'mine.db'), 'select status, passed, failed from runs')).toEqual([{ status: 'failed', passed: 30, failed: 10 }]);
}, 90_000);

it('Redis restarted empty mid-run: the lost tests end as errors that say so, the run ends, the client exits', async () => {
  const redis = await newRedis();
  const dir = tempDir();
  const db = path.join(dir, 'orchestrator.db');
  const { url } = await cluster.serve({ cwd: dir, redis: redis.url, tokens: TOKENS, args: ['--lease', '2'] });
  await cluster.worker({ cwd: dir, redis: redis.url });
  const cwd = tempDir({ 'plan.yaml': plan(40, 300) });
  const client = startRemoteRun(cwd, url);

  await waitFor(async () => doneCount(db) >= 4, 30_000);
  await redis.restartEmpty();
  const result = await client;

  expect(result.code).toBe(1);
  const run = newestRun(db);
  expect(run.status).toBe('failed');
  expect(run.errors).toBeGreaterThan(0);
  const got = finals(db, run.id);
  expect(got).toHaveLength(40);
  expect(got.filter((f) => f.n !== 1)).toEqual([]);
  const lost = queryDb<{ error: string }>(db, 'select error from results where run_id = ? and status = ?', run.id, 'error');
  expect(lost.length).toBe(run.errors);
  for (const l of lost) expect(l.error).toMatch(/the queue lost this test/);
  expect(readReport(cwd)).toHaveLength(40);
}, 90_000);

it('two orchestrators on one Redis and one store: a run started on one is followed, stopped and read on the other', async () => {
  const redis = await newRedis();
  const dir = tempDir();
  const a = await cluster.serve({ cwd: dir, redis: redis.url, tokens: TOKENS });
  const b = await cluster.serve({ cwd: dir, redis: redis.url, tokens: TOKENS });
  const db = path.join(dir, 'orchestrator.db');
  await cluster.worker({ cwd: dir, redis: redis.url });
  const cwd = tempDir({ 'plan.yaml': plan(40, 400) });
  const client = startRemoteRun(cwd, a.url);

  await waitFor(async () => doneCount(db) >= 2, 30_000);
  const runId = newestRun(db).id;
  const status = await api(b.url, 'GET', `/api/v1/tests/status/${runId}`, READER);
  expect(status.status).toBe(200);
  expect(status.body).toMatchObject({ runId, status: 'running', total: 40 });
  expect(status.body.done).toBeGreaterThanOrEqual(2);
  // Followed on B from the start while it runs on A.
  const logs = runCliProcess(['remote', 'logs', runId, '--remote', b.url, '--token', READER], { cwd });
  const stop = await runCliProcess(['remote', 'stop', runId, '--remote', b.url, '--token', ADMIN], { cwd });
  expect(stop.code).toBe(0);

  const result = await client;
  expect(result.code).toBe(130);
  const followed = await logs;
  expect(followed.code).toBe(0);
  expect(followed.stdout).toMatch(/✓ slow 0 {2}api/);
  const run = newestRun(db);
  expect(run.status).toBe('interrupted');
  expect(run.passed).toBeGreaterThanOrEqual(2);
  const results = await api(b.url, 'GET', `/api/v1/results/${runId}`, READER);
  expect(results.body.run.status).toBe('interrupted');
  expect(results.body.summary).toMatchObject({ total: 40, passed: run.passed });
  const onA = await api(a.url, 'GET', `/api/v1/tests/status/${runId}`, READER);
  expect(onA.body).toMatchObject({ status: 'interrupted' });
}, 90_000);

async function api(url: string, method: 'GET' | 'POST', route: string, token: string) {
  const res = await request(`${url}${route}`, { method, headers: { authorization: `Bearer ${token}` } });
  return { status: res.statusCode, body: (await res.body.json()) as any };
}

/** Waits for what the test is about; `ms` is generous, so a loaded machine only makes it slower. */
function waitFor(check: () => Promise<boolean>, ms: number): Promise<void> {
  return vi.waitFor(async () => {
    if (!(await check())) throw new Error('not yet');
  }, { timeout: ms, interval: 100 });
}
