// The messages of one connection, buffered from the moment it opens so none is lost between steps, and
// the bounded waits the steps make on them. No socket here: the connection pushes into it.
import { performance } from 'node:perf_hooks';
import type { AssertionCache, CheckInput } from '../../assertions/types.js';
import { takeMatch, type MessageCriteria } from './match.js';
import type { WsMessage } from './message.js';

export interface CloseInfo {
  code: number;
  reason: string;
}

export class Inbox {
  /** Received and not yet consumed by a step, oldest first. */
  readonly queue: WsMessage[] = [];
  closed: CloseInfo | undefined;
  #interrupted: { reason: unknown } | undefined;
  #wake: (() => void) | undefined;

  push(message: WsMessage): void {
    this.queue.push(message);
    this.#notify();
  }

  close(info: CloseInfo): void {
    this.closed ??= info;
    this.#notify();
  }

  /** The test was aborted (timeout, Ctrl-C): every wait, now or later, throws `reason`. */
  interrupt(reason: unknown): void {
    this.#interrupted ??= { reason };
    this.#notify();
  }

  /** Throws the abort reason once interrupted. */
  throwIfInterrupted(): void {
    if (this.#interrupted) throw this.#interrupted.reason;
  }

  /** Resolves when a message, the close or an interrupt comes, or after `ms`. One waiter at a time: steps run in order. */
  wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#wake = undefined;
        resolve();
      }, Math.max(0, ms));
      this.#wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  #notify(): void {
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }
}

export type MatchOutcome =
  | { kind: 'matched'; message: WsMessage; examined: WsMessage[] }
  | { kind: 'mismatch'; message: WsMessage; failed: CheckInput[]; examined: WsMessage[] }
  /** The connection closed first, or `within` ran out: `examined` are the messages that did not match. */
  | { kind: 'closed'; close: CloseInfo; examined: WsMessage[] }
  | { kind: 'timeout'; examined: WsMessage[] };

/** Waits at most `withinMs` for the message the criteria describe; never longer, whatever the server does. */
export async function awaitMatch(inbox: Inbox, criteria: MessageCriteria, skipOthers: boolean, withinMs: number, cache: AssertionCache): Promise<MatchOutcome> {
  const deadline = performance.now() + withinMs;
  const examined: WsMessage[] = [];
  for (;;) {
    inbox.throwIfInterrupted();
    const take = takeMatch(inbox.queue, criteria, skipOthers, cache);
    if (take.kind !== 'mismatch') examined.push(...take.skipped);
    if (take.kind === 'matched') return { kind: 'matched', message: take.message, examined };
    if (take.kind === 'mismatch') return { kind: 'mismatch', message: take.message, failed: take.failed, examined: [...examined, take.message] };
    if (inbox.closed) return { kind: 'closed', close: inbox.closed, examined };
    const left = deadline - performance.now();
    if (left <= 0) return { kind: 'timeout', examined };
    await inbox.wait(left);
  }
}

export type QuietOutcome = { kind: 'quiet' } | { kind: 'message'; message: WsMessage };

/**
 * Waits `forMs` for no message. A message already waiting fails at once; so does one arriving in the
 * window. A closed connection can send nothing more, so it passes without waiting the window out.
 */
export async function awaitQuiet(inbox: Inbox, forMs: number): Promise<QuietOutcome> {
  const deadline = performance.now() + forMs;
  for (;;) {
    inbox.throwIfInterrupted();
    const first = inbox.queue[0];
    if (first) {
      inbox.queue.shift();
      return { kind: 'message', message: first };
    }
    if (inbox.closed) return { kind: 'quiet' };
    const left = deadline - performance.now();
    if (left <= 0) return { kind: 'quiet' };
    await inbox.wait(left);
  }
}

/** Waits at most `withinMs` for the connection to close; the close, or undefined when it is still open. */
export async function awaitClose(inbox: Inbox, withinMs: number): Promise<CloseInfo | undefined> {
  const deadline = performance.now() + withinMs;
  for (;;) {
    inbox.throwIfInterrupted();
    if (inbox.closed) return inbox.closed;
    const left = deadline - performance.now();
    if (left <= 0) return undefined;
    await inbox.wait(left);
  }
}
