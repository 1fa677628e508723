// Messages between the run and its background thread (thread-host.ts), apart from the services' own.
import type { MessagePort } from 'node:worker_threads';

export interface WireError {
  message: string;
  stack?: string;
}

/**
 * What a service's module exports: started with its end of the port and the data it was opened with. A
 * promise that rejects is a service that failed to start.
 */
export type Serve = (port: MessagePort, data: unknown) => Service | void | Promise<Service | void>;

export interface Service {
  /**
   * An error no service caught was thrown on the thread, and this service may have thrown it (code that
   * runs on its own timers and streams, as ink does): it ends itself. A thread where no open service
   * says so ends with the error.
   */
  fault?(error: unknown): void;
}

/** The thread's workerData. */
export interface HostData {
  preload: string[];
}

export type OpenService = { kind: 'open'; id: number; module: string; data: unknown; port: MessagePort };

export type FromHost =
  /** A service failed to load or ended on a fault; the run then closes its port. */
  | { kind: 'failed'; id: number; error: WireError }
  /** An error no service could have thrown: the thread ends. */
  | { kind: 'fatal'; error: WireError };
