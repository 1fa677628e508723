// The orchestrator's event log in the store: every event in order with its offset, committed with the
// results of its batch; a writer that carries a run on (a takeover) goes on from the next offset; what a run
// queued and its final results read back for the orchestrator that takes it over; retention takes all of it.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunEvent, TestRef } from '../../../src/events/types.js';
import { openRemoteRuns } from '../../../src/store/remote-runs.js';
import { pruneRuns } from '../../../src/store/retention.js';
import { openStore } from '../../../src/store/sqlite.js';

const ref = (id: string, project?: string): TestRef => ({ id, name: id, type: 'api', plan: 'P', file: 'p.yaml', line: 1, column: 1, tags: [], ...(project ? { project } : {}) });
const end = (id: string, status: 'passed' | 'failed', willRetry = false, project?: string): RunEvent => ({
  type: 'test:end', test: ref(id, project), result: { status, attempt: willRetry ? 0 : 1, willRetry, startedAt: 1, durationMs: 1, checks: [], steps: [], metrics: [], artifacts: [] },
});
const start: RunEvent = { type: 'run:start', run: { id: 'r1', plans: [{ name: 'P', file: 'p.yaml' }], startedAt: 1, total: 3, workers: 2 } };
const log = (text: string): RunEvent => ({ type: 'run:log', level: 'info', message: text, at: 1 });

describe('event log', () => {
  it('keeps every event with its offset, live-only ones included, in the order written', () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'aitest-log-')), 'o.db');
    const store = openStore(file, { writer: { eventLog: true } });
    const events = [start, log('hello'), { type: 'test:start', test: ref('a'), attempt: 0, worker: 'w1', at: 1 } satisfies RunEvent, end('a', 'failed', true), end('a', 'passed')];
    for (const e of events) store.write(e);
    store.flush();
    const runs = openRemoteRuns(file);
    const got = runs.events('r1', 0, 100);
    expect(got.map((r) => r.seq)).toEqual([0, 1, 2, 3, 4]);
    expect(got.map((r) => JSON.parse(r.event))).toEqual(events);
    expect(runs.events('r1', 3, 100).map((r) => r.seq)).toEqual([3, 4]);
    expect(runs.events('r1', 9, 100)).toEqual([]);
    store.close();

    // An orchestrator taking the run over writes on from the next offset, and the run's end comes last.
    const again = openStore(file, { writer: { eventLog: true, resumeRun: 'r1' } });
    again.write(end('b', 'passed'));
    again.write({ type: 'run:end', summary: { runId: 'r1', status: 'passed', startedAt: 1, durationMs: 5, total: 2, passed: 2, failed: 0, flaky: 0, skipped: 0, timedOut: 0, errors: 0, notRun: 0 } });
    again.close();
    const tail = runs.events('r1', 5, 100);
    expect(tail.map((r) => [r.seq, (JSON.parse(r.event) as RunEvent).type])).toEqual([[5, 'test:end'], [6, 'run:end']]);
    expect(runs.run('r1')?.status).toBe('passed');
    runs.close();
  });

  it('a plain store (a local run) keeps no event log', () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'aitest-log-')), 'l.db');
    const store = openStore(file);
    store.write(start);
    store.write(log('not kept'));
    store.write(end('a', 'passed'));
    store.flush();
    expect(store.database().prepare('select count(*) n from run_events').get()).toEqual({ n: 0 });
    expect(store.results('r1')).toHaveLength(1);
    store.close();
  });
});

describe('remote runs', () => {
  it('what a run queued, its final results by test and project, and whether it is paused read back; an ended run is not unfinished', () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'aitest-log-')), 'o.db');
    const store = openStore(file, { writer: { eventLog: true } });
    store.write(start);
    store.flush();
    const runs = openRemoteRuns(file);
    const jobs = [{ id: 'r1.a', tests: [{ ref: ref('a') }, { ref: ref('b', 'firefox') }] }, { id: 'r1.l-p0', tests: [{ ref: ref('l'), part: { index: 0, of: 2 } }] }];
    runs.save('r1', { jobs, distributed: [{ ref: ref('l'), spec: { vus: 2 }, of: 2 }] }, 3);
    store.write(end('a', 'failed', true));
    store.write(end('a', 'passed'));
    store.write(end('b', 'failed', false, 'firefox'));
    store.flush();
    expect(runs.unfinished()).toEqual(['r1']);
    runs.setPaused('r1', true);
    const saved = runs.load('r1')!;
    expect(saved).toMatchObject({ jobs, distributed: [{ spec: { vus: 2 }, of: 2 }], maxFailures: 3, paused: true });
    // Final results only (not the attempt to be retried), keyed as the run keys them.
    expect([...saved.finals]).toEqual([['a', { status: 'passed', attempt: 1 }], ['b\u0000firefox', { status: 'failed', attempt: 1 }]]);
    store.write({ type: 'run:end', summary: { runId: 'r1', status: 'failed', startedAt: 1, durationMs: 5, total: 3, passed: 1, failed: 1, flaky: 0, skipped: 0, timedOut: 0, errors: 0, notRun: 1 } });
    store.flush();
    expect(runs.unfinished()).toEqual([]);
    // Retention takes the log and the jobs with the run.
    expect(pruneRuns(store.database(), { keepRuns: 0 }, Date.now())).toEqual(['r1']);
    const count = (table: string) => (store.database().prepare(`select count(*) n from ${table}`).get() as { n: number }).n;
    expect([count('run_events'), count('remote_runs')]).toEqual([0, 0]);
    runs.close();
    store.close();
  });
});
