// The results-store writer thread: applies batches of RunEvents to SQLite and acknowledges each commit.
import { parentPort, workerData } from 'node:worker_threads';
import { isAitestError } from '../errors.js';
import type { RunEvent } from '../events/types.js';
import { lowerThreadPriority } from '../util/thread-priority.js';
import { openStore } from './sqlite.js';
import type { Store } from './types.js';
import type { FromWriter, ToWriter, WireError } from './writer-protocol.js';

// Commits may lag the tests by a batch or two: on a busy machine the thread that drives the tests and the
// app under test come first, and the bus hands over bigger batches while a commit waits.
lowerThreadPriority();
const port = parentPort!;
const send = (m: FromWriter): void => port.postMessage(m);

function toWire(e: unknown): WireError {
  if (isAitestError(e)) return { message: e.message, code: e.code, hint: e.hint };
  const err = e instanceof Error ? e : new Error(String(e));
  return { message: err.message, stack: err.stack };
}

let store: Store | undefined;
try {
  store = openStore((workerData as { file: string }).file);
  send({ kind: 'ready' });
} catch (e) {
  send({ kind: 'error', error: toWire(e) });
}

port.on('message', (m: ToWriter) => {
  if (m.kind === 'close') {
    try {
      store?.close();
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
