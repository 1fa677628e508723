// A run row left `running` by a process that is gone (killed, or stopped when its store could not take the
// last write) reads as interrupted, counted from what it stored; a live process's run, another host's, or
// one stored without a pid is left as it is. Nothing is written to do it.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runOwnerGone } from '../../../src/store/run-owner.js';
import { openStore } from '../../../src/store/sqlite.js';
import type { Store } from '../../../src/store/types.js';
import { T0, ref, result, runStart, testEnd } from '../reporters/fixtures.js';
import { queryDb } from '../../helpers/db.js';

let dir: string;
let store: Store;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'aitest-stale-'));
  store = openStore(path.join(dir, 'results.db'));
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The id of a process that has ended: a child that exited at once. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '0']);
  expect(child.status).toBe(0);
  return child.pid!;
}

/** A run that started 6 tests and stored 3 final results (one after a retry), then its process went away. */
function leftRunning(id: string, env: Record<string, string> | undefined): void {
  store.write(runStart({ id, total: 6, ...(env ? { env } : {}) }));
  store.write(testEnd(ref('a'), result('passed', { startedAt: T0 + 100, durationMs: 50 })));
  store.write(testEnd(ref('b'), result('failed', { startedAt: T0 + 120, durationMs: 400, willRetry: true })));
  store.write(testEnd(ref('b'), result('failed', { attempt: 1, startedAt: T0 + 600, durationMs: 300 })));
  store.write(testEnd(ref('c'), result('skipped', { startedAt: T0 + 130, durationMs: 0 })));
  store.flush();
}

describe('a run left running', () => {
  it('reads as interrupted once its process is gone, with the counts and end of what it stored', () => {
    leftRunning('gone', { node: 'v20', host: os.hostname(), pid: String(deadPid()) });
    const expected = {
      id: 'gone', status: 'interrupted', endedAt: T0 + 900, durationMs: 900,
      counts: { total: 6, passed: 1, failed: 1, flaky: 0, skipped: 1, timedOut: 0, errors: 0, notRun: 3 },
    };
    expect(store.getRun('gone')).toMatchObject(expected);
    expect(store.latestRun()).toMatchObject(expected);
    expect(store.listRuns()).toMatchObject([expected]);
    // Read so, not written: the row itself is as the process left it.
    expect(queryDb(path.join(dir, 'results.db'), 'select status, ended_at from runs')).toEqual([{ status: 'running', ended_at: null }]);
  });

  it('stays running while its process lives, on another host, and when no pid was stored', () => {
    leftRunning('alive', { host: os.hostname(), pid: String(process.pid) });
    leftRunning('elsewhere', { host: `not-${os.hostname()}`, pid: String(deadPid()) });
    leftRunning('no-pid', { host: os.hostname() });
    leftRunning('no-env', undefined);
    for (const id of ['alive', 'elsewhere', 'no-pid', 'no-env']) expect(store.getRun(id)?.status, id).toBe('running');
  });

  it('runOwnerGone asks only about this host, and only about a plain process id', () => {
    const host = os.hostname();
    expect(runOwnerGone({ host, pid: String(deadPid()) })).toBe(true);
    expect(runOwnerGone({ host, pid: String(process.pid) })).toBe(false);
    expect(runOwnerGone({ host, pid: '0' })).toBe(false);
    expect(runOwnerGone({ host, pid: '-1' })).toBe(false);
    expect(runOwnerGone({ host, pid: 'x' })).toBe(false);
    expect(runOwnerGone(undefined)).toBe(false);
  });
});
