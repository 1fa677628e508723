// One background thread for the run's helpers that can share it: the results store's writer and the live
// dashboard. Each is a service on the thread, with a MessagePort of its own for its own messages. On Node 20
// a worker costs ~25 ms of CPU to start and end (a V8 isolate, Node's bootstrap), paid on a machine the run
// keeps busy: one thread for both pays it once. The thread runs at the lowest priority (thread-priority.ts),
// as each of them did on a thread of its own.
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import type { FromHost, HostData, OpenService } from './thread-host-protocol.js';

export interface HostedService {
  /** This side's end; the service's module has the other (its `serve(port, data)`). */
  port: MessagePort;
  /**
   * Settles when the service has ended: with why when its module failed to load, it failed while running
   * or the thread is gone; with nothing when its port was closed, from either side (a service that ends as
   * agreed in its own messages, as the store's `closed`, ends so too).
   */
  ended: Promise<Error | undefined>;
  /** Ends the service from this side (its port is closed). */
  close(): void;
}

export interface ThreadHost {
  /** Starts `serve(port, data)` from `module` on the thread; messages wait in the port until it listens. */
  open(module: URL, data?: unknown): HostedService;
  /** Ends the thread and every service on it. */
  end(): Promise<void>;
}

/**
 * `preload`: modules of services likely to be opened, loaded as soon as the thread starts, so that their
 * loading is done by the time they are (a failing one fails again, and is reported, when opened).
 */
export function startThreadHost(preload: URL[] = []): ThreadHost {
  const data: HostData = { preload: preload.map((u) => u.href) };
  const worker = new Worker(new URL('./thread-host-worker.js', import.meta.url), { workerData: data });
  // The services' ports keep the process alive while they are open, not the thread itself.
  worker.unref();
  const failed = new Map<number, (e: Error) => void>();
  let gone: Error | undefined;
  const lose = (e: Error): void => {
    gone ??= e;
    for (const fail of failed.values()) fail(gone);
    failed.clear();
  };
  worker.on('message', (m: FromHost) => {
    const error = Object.assign(new Error(m.error.message), { stack: m.error.stack ?? m.error.message });
    if (m.kind === 'failed') failed.get(m.id)?.(error);
    else lose(error);
  });
  worker.on('error', lose);
  worker.on('exit', () => lose(new Error('The background thread ended.')));
  let nextId = 0;

  return {
    open(module, data) {
      const id = nextId++;
      const { port1, port2 } = new MessageChannel();
      let fail!: (e: Error | undefined) => void;
      const ended = new Promise<Error | undefined>((resolve) => (fail = resolve));
      if (gone) fail(gone);
      else {
        // Closed here, after the reason is in: a close from the thread could overtake its message.
        failed.set(id, (e) => {
          fail(e);
          port1.close();
        });
        port1.once('close', () => {
          failed.delete(id);
          fail(undefined);
        });
        const open: OpenService = { kind: 'open', id, module: module.href, data, port: port2 };
        worker.postMessage(open, [port2]);
      }
      return { port: port1, ended, close: () => port1.close() };
    },
    async end() {
      await worker.terminate();
    },
  };
}
