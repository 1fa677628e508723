// The run's handle on the results-store writer, a service on a background thread (writer-service.ts):
// events go in batches, each commit is acknowledged.
import { AitestError } from '../errors.js';
import type { RunEvent } from '../events/types.js';
import { startThreadHost, type ThreadHost } from '../util/thread-host.js';
import type { FromWriter, ToWriter, WireError } from './writer-protocol.js';

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

/** The writer's module on the background thread, for startThreadHost's preload. */
export const WRITER_SERVICE = new URL('./writer-service.js', import.meta.url);

/**
 * SQLite work (~15 µs per finished test) runs off the thread that drives the tests, so a run of many
 * fast tests uses the machine's second core for it instead of queueing it behind the requests. On the
 * `host` given (shared with the dashboard), else on a thread of its own, ended when the store closes.
 */
export function startStoreWriter(file: string, host?: ThreadHost): StoreWriterThread {
  const own = host ? undefined : startThreadHost();
  // The compiled service sits next to this module (tests that start it import the built dist/).
  const service = (host ?? own!).open(WRITER_SERVICE, { file });
  const { port } = service;
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
  let resolveClosed!: () => void;
  const closed = new Promise<void>((res) => (resolveClosed = res));

  const failAll = (e: Error): void => {
    failure ??= e;
    rejectReady(e);
    for (const w of waiting.values()) w.reject(e);
    waiting.clear();
  };
  port.on('message', (m: FromWriter) => {
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
  // Ended: after `closed` that is no failure; before it, the service failed to load or its thread is gone.
  void service.ended.then((e) => {
    failAll(e ?? new Error('The results-store writer thread stopped.'));
    resolveClosed();
  });

  let closing: Promise<void> | undefined;
  const flush = (): Promise<void> => {
    // Closed with nothing left to write: the thread has ended, and that is no failure.
    if (closing && queued.length === 0) return Promise.resolve();
    if (failure) return Promise.reject(failure);
    if (queued.length === 0) return Promise.resolve();
    const id = nextId++;
    const events = JSON.stringify(queued);
    queued = [];
    const done = new Promise<void>((resolve, reject) => waiting.set(id, { resolve, reject }));
    const msg: ToWriter = { kind: 'batch', id, events };
    port.postMessage(msg);
    return done;
  };

  return {
    ready,
    write(event) {
      if (KEPT.has(event.type)) queued.push(event);
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
            port.postMessage(msg);
            await closed;
          }
          service.close();
          await own?.end();
        }
      })();
      return closing;
    },
  };
}
