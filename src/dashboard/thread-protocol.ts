// Messages between the run (main thread) and the dashboard's thread.
import type { ListPage, ListQuery } from './list-page.js';
import type { DashboardState, FinishedTest } from './state.js';

/** The thread's workerData: what to load (thread-open.ts). */
export interface DashboardThreadData {
  /** The bundled dashboard the thread loads (bundle-path.ts); absent: its modules. */
  bundle?: string;
}

/** What the run attaches the thread to: the terminal's size, and whether to stay after the run (--ui). */
export interface DashboardTerminal {
  columns: number;
  rows: number;
  stay: boolean;
}

/** Everything but the finished tests, which stay on the run's side: the thread gets the page it shows. */
export type StateHead = Omit<DashboardState, 'finished'>;

export type ToDashboard =
  /** First, once: a run takes the thread; until then it has only loaded its code and drawn nothing. */
  | ({ kind: 'attach' } & DashboardTerminal)
  /**
   * The state as the run sees it, at most ten times a second: the head whole, and the page of finished tests
   * for the list's last query (passed ones without their checks: `partial`). `fresh`: a new run began (a
   * rerun) since.
   */
  | { kind: 'state'; head: StateHead; page: ListPage; query: ListQuery; fresh: boolean }
  /** The page for a query the list just asked (a key moved the selection, or filtered). */
  | { kind: 'page'; page: ListPage; query: ListQuery }
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
  /** The list on screen asks for other rows. */
  | { kind: 'list'; query: ListQuery }
  /** rerun: still on screen for the next run; otherwise the terminal is let go. */
  | { kind: 'closed'; rerun: boolean; frames: number };
