// The results-store writer's own thread (writer-thread.ts starts it): applies batches of RunEvents to SQLite
// and acknowledges each commit. Errors go back to the run as messages; nothing else runs here.
import { parentPort, workerData } from 'node:worker_threads';
import { isAitestError } from '../errors.js';
import type { RunEvent } from '../events/types.js';
import { openStore } from './sqlite.js';
import type { Store } from './types.js';
import type { WriterOptions } from './writer.js';
import type { FromWriter, ToWriter, WireError } from './writer-protocol.js';

function toWire(e: unknown): WireError {
  if (isAitestError(e)) return { message: e.message, code: e.code, hint: e.hint };
  const err = e instanceof Error ? e : new Error(String(e));
  return { message: err.message, stack: err.stack };
}

const port = parentPort!;
const send = (m: FromWriter): void => port.postMessage(m);
let store: Store | undefined;
try {
  const { file, options } = workerData as { file: string; options: WriterOptions };
  store = openStore(file, { writer: options });
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
    if (m.kind === 'logged') for (const json of m.events) store.write(JSON.parse(json) as RunEvent, json);
    else for (const event of JSON.parse(m.events) as RunEvent[]) store.write(event);
    store.flush();
    send({ kind: 'ack', id: m.id });
  } catch (e) {
    send({ kind: 'error', id: m.id, error: toWire(e) });
  }
});
