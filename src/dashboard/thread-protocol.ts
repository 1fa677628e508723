// Messages between the run (main thread) and the dashboard's thread.
import type { DashboardState, FinishedTest } from './state.js';

export interface DashboardThreadData {
  /** The module with the dashboard (thread-worker), loaded once the thread's priority is lowered. */
  entry: string;
  columns: number;
  rows: number;
  stay: boolean;
}

/** Everything but the finished tests, which go over as they finish. */
export type StateHead = Omit<DashboardState, 'finished'>;

export type ToDashboard =
  /**
   * The state as the run sees it, at most ten times a second: the head whole, the tests finished since the
   * last one (passed ones without their checks: `partial`). `fresh`: a new run began (a rerun) since.
   */
  | { kind: 'state'; head: StateHead; finished: FinishedTest[]; fresh: boolean }
  /** A partial test's details, asked for when it was opened. */
  | { kind: 'details'; test: FinishedTest }
  | { kind: 'resize'; columns: number; rows: number }
  /**
   * The run is over: draw the last frame, with `stay` wait for q or r, and unless r leave the terminal as
   * it was found (the thread is then ended).
   */
  | { kind: 'close' };

export type FromDashboard =
  /** q or Ctrl-C during the run: stop it as Ctrl-C does. */
  | { kind: 'interrupt' }
  | { kind: 'details'; key: string }
  /** rerun: still on screen for the next run; otherwise the terminal is let go. */
  | { kind: 'closed'; rerun: boolean; frames: number };
