// A results store that stops taking results mid-run (a full disk) stops the run: the tests it had not
// finished count as not run, the run's row gets one last write marking it interrupted, and the error says
// `results database not writable` with what became of the run. The store here is a stand-in whose commits
// fail on cue; test/e2e/disk-full.test.ts fills a real disk.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AitestError } from '../../../src/errors.js';
import type { RunEvent } from '../../../src/events/types.js';
import { DEFAULT_RUN_SETTINGS } from '../../../src/executors/run-settings.js';
import { runPlans } from '../../../src/runner/run.js';
import type { StoreWriterThread } from '../../../src/store/writer-thread.js';
import { silentLogger } from '../../../src/util/logger.js';
import { tempDir } from '../../helpers/cli.js';
import { deferred, type Deferred } from '../../helpers/deferred.js';

const TESTS = 20;
const full = (): AitestError => new AitestError('STORE', 'results database not writable: r.db: the disk is full (database or disk is full)', {
  hint: 'Free some disk space, or pass --db PATH on another disk.',
});

// /t/0 answers once the store has committed its first batch (so the run's row is in); every other test's
// request is held until the run gives up on it, so no test can finish after the failure by chance.
let server: http.Server;
let base = '';
let firstCommit: Deferred<void>;
beforeAll(async () => {
  server = http.createServer((req, res) => {
    if (req.url === '/t/0') void firstCommit.promise.then(() => res.end('ok'));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});
beforeEach(() => {
  firstCommit = deferred();
});

/** A writer whose commits succeed until one carries a finished test (or the first, with failFirst; or the run's end); then `last` decides the run:end write. */
function failingStore(o: { failFirst?: boolean; failOnEnd?: boolean; last: 'ok' | 'fails' }) {
  let queued: RunEvent[] = [];
  let failed = false;
  const committed: RunEvent[] = [];
  const afterFailure: RunEvent[] = [];
  const store: StoreWriterThread = {
    ready: Promise.resolve(),
    write: (e) => void queued.push(e),
    async flush() {
      const batch = queued;
      queued = [];
      if (failed) {
        afterFailure.push(...batch);
        if (o.last === 'fails') throw full();
        return;
      }
      if (o.failFirst || batch.some((e) => e.type === (o.failOnEnd ? 'run:end' : 'test:end'))) {
        failed = true;
        throw full();
      }
      committed.push(...batch);
      firstCommit.resolve();
    },
    close: async () => {},
  };
  return { store, committed, afterFailure };
}

async function run(store: StoreWriterThread, count = TESTS) {
  const tests = Array.from({ length: count }, (_, i) => `  - { name: "t${i}", type: api, request: { url: /t/${i} }, expect: { status: 200 } }`);
  const dir = tempDir({ 'plan.yaml': `name: full\nbaseUrl: ${base}\ntests:\n${tests.join('\n')}\n` });
  return runPlans({
    plans: ['plan.yaml'], cwd: dir, env: {}, settings: DEFAULT_RUN_SETTINGS, workers: 1, dbPath: 'r.db',
    reporters: [], signal: new AbortController().signal, log: silentLogger, startWebServers: false, store,
  });
}

describe('a store that fails mid-run', () => {
  it('stops the run, counts the rest as not run, and marks the run interrupted with one last write', async () => {
    const s = failingStore({ last: 'ok' });
    const { summary, storeError } = await run(s.store);

    expect(summary.status).toBe('interrupted');
    expect(summary.passed).toBe(1);
    // t1 was in flight when the store failed (stopped, as Ctrl-C stops it); t2… never started.
    expect(summary.total).toBe(TESTS);
    expect(summary.notRun).toBeGreaterThanOrEqual(TESTS - 2);
    expect(s.committed.map((e) => e.type)).toContain('run:start');
    expect(s.afterFailure).toEqual([{ type: 'run:end', summary }]);

    expect(storeError).toBeInstanceOf(AitestError);
    const e = storeError as AitestError;
    expect(e.code).toBe('STORE');
    expect(e.message).toBe('results database not writable: r.db: the disk is full (database or disk is full)');
    expect(e.hint).toBe(`Free some disk space, or pass --db PATH on another disk. Results committed before the failure are kept; the run is marked interrupted (aitest show ${summary.runId}).`);
  });

  it('says so when the last write fails too: the row then reads as interrupted once the process is gone', async () => {
    const s = failingStore({ last: 'fails' });
    const { summary, storeError } = await run(s.store);
    expect(summary.status).toBe('interrupted');
    expect(s.afterFailure.map((e) => e.type)).toEqual(['run:end']);
    expect((storeError as AitestError).hint).toContain('the run could not be marked interrupted, and reads as interrupted once this process has ended');
  });

  it('a store that fails only on the run\'s last commit, every test done: the run still exits as a store failure and its row is marked interrupted', async () => {
    const s = failingStore({ failOnEnd: true, last: 'ok' });
    const { summary, storeError } = await run(s.store, 1);
    // What the reporters were told stands (the one test passed); the stored run is not complete.
    expect(summary.status).toBe('passed');
    expect(s.afterFailure).toEqual([{ type: 'run:end', summary: { ...summary, status: 'interrupted' } }]);
    expect((storeError as AitestError).message).toMatch(/^results database not writable: /);
    expect((storeError as AitestError).hint).toContain('the run is marked interrupted');
  });

  it('a store that failed on the run\'s first commit saved nothing of it, and says so', async () => {
    const s = failingStore({ failFirst: true, last: 'ok' });
    const { summary, storeError } = await run(s.store);
    expect(summary.status).toBe('interrupted');
    expect(summary.passed).toBe(0);
    expect(s.afterFailure).toEqual([]);
    expect((storeError as AitestError).hint).toBe('Free some disk space, or pass --db PATH on another disk. Nothing of this run was saved.');
  });
});
