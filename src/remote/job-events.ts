// The queue's news of a run's jobs, turned into the run's events: results (their artifacts kept first),
// jobs no worker could run, workers that stopped answering, and live progress.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { QueueEvents } from 'bullmq';
import type { RunEvent } from '../events/types.js';
import type { Logger } from '../executors/types.js';
import type { JobResult, PartResult } from './protocol.js';
import { finalKey, type RemoteRun } from './remote-run.js';

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

export function followJobEvents(events: QueueEvents, s: JobEventSink): void {
  events.on('completed', ({ jobId: id, returnvalue }) => {
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
    for (const e of result.events) s.emit(run, e);
    for (const p of result.parts ?? []) s.partBack(run, p);
    s.settle(run, id);
  });
  events.on('failed', ({ jobId: id, failedReason }) => {
    const run = s.runOfJob(id);
    const data = run?.pending.get(id);
    if (!run || !data) return;
    // The worker could not run them at all (the bundle was gone, it was killed again and again).
    for (const { ref, part } of data.tests) {
      if (part) {
        s.partBack(run, { testId: ref.id, index: part.index, startedAt: Date.now(), error: failedReason });
        continue;
      }
      if (run.finals.has(finalKey(ref))) continue;
      s.emit(run, {
        type: 'test:end', test: ref,
        result: { status: 'error', attempt: 0, willRetry: false, startedAt: Date.now(), durationMs: 0, error: { message: `a worker could not run the test: ${failedReason}` }, checks: [], steps: [], metrics: [], artifacts: [] },
      });
    }
    s.settle(run, id);
  });
  events.on('stalled', ({ jobId: id }) => {
    const run = s.runOfJob(id);
    const data = run?.pending.get(id);
    if (!run || !data) return;
    const names = data.tests.map((t) => `"${t.ref.name}"`);
    const what = names.length === 1 ? `the test ${names[0]}` : `${names.length} tests (${names.slice(0, 3).join(', ')}${names.length > 3 ? ', …' : ''})`;
    run.bus.emit({ type: 'run:log', level: 'warn', message: `the worker running ${what} stopped answering; ${names.length === 1 ? 'it was' : 'they were'} handed to another worker`, at: Date.now() });
  });
  events.on('progress', ({ jobId: id, data }) => {
    const run = s.runOfJob(id);
    if (!run?.pending.has(id) || run.status !== 'running') return;
    for (const e of data as unknown as RunEvent[]) run.bus.emit(e);
  });
}
