// The background thread (thread-host.ts): starts the services the run opens, each with its own port, and
// keeps an error one of them did not catch from ending the others.
import { parentPort, workerData } from 'node:worker_threads';
import { lowerThreadPriority } from './thread-priority.js';
import type { FromHost, HostData, OpenService, Serve, Service, WireError } from './thread-host-protocol.js';

// Everything here may wait: the thread that drives the tests and the app under test come first.
lowerThreadPriority();
const host = parentPort!;
const send = (m: FromHost): void => host.postMessage(m);
const toWire = (e: unknown): WireError => (e instanceof Error ? { message: e.message, stack: e.stack } : { message: String(e) });

// Loaded now, opened later: an error here shows again when the service is opened, and is reported then.
for (const module of (workerData as HostData).preload) void import(module).catch(() => {});

// The open services that may throw where no one catches it.
const faultable = new Map<Service, number>();

host.on('message', (m: OpenService) => {
  void (import(m.module) as Promise<{ serve: Serve }>)
    .then(({ serve }) => serve(m.port, m.data))
    .then((service) => {
      if (!service?.fault) return;
      faultable.set(service, m.id);
      m.port.once('close', () => faultable.delete(service));
    })
    // The run closes the port once it has the reason (thread-host.ts).
    .catch((e: unknown) => send({ kind: 'failed', id: m.id, error: toWire(e) }));
});

process.on('uncaughtException', (e) => {
  if (faultable.size === 0) {
    send({ kind: 'fatal', error: toWire(e) });
    process.exit(1);
  }
  // Those that may have thrown it end; the others (the store, whose work is all inside its own try) go on.
  for (const [service, id] of [...faultable]) {
    faultable.delete(service);
    try {
      service.fault!(e);
    } catch {
      // Ending anyway.
    }
    send({ kind: 'failed', id, error: toWire(e) });
  }
});
