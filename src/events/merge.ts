// Shards of one run, put back together: the GitHub Actions matrix pattern (`--shard i/n` with
// `--reporter blob:DIR` on each machine, `aitest merge` after). Pure: events in, one run's events out.
import { tally } from './counts.js';
import type { RunEvent, RunInfo, RunStatus } from './types.js';

export interface ShardEvents {
  /** Where they came from, for messages. */
  source: string;
  events: RunEvent[];
}

export class MergeError extends Error {
  constructor(message: string, readonly hint?: string) {
    super(message);
  }
}

/**
 * One run from its shards: a run:start covering every plan and test, each shard's results and metrics,
 * and a run:end whose counts are the final results (a shard killed before its end still counts what it
 * finished, and makes the run `interrupted`).
 */
export function mergeShards(shards: ShardEvents[], runId: string): RunEvent[] {
  if (shards.length === 0) throw new MergeError('Nothing to merge: no blob files found.', 'Give the folders the shards wrote with --reporter blob:DIR.');
  const starts = shards.map((s) => {
    const start = s.events.find((e): e is Extract<RunEvent, { type: 'run:start' }> => e.type === 'run:start');
    if (!start) throw new MergeError(`${s.source} has no run:start: it is not the blob of a run.`);
    return start.run;
  });
  checkShards(shards, starts);

  const first = starts[0];
  const plans = new Map<string, { name: string; file: string }>();
  for (const run of starts) for (const p of run.plans) plans.set(`${p.name}\u0000${p.file}`, p);
  const run: RunInfo = {
    id: runId,
    plans: [...plans.values()],
    startedAt: Math.min(...starts.map((r) => r.startedAt)),
    total: starts.reduce((n, r) => n + r.total, 0),
    workers: starts.reduce((n, r) => n + r.workers, 0),
  };
  if (first.baseUrl) run.baseUrl = first.baseUrl;
  if (first.git) run.git = first.git;
  if (first.env) run.env = first.env;
  if (first.qualityWeights) run.qualityWeights = first.qualityWeights;

  const out: RunEvent[] = [{ type: 'run:start', run }];
  const finals: { status: string }[] = [];
  let notRun = 0;
  let interrupted = false;
  let endedAt = run.startedAt;
  for (const s of shards) {
    let ended = false;
    for (const e of s.events) {
      if (e.type === 'run:end') {
        ended = true;
        if (e.summary.status === 'interrupted') interrupted = true;
        endedAt = Math.max(endedAt, e.summary.startedAt + e.summary.durationMs);
        notRun += e.summary.notRun;
      } else if (e.type !== 'run:start') {
        out.push(e);
        if (e.type === 'test:end') {
          endedAt = Math.max(endedAt, e.result.startedAt + e.result.durationMs);
          if (!e.result.willRetry) finals.push(e.result);
        }
      }
    }
    if (!ended) interrupted = true;
  }
  const counts = tally(finals);
  counts.notRun = Math.max(notRun, run.total - counts.total);
  const failed = counts.failed + counts.timedOut + counts.errors > 0;
  const status: RunStatus = interrupted ? 'interrupted' : failed ? 'failed' : 'passed';
  out.push({ type: 'run:end', summary: { runId, status, startedAt: run.startedAt, durationMs: endedAt - run.startedAt, ...counts } });
  return out;
}

/** Sharded blobs must be the shards of one split: the same n, each index once, none missing. */
function checkShards(shards: ShardEvents[], starts: RunInfo[]): void {
  const sharded = starts.filter((r) => r.shard);
  if (sharded.length === 0) return;
  if (sharded.length !== starts.length) {
    throw new MergeError('Some blobs come from sharded runs and some do not.', 'Merge the blobs of one `--shard i/n` split at a time.');
  }
  const total = starts[0].shard!.total;
  const seen = new Map<number, string>();
  starts.forEach((r, i) => {
    if (r.shard!.total !== total) throw new MergeError(`${shards[i].source} is shard ${r.shard!.index}/${r.shard!.total}, the others are of ${total}.`);
    const twice = seen.get(r.shard!.index);
    if (twice) throw new MergeError(`Shard ${r.shard!.index}/${total} is there twice: ${twice} and ${shards[i].source}.`, 'Clear the blob folder between runs, or merge one run\'s folder.');
    seen.set(r.shard!.index, shards[i].source);
  });
  const missing = Array.from({ length: total }, (_, i) => i + 1).filter((i) => !seen.has(i));
  if (missing.length) {
    throw new MergeError(`Shard${missing.length > 1 ? 's' : ''} ${missing.map((i) => `${i}/${total}`).join(', ')} missing: the merged run would lack their tests.`, 'Download every shard\'s blob folder before merging (in GitHub Actions: actions/download-artifact with a pattern and merge-multiple: true).');
  }
}
