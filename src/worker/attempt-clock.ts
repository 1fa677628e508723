// The clock of one test attempt: its timeout (stopped while the judge works), the abort that a timeout or
// the run's interrupt sends, and the grace an executor gets to wind down and report before the attempt is
// given up (raced against the executor, so one that ignores the signal cannot hang the run).
import { AttemptAbort } from '../util/attempt-abort.js';

export class TimeoutError extends Error {}

export interface AttemptClock {
  /** What the executor follows: aborted by the timeout or by `abort`. */
  readonly signal: AttemptAbort;
  /** Rejects once the attempt is aborted and the executor's grace is over. */
  readonly givenUp: Promise<never>;
  readonly timedOut: boolean;
  /** How long the executor may take to wind down after an abort (known once the executor is). */
  setGrace(ms: number): void;
  /** Starts the timeout; until then an abort comes only from outside. */
  start(): void;
  abort(reason: unknown): void;
  /** Stops the timeout; the function returned starts it again with the time it had left. */
  pause(): () => void;
  dispose(): void;
}

export function createAttemptClock(startedAt: number, timeoutMs: number): AttemptClock {
  const signal = new AttemptAbort();
  let rejectGivenUp!: (reason: unknown) => void;
  const givenUp = new Promise<never>((_, reject) => (rejectGivenUp = reject));
  givenUp.catch(() => {});
  let graceMs = 0;
  let graceTimer: NodeJS.Timeout | undefined;
  let timer: NodeJS.Timeout | undefined;
  let deadline = startedAt + timeoutMs;
  let pausedAt: number | undefined;
  let timedOut = false;

  const abort = (reason: unknown): void => {
    if (signal.aborted) return;
    signal.abort(reason);
    if (graceMs > 0) graceTimer = setTimeout(() => rejectGivenUp(reason), graceMs);
    else rejectGivenUp(reason);
  };
  const onTimeout = (): void => {
    timedOut = true;
    abort(new TimeoutError());
  };
  return {
    signal,
    givenUp,
    get timedOut() {
      return timedOut;
    },
    setGrace: (ms) => {
      graceMs = ms;
    },
    start: () => {
      timer = setTimeout(onTimeout, timeoutMs);
    },
    abort,
    pause: () => {
      if (timer === undefined || pausedAt !== undefined) return () => {};
      clearTimeout(timer);
      pausedAt = Date.now();
      return () => {
        if (pausedAt === undefined) return;
        deadline += Date.now() - pausedAt;
        pausedAt = undefined;
        if (!timedOut && !signal.aborted) timer = setTimeout(onTimeout, Math.max(0, deadline - Date.now()));
      };
    },
    dispose: () => {
      if (timer) clearTimeout(timer);
      if (graceTimer) clearTimeout(graceTimer);
    },
  };
}
