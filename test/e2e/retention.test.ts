// Retention: --keep-runs after a run and `aitest prune` remove old runs with their results, metrics and
// artifact folders, keep the newest, and shrink the file; bad retention settings are usage errors.
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { runCliProcess, tempDir } from '../helpers/cli.js';
import { ADMIN, TOKENS, useCluster } from '../helpers/cluster.js';
import { queryDb } from '../helpers/db.js';
import { useRedis } from '../helpers/redis.js';
import { useDemoApp } from '../helpers/report.js';

const demo = useDemoApp();
const r = useRedis();
const cluster = useCluster();

function plan(tests: number): string {
  const lines = Array.from({ length: tests }, (_, i) => `  - { name: "health ${i}", type: api, request: { url: /health }, expect: { status: 200 } }`);
  return `name: kept\nbaseUrl: ${demo.app.url}\ntests:\n${lines.join('\n')}\n`;
}
const runIds = (db: string): string[] => queryDb<{ id: string }>(db, 'select id from runs order by started_at').map((r) => r.id);

it('--keep-runs 2 after each run keeps the two newest runs, their results, and only their artifact folders', async () => {
  const dir = tempDir({ 'plan.yaml': plan(3) });
  const db = path.join(dir, '.aitest', 'results.db');
  const first = await runCliProcess(['run', 'plan.yaml', '--reporter', 'dot'], { cwd: dir });
  expect(first.code).toBe(0);
  const [oldest] = runIds(db);
  // An artifact of the first run, where a run keeps them.
  mkdirSync(path.join(dir, '.aitest', 'artifacts', oldest), { recursive: true });
  writeFileSync(path.join(dir, '.aitest', 'artifacts', oldest, 'failure.png'), 'png');

  for (let i = 0; i < 2; i++) expect((await runCliProcess(['run', 'plan.yaml', '--reporter', 'dot', '--keep-runs', '2'], { cwd: dir })).code).toBe(0);
  const kept = runIds(db);
  expect(kept).toHaveLength(2);
  expect(kept).not.toContain(oldest);
  expect(existsSync(path.join(dir, '.aitest', 'artifacts', oldest))).toBe(false);
  expect(queryDb<{ n: number }>(db, 'select count(*) n from results')).toEqual([{ n: 6 }]);
  expect(queryDb<{ n: number }>(db, 'select count(*) n from results where run_id not in (select id from runs)')).toEqual([{ n: 0 }]);
  expect(queryDb<{ n: number }>(db, 'select count(*) n from metrics where run_id not in (select id from runs)')).toEqual([{ n: 0 }]);

  // AITEST_KEEP_RUNS does what the flag does.
  expect((await runCliProcess(['run', 'plan.yaml', '--reporter', 'dot'], { cwd: dir, env: { AITEST_KEEP_RUNS: '1' } })).code).toBe(0);
  expect(runIds(db)).toHaveLength(1);
});

it('aitest prune removes the old runs and gives the space back; without a limit or with a bad one it is a usage error', async () => {
  const dir = tempDir({ 'plan.yaml': plan(300) });
  const db = path.join(dir, 'h.db');
  for (let i = 0; i < 3; i++) expect((await runCliProcess(['run', 'plan.yaml', '--reporter', 'dot', '--db', 'h.db'], { cwd: dir })).code).toBe(0);
  const newest = runIds(db).at(-1);

  const none = await runCliProcess(['prune', '--db', 'h.db'], { cwd: dir });
  expect(none.code).toBe(2);
  expect(none.stderr).toContain('--keep-runs N, --keep-days D');
  const bad = await runCliProcess(['prune', '--db', 'h.db'], { cwd: dir, env: { AITEST_KEEP_RUNS: 'lots' } });
  expect(bad.code).toBe(2);
  expect(bad.stderr).toContain('AITEST_KEEP_RUNS must be a whole number');
  expect(runIds(db)).toHaveLength(3);

  const before = statSync(db).size;
  const pruned = await runCliProcess(['prune', '--keep-runs', '1', '--db', 'h.db'], { cwd: dir });
  expect(pruned.stderr).toBe('');
  expect(pruned.code).toBe(0);
  expect(pruned.stdout).toMatch(/^removed 2 runs and their artifacts, kept 1; h\.db: [\d.]+ MB → [\d.]+ MB\n$/);
  expect(runIds(db)).toEqual([newest]);
  expect(statSync(db).size).toBeLessThan(before);
  const show = await runCliProcess(['show', 'last', '--db', 'h.db'], { cwd: dir });
  expect(show.code).toBe(0);
  expect(show.stdout).toContain('300 passed');

  // --keep-days 0 removes every finished run started before now.
  const all = await runCliProcess(['prune', '--keep-days', '0', '--db', 'h.db'], { cwd: dir });
  expect(all.code).toBe(0);
  expect(runIds(db)).toEqual([]);
});

it('an orchestrator started with --keep-runs 1 keeps its newest run; the client keeps its own history', async () => {
  const dir = tempDir({ 'plan.yaml': plan(4) });
  const { url } = await cluster.serve({ cwd: dir, redis: r.redis.url, tokens: TOKENS, args: ['--keep-runs', '1'] });
  await cluster.worker({ cwd: dir, redis: r.redis.url, args: ['--concurrency', '2'] });
  for (let i = 0; i < 3; i++) {
    const run = await runCliProcess(['run', 'plan.yaml', '--remote', url, '--reporter', 'dot', '--db', 'mine.db'], { cwd: dir, env: { AITEST_TOKEN: ADMIN } });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
  }
  const mine = runIds(path.join(dir, 'mine.db'));
  expect(mine).toHaveLength(3);
  // The orchestrator prunes just after a run's end has gone out, so the client may be quicker: wait for it.
  await expect.poll(() => runIds(path.join(dir, 'orchestrator.db')), { timeout: 60_000, interval: 100 }).toEqual([mine[2]]);
});
