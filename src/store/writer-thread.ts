// The run's handle on the results-store writer, on a thread of its own (writer-worker.ts): events go in
// batches, each commit is acknowledged.
import { Worker } from 'node:worker_threads';
import { AitestError } from '../errors.js';
import type { RunEvent } from '../events/types.js';
import type { FromWriter, ToWriter, WireError } from './writer-protocol.js';
import type { WriterOptions } from './writer.js';

export interface StoreWriterThread {
  /** Resolves once the database is open and migrated; rejects with AitestError('STORE') if it cannot be. */
  ready: Promise<void>;
  /** Queues an event; only the events the store keeps are sent. */
  write(event: RunEvent): void;
  /** Sends what is queued and resolves when it is committed. */
  flush(): Promise<void>;
  /** Commits what is queued and closes the database (and a thread of its own); a second call gets the first one's promise. */
  close(): Promise<void>;
}

// Live-only events: the final result carries the steps, and logs go to the log file.
const KEPT = new Set<RunEvent['type']>(['run:start', 'test:end', 'test:metric', 'run:end']);

function fromWire(e: WireError): Error {
  if (e.code) return new AitestError(e.code, e.message, { hint: e.hint });
  const err = new Error(e.message);
  if (e.stack) err.stack = e.stack;
  return err;
}

/**
 * SQLite work (~15 µs per finished test) runs off the thread that drives the tests, so a run of many
 * fast tests uses the machine's second core for it instead of queueing it behind the requests. The
 * thread is the store's alone, at normal priority: a commit never waits behind anything else.
 */
export function startStoreWriter(file: string, options: WriterOptions = {}): StoreWriterThread {
  // The compiled worker sits next to this module (tests that start it import the built dist/).
  const worker = new Worker(new URL('./writer-worker.js', import.meta.url), { workerData: { file, options } });
  // With an event log, every event is kept.
  const kept = (type: RunEvent['type']): boolean => options.eventLog === true || KEPT.has(type);
  let queued: RunEvent[] = [];
  let nextId = 0;
  const waiting = new Map<number, { resolve(): void; reject(e: Error): void }>();
  let failure: Error | undefined;
  let resolveReady!: () => void;
  let rejectReady!: (e: Error) => void;
  const ready = new Promise<void>((res, rej) => {
    resolveReady = res;
    rejectReady = rej;
  });
  ready.catch(() => {});
  let isClosed = false;
  let resolveClosed!: () => void;
  const closed = new Promise<void>((res) => (resolveClosed = () => {
    isClosed = true;
    res();
  }));

  const failAll = (e: Error): void => {
    failure ??= e;
    rejectReady(e);
    for (const w of waiting.values()) w.reject(e);
    waiting.clear();
  };
  worker.on('message', (m: FromWriter) => {
    if (m.kind === 'ready') resolveReady();
    else if (m.kind === 'ack') {
      waiting.get(m.id)?.resolve();
      waiting.delete(m.id);
    } else if (m.kind === 'error') {
      const e = fromWire(m.error);
      if (m.id === undefined) failAll(e);
      else {
        waiting.get(m.id)?.reject(e);
        waiting.delete(m.id);
      }
    } else if (m.kind === 'closed') resolveClosed();
  });
  // An error nobody caught there (the worker failed to load, say), or the thread gone before `closed`.
  let crash: Error | undefined;
  worker.on('error', (e) => (crash ??= e));
  worker.on('exit', () => {
    if (!isClosed) failAll(crash ?? new Error('The results-store writer thread stopped.'));
    resolveClosed();
  });

  let closing: Promise<void> | undefined;
  const flush = (): Promise<void> => {
    // Closed with nothing left to write: the thread has ended, and that is no failure.
    if (closing && queued.length === 0) return Promise.resolve();
    if (failure) return Promise.reject(failure);
    if (queued.length === 0) return Promise.resolve();
    const id = nextId++;
    // With an event log, each event's JSON is stored as it is sent: encoded once.
    const msg: ToWriter = options.eventLog ? { kind: 'logged', id, events: queued.map((e) => JSON.stringify(e)) } : { kind: 'batch', id, events: JSON.stringify(queued) };
    queued = [];
    const done = new Promise<void>((resolve, reject) => waiting.set(id, { resolve, reject }));
    worker.postMessage(msg);
    return done;
  };

  return {
    ready,
    write(event) {
      if (kept(event.type)) queued.push(event);
    },
    flush,
    close() {
      // Once: the run may close it early (see runner/run.ts), and its teardown closes it again.
      closing ??= (async () => {
        try {
          await flush();
        } finally {
          if (!failure) {
            const msg: ToWriter = { kind: 'close' };
            worker.postMessage(msg);
            await closed;
          }
          await worker.terminate();
        }
      })();
      return closing;
    },
  };
}
