// Messages between the run's main thread and the results-store writer thread.
import type { ErrorCode } from '../errors.js';

export type ToWriter =
  | { kind: 'batch'; id: number; events: string }   // a JSON array of RunEvents
  | { kind: 'logged'; id: number; events: string[] } // each RunEvent as JSON, kept as it is in the event log
  | { kind: 'close' };

export interface WireError {
  message: string;
  code?: ErrorCode;
  hint?: string;
  stack?: string;
}

export type FromWriter =
  | { kind: 'ready' }
  | { kind: 'ack'; id: number }
  | { kind: 'error'; id?: number; error: WireError }
  | { kind: 'closed' };
