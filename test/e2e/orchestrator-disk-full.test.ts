// An orchestrator whose disk fills up mid-run (its --db on a small tmpfs): the run stops, and `run --remote`
// says so with exit 3 and one `error: results database not writable on the orchestrator: …`, no stack trace;
// what the orchestrator stored before is readable, and the client kept every result it was sent.
import path from 'node:path';
import { expect, it } from 'vitest';
import { runCliProcess, tempDir } from '../helpers/cli.js';
import { ADMIN, TOKENS, useCluster } from '../helpers/cluster.js';
import { queryDb } from '../helpers/db.js';
import { useDemoApp } from '../helpers/report.js';
import { useRedis } from '../helpers/redis.js';
import { useTmpfs } from '../helpers/tmpfs.js';

const demo = useDemoApp();
const r = useRedis();
// Before the cluster: after-all hooks run last-first, so the orchestrator has stopped when it is unmounted.
const tmpfs = useTmpfs();
const cluster = useCluster();

it('the orchestrator\'s disk fills up mid-run: the run stops, run --remote exits 3 with one clear error, the results before are kept', async () => {
  const mnt = tmpfs.mount('1m');
  const { url } = await cluster.serve({ cwd: mnt, redis: r.redis.url, tokens: TOKENS, args: ['--db', path.join(mnt, 'orchestrator.db')] });
  await cluster.worker({ cwd: tempDir(), redis: r.redis.url });
  const pad = 'x'.repeat(1000);
  const tests = Array.from({ length: 300 }, (_, i) => `  - { name: "slow ${i} ${pad}", type: api, request: { url: "/api/slow?ms=20" }, expect: { status: 200 } }`);
  const cwd = tempDir({ 'plan.yaml': `name: full disk\nbaseUrl: ${demo.app.url}\ntests:\n${tests.join('\n')}\n` });

  const res = await runCliProcess(['run', 'plan.yaml', '--remote', url, '--token', ADMIN, '--db', 'mine.db', '--reporter', 'dot'], { cwd });
  const all = res.stdout + res.stderr;
  expect(res.code, all).toBe(3);
  expect(res.stderr).toMatch(/^error: results database not writable on the orchestrator: .*orchestrator\.db: the disk is full/m);
  expect(all.match(/^error:/gm), all).toHaveLength(1);
  expect(all).not.toMatch(/^ {4}at /m);
  // The client kept what it was sent, and its run reads as interrupted with tests not run.
  const [run] = queryDb<{ status: string; passed: number; not_run: number }>(path.join(cwd, 'mine.db'), 'select status, passed, not_run from runs');
  expect(run.status).toBe('interrupted');
  expect(run.passed).toBeGreaterThan(0);
  expect(run.not_run).toBeGreaterThan(0);
  expect(run.passed + run.not_run).toBeLessThanOrEqual(300);
}, 120_000);
