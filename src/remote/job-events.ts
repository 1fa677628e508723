// The queue's news of a run's jobs, turned into the run's events: results (their artifacts kept first),
// jobs no worker could run, workers that stopped answering, and live progress.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { QueueEvents } from 'bullmq';
import { finalKey } from '../events/counts.js';
import type { RunEvent, TestRef } from '../events/types.js';
import type { Logger } from '../executors/types.js';
import type { JobResult, PartResult } from './protocol.js';
import type { RemoteRun } from './remote-run.js';

/** What the run manager does with that news. */
export interface JobEventSink {
  runOfJob(id: string): RemoteRun | undefined;
  /** A result or log line of the run. */
  emit(run: RemoteRun, e: RunEvent): void;
  /** A share of a distributed load test came back. */
  partBack(run: RemoteRun, p: PartResult): void;
  /** The job is done with, whatever became of it. */
  settle(run: RemoteRun, id: string): void;
  artifactsDir: string;
  log: Logger;
}

/** A worker's artifact under the run's folder (a path that would leave it is refused). */
function writeArtifact(root: string, rel: string, base64: string): void {
  const target = path.resolve(root, rel);
  if (!target.startsWith(path.resolve(root) + path.sep)) throw new Error('the path leaves the run\'s folder');
  mkdirSync(path.dirname(target), { recursive: true });
  writeFileSync(target, Buffer.from(base64, 'base64'));
}

/** What becomes of a job, whether the queue says so as it happens or a run taken over finds it so. */
export interface JobHandlers {
  completed(id: string, returnvalue: unknown): void;
  failed(id: string, reason: string): void;
  /** Its data is gone from the queue (Redis restarted empty or flushed): its tests end as errors. */
  lost(run: RemoteRun, id: string): void;
}

const errorEnd = (ref: TestRef, message: string): RunEvent => ({
  type: 'test:end', test: ref,
  result: { status: 'error', attempt: 0, willRetry: false, startedAt: Date.now(), durationMs: 0, error: { message }, checks: [], steps: [], metrics: [], artifacts: [] },
});

export function createJobHandlers(s: JobEventSink): JobHandlers {
  // The job's tests that have no result yet end as errors with `message`.
  const endUnfinished = (run: RemoteRun, id: string, message: string): void => {
    const job = run.pending.get(id);
    if (!job) return;
    for (const { ref, part } of job.tests) {
      if (part) {
        s.partBack(run, { testId: ref.id, index: part.index, startedAt: Date.now(), error: message });
        continue;
      }
      if (!run.finals.has(finalKey(ref))) s.emit(run, errorEnd(ref, message));
    }
    s.settle(run, id);
  };
  return {
    completed(id, returnvalue) {
      const run = s.runOfJob(id);
      if (!run || !run.pending.has(id)) return;
      const result = (typeof returnvalue === 'string' ? JSON.parse(returnvalue) : returnvalue) as JobResult;
      // Artifacts first: a client that sees a result may fetch its files at once.
      for (const [rel, content] of Object.entries(result.files ?? {})) {
        try {
          writeArtifact(path.join(s.artifactsDir, run.id), rel, content);
        } catch (e) {
          s.log.warn('an artifact could not be kept', { path: rel, error: (e as Error).message });
        }
      }
      for (const e of result.events) {
        // A run taken over may find a job done whose results were recorded before: each test ends once.
        if (e.type === 'test:end' && !e.result.willRetry && run.finals.has(finalKey(e.test))) continue;
        s.emit(run, e);
      }
      for (const p of result.parts ?? []) s.partBack(run, p);
      s.settle(run, id);
    },
    failed(id, reason) {
      const run = s.runOfJob(id);
      // The worker could not run them at all (the bundle was gone, it was killed again and again).
      if (run) endUnfinished(run, id, `a worker could not run the test: ${reason}`);
    },
    lost: (run, id) => endUnfinished(run, id, 'the queue lost this test: its job is gone from Redis (was Redis restarted without persistence, or flushed?)'),
  };
}

export function followJobEvents(events: QueueEvents, s: JobEventSink, h: JobHandlers): void {
  events.on('completed', ({ jobId: id, returnvalue }) => h.completed(id, returnvalue));
  events.on('failed', ({ jobId: id, failedReason }) => h.failed(id, failedReason));
  events.on('stalled', ({ jobId: id }) => {
    const run = s.runOfJob(id);
    const data = run?.pending.get(id);
    if (!run || !data) return;
    const names = data.tests.map((t) => `"${t.ref.name}"`);
    const what = names.length === 1 ? `the test ${names[0]}` : `${names.length} tests (${names.slice(0, 3).join(', ')}${names.length > 3 ? ', …' : ''})`;
    run.pipeline.emit({ type: 'run:log', level: 'warn', message: `the worker running ${what} stopped answering; ${names.length === 1 ? 'it was' : 'they were'} handed to another worker`, at: Date.now() });
  });
  events.on('progress', ({ jobId: id, data }) => {
    const run = s.runOfJob(id);
    if (!run?.pending.has(id) || run.status !== 'running') return;
    for (const e of data as unknown as RunEvent[]) run.pipeline.emit(e);
  });
}
