// A run's event log as /events serves it: read from the store from any offset, then each new event as the
// run's owner commits it. The owner announces each committed batch on Redis, so a follower on any
// orchestrator of the cluster wakes at once; a slow poll covers an announcement lost on the way.
import type { Redis } from 'ioredis';
import type { RunEvent, RunSummary } from '../events/types.js';
import type { Logger } from '../executors/types.js';
import type { RemoteRunStore } from '../store/remote-runs.js';
import { NEWS_CHANNEL, ORCHESTRATOR_CHANNEL } from './queue.js';

const PAGE = 500;
const failedKey = (runId: string): string => `aitest:failed:${runId}`;
const POLL_MS = 1_000;

/** A run whose store stopped taking its events: its followers are told so, and how it ended. */
export interface RunFailure {
  message: string;
  summary: RunSummary;
}

export interface RunNews {
  /** Wakes this process's followers of the run, and tells the other orchestrators. */
  announce(runId: string): void;
  /** The run's store failed: its followers on every orchestrator end with `failure` instead of waiting. */
  fail(runId: string, failure: RunFailure): Promise<void>;
  /** The failure of a run whose store failed, if it did. */
  failure(runId: string): Promise<RunFailure | undefined>;
  /** Resolves when the run has news, the signal aborts, or `ms` have passed. */
  wait(runId: string, signal: AbortSignal, ms: number): Promise<void>;
  close(): Promise<void>;
}

/** `onControl`: messages of the orchestrators' channel (a run's action passed to its owner), parsed. */
export async function createRunNews(redis: Redis, log: Logger, onControl: (message: unknown) => void): Promise<RunNews> {
  const waiters = new Map<string, Set<() => void>>();
  const wake = (runId: string): void => {
    const set = waiters.get(runId);
    if (!set) return;
    waiters.delete(runId);
    for (const w of set) w();
  };
  // A connection of its own: a subscribed one can do nothing else.
  const sub = redis.duplicate();
  sub.on('error', (e: Error) => log.warn('redis connection error (run news)', { error: e.message }));
  await sub.subscribe(NEWS_CHANNEL, ORCHESTRATOR_CHANNEL);
  sub.on('message', (channel: string, message: string) => {
    if (channel === NEWS_CHANNEL) return wake(message);
    try {
      onControl(JSON.parse(message));
    } catch {
      log.warn('ignored a malformed control message', { channel, length: message.length });
    }
  });
  const failures = new Map<string, RunFailure>();
  const announce = (runId: string): void => {
    wake(runId);
    redis.publish(NEWS_CHANNEL, runId).catch(() => 0);
  };
  return {
    announce,
    async fail(runId, failure) {
      failures.set(runId, failure);
      // Bounded: a long-lived orchestrator keeps the last few; the others read Redis for an hour.
      if (failures.size > 100) failures.delete(failures.keys().next().value!);
      await redis.set(failedKey(runId), JSON.stringify(failure), 'EX', 3600).catch(() => 0);
      announce(runId);
    },
    async failure(runId) {
      const known = failures.get(runId);
      if (known) return known;
      const stored = await redis.get(failedKey(runId)).catch(() => null);
      return stored ? (JSON.parse(stored) as RunFailure) : undefined;
    },
    wait(runId, signal, ms) {
      return new Promise<void>((resolve) => {
        const done = (): void => {
          clearTimeout(timer);
          signal.removeEventListener('abort', done);
          waiters.get(runId)?.delete(done);
          resolve();
        };
        const timer = setTimeout(done, ms);
        signal.addEventListener('abort', done);
        let set = waiters.get(runId);
        if (!set) waiters.set(runId, (set = new Set()));
        set.add(done);
      });
    },
    async close() {
      sub.disconnect();
    },
  };
}

/** A line of the stream: an event as stored, with its offset; undefined asks for a keep-alive. */
export type LogItem = { offset: number; event: string } | undefined;

/**
 * The run's events from `offset` until its run:end (or until `signal` aborts). An offset at or past the end
 * of an ended run yields nothing. When nothing comes for `idleMs`, yields undefined (a keep-alive).
 */
export async function* followStoredLog(store: RemoteRunStore, news: RunNews, runId: string, offset: number, signal: AbortSignal, idleMs: number): AsyncGenerator<LogItem> {
  let at = Math.max(0, offset);
  let lastSent = Date.now();
  while (!signal.aborted) {
    const rows = store.events(runId, at, PAGE);
    for (const row of rows) {
      at = row.seq + 1;
      yield { offset: row.seq, event: row.event };
      // Events are written with their type first; one that is not ends the stream by the row check below.
      if (row.event.startsWith('{"type":"run:end"')) return;
    }
    if (rows.length > 0) lastSent = Date.now();
    if (rows.length === PAGE) continue;
    // Ended (its run:end was logged before the row said so): nothing more will come.
    const run = store.run(runId);
    if (!run || run.status !== 'running') {
      if (store.events(runId, at, 1).length === 0) return;
      continue;
    }
    // Its store failed: what it stored has been sent; the failure and the run's end close the stream.
    const failed = await news.failure(runId);
    if (failed) {
      const said: RunEvent = { type: 'run:log', level: 'error', code: 'STORE', message: failed.message, at: Date.now() };
      yield { offset: at, event: JSON.stringify(said) };
      yield { offset: at + 1, event: JSON.stringify({ type: 'run:end', summary: failed.summary } satisfies RunEvent) };
      return;
    }
    await news.wait(runId, signal, Math.min(POLL_MS, idleMs));
    if (Date.now() - lastSent >= idleMs) {
      lastSent = Date.now();
      yield undefined;
    }
  }
}
