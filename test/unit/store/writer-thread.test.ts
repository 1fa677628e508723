import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AitestError } from '../../../dist/errors.js';
import { openStore } from '../../../src/store/sqlite.js';
// The thread runs compiled JavaScript: `npm test` builds dist/ before vitest starts.
import { startStoreWriter } from '../../../dist/store/writer-thread.js';

const test = { id: 't1', name: 'one', type: 'api' as const, plan: 'P', file: 'p.yaml', line: 3, column: 5, tags: [] };

describe('store writer thread', () => {
  it('commits each flushed batch before acknowledging it, and keeps only what the store needs', async () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'aitest-wt-')), 'r.db');
    const w = startStoreWriter(file);
    await w.ready;
    w.write({ type: 'run:start', run: { id: 'r1', plans: [{ name: 'P', file: 'p.yaml' }], startedAt: 1, total: 1, workers: 1 } });
    w.write({ type: 'test:start', test, attempt: 0, worker: 'w0', at: 2 });
    w.write({ type: 'test:end', test, result: { status: 'passed', attempt: 0, willRetry: false, startedAt: 2, durationMs: 3, checks: [{ name: 'status', ok: true, expected: 200, actual: 200 }], steps: [], metrics: [], artifacts: [] } });
    await w.flush();
    // Read through a second connection while the writer still holds its own: the batch is committed.
    const reader = openStore(file);
    expect(reader.results('r1')).toMatchObject([{ name: 'one', status: 'passed', checks: [{ name: 'status', ok: true }] }]);
    reader.close();
    w.write({ type: 'run:end', summary: { runId: 'r1', status: 'passed', startedAt: 1, durationMs: 9, total: 1, passed: 1, failed: 0, flaky: 0, skipped: 0, timedOut: 0, errors: 0, notRun: 0 } });
    const closing = w.close();
    // Closed early by the run, then again by its teardown: one close; a flush with nothing left is no error.
    expect(w.close()).toBe(closing);
    await closing;
    await expect(w.flush()).resolves.toBeUndefined();
    const after = openStore(file);
    expect(after.getRun('r1')?.status).toBe('passed');
    after.close();
  });

  it('a database that cannot be created is a STORE error with a hint', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'aitest-wt-'));
    writeFileSync(path.join(dir, 'not-a-dir'), 'x');
    const w = startStoreWriter(path.join(dir, 'not-a-dir', 'r.db'));
    const err = await w.ready.then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(AitestError);
    expect((err as AitestError).code).toBe('STORE');
    expect((err as AitestError).hint).toBeTruthy();
    await w.close().catch(() => {});
  });
});
