// Which runs retention removes: the newest finished runs are kept, a run still going is left alone until
// it is older than keepDays, and nothing outside a run's own folder is touched.
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunStatus } from '../../../src/events/types.js';
import { pruneRuns, removeRunFolders } from '../../../src/store/retention.js';
import { openStore } from '../../../src/store/sqlite.js';

const DAY = 24 * 3600 * 1000;
const NOW = 100 * DAY;

function storeWith(runs: [id: string, startedDaysAgo: number, status: RunStatus | 'running'][]) {
  const store = openStore(':memory:');
  for (const [id, ago, status] of runs) {
    const startedAt = NOW - ago * DAY;
    store.write({ type: 'run:start', run: { id, plans: [{ name: 'P', file: 'p.yaml' }], startedAt, total: 1, workers: 1 } });
    store.write({ type: 'test:end', test: { id: 't', name: 't', type: 'api', plan: 'P', file: 'p.yaml', line: 1, column: 1, tags: [] }, result: { status: 'passed', attempt: 0, willRetry: false, startedAt, durationMs: 1, checks: [], steps: [], metrics: [{ name: 'm', value: 1, unit: 'ms', at: startedAt }], artifacts: [] } });
    if (status !== 'running') store.write({ type: 'run:end', summary: { runId: id, status, startedAt, durationMs: 1, total: 1, passed: 1, failed: 0, flaky: 0, skipped: 0, timedOut: 0, errors: 0, notRun: 0 } });
  }
  store.flush();
  return store;
}
const ids = (store: ReturnType<typeof openStore>): string[] => store.listRuns({ limit: 100 }).map((r) => r.id).sort();

describe('pruneRuns', () => {
  it('keepRuns keeps the newest finished runs; a run still going neither counts nor goes', () => {
    const store = storeWith([['a', 5, 'passed'], ['b', 4, 'failed'], ['c', 3, 'running'], ['d', 2, 'interrupted'], ['e', 1, 'passed']]);
    expect(pruneRuns(store.database(), { keepRuns: 2 }, NOW).sort()).toEqual(['a', 'b']);
    expect(ids(store)).toEqual(['c', 'd', 'e']);
    const rows = store.database().prepare('select count(*) n from results').get() as { n: number };
    expect(rows.n).toBe(3);
    const metrics = store.database().prepare('select count(*) n from metrics').get() as { n: number };
    expect(metrics.n).toBe(3);
    store.close();
  });

  it('keepDays removes what started before the cutoff, a run left running by a crash included', () => {
    const store = storeWith([['old', 40, 'passed'], ['crashed', 35, 'running'], ['recent', 10, 'passed']]);
    expect(pruneRuns(store.database(), { keepDays: 30 }, NOW).sort()).toEqual(['crashed', 'old']);
    expect(ids(store)).toEqual(['recent']);
    store.close();
  });

  it('both limits: a run goes when either says so; no limit removes nothing', () => {
    const store = storeWith([['a', 40, 'passed'], ['b', 3, 'passed'], ['c', 2, 'passed'], ['d', 1, 'passed']]);
    expect(pruneRuns(store.database(), {}, NOW)).toEqual([]);
    expect(pruneRuns(store.database(), { keepRuns: 3, keepDays: 30 }, NOW)).toEqual(['a']);
    expect(pruneRuns(store.database(), { keepRuns: 1, keepDays: 30 }, NOW).sort()).toEqual(['b', 'c']);
    store.close();
  });
});

describe('removeRunFolders', () => {
  it('removes each run\'s folder under each root and nothing else, whatever the id says', async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'aitest-retention-'));
    const artifacts = path.join(root, 'artifacts');
    for (const d of ['r1', 'r2']) {
      mkdirSync(path.join(artifacts, d), { recursive: true });
      writeFileSync(path.join(artifacts, d, 'shot.png'), 'x');
    }
    writeFileSync(path.join(root, 'precious.txt'), 'keep me');
    await removeRunFolders([artifacts, path.join(root, 'remote-artifacts')], ['r1', '..', '../precious.txt', '', '.']);
    expect(existsSync(path.join(artifacts, 'r1'))).toBe(false);
    expect(existsSync(path.join(artifacts, 'r2', 'shot.png'))).toBe(true);
    expect(existsSync(path.join(root, 'precious.txt'))).toBe(true);
    expect(existsSync(artifacts)).toBe(true);
  });
});
