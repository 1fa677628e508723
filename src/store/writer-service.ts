// The results-store writer, a service on the run's background thread (util/thread-host.ts): applies
// batches of RunEvents to SQLite and acknowledges each commit. Everything it does is inside a try, so an
// error it meets goes back to the run as a message, never loose on the thread it shares.
import type { MessagePort } from 'node:worker_threads';
import { isAitestError } from '../errors.js';
import type { RunEvent } from '../events/types.js';
import type { Serve } from '../util/thread-host-protocol.js';
import { openStore } from './sqlite.js';
import type { Store } from './types.js';
import type { FromWriter, ToWriter, WireError } from './writer-protocol.js';

function toWire(e: unknown): WireError {
  if (isAitestError(e)) return { message: e.message, code: e.code, hint: e.hint };
  const err = e instanceof Error ? e : new Error(String(e));
  return { message: err.message, stack: err.stack };
}

// Commits may lag the tests by a batch or two: on a busy machine the thread that drives the tests and the
// app under test come first (the thread's priority is the lowest), and the bus hands over bigger batches
// while a commit waits.
export const serve: Serve = (port: MessagePort, data: unknown) => {
  const send = (m: FromWriter): void => port.postMessage(m);
  let store: Store | undefined;
  try {
    store = openStore((data as { file: string }).file);
    send({ kind: 'ready' });
  } catch (e) {
    send({ kind: 'error', error: toWire(e) });
  }

  port.on('message', (m: ToWriter) => {
    if (m.kind === 'close') {
      try {
        store?.close();
        store = undefined;
        send({ kind: 'closed' });
      } catch (e) {
        send({ kind: 'error', error: toWire(e) });
      }
      port.close();
      return;
    }
    try {
      if (!store) throw new Error('The results database is not open.');
      for (const event of JSON.parse(m.events) as RunEvent[]) store.write(event);
      store.flush();
      send({ kind: 'ack', id: m.id });
    } catch (e) {
      send({ kind: 'error', id: m.id, error: toWire(e) });
    }
  });
  // The run went away without closing (its thread ended the port): the database is closed all the same.
  port.once('close', () => {
    try {
      store?.close();
    } catch {
      // Nothing left to tell.
    }
  });
};
