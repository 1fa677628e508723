// The dashboard as an in-process reporter: each event folds into the view's state at once and the view
// draws at most ten frames a second (a burst of thousands of events costs a few frames). A run draws it
// on a thread of its own instead (thread-main.ts); this one serves tests and builds without threads.
import type { RunEvent } from '../events/types.js';
import type { Reporter } from '../reporters/types.js';
import { reduce } from './state.js';
import { createDashboardView, type ViewOptions } from './view.js';

export type DashboardOptions = Omit<ViewOptions, 'fetchDetails'>;

export interface DashboardReporter extends Reporter {
  /** Frames drawn so far. */
  frames(): number;
  /**
   * After close(): true when the user asked to rerun the failed tests. The screen is still up; the next
   * run's events draw on it (from run:start), and its close() is awaited the same way.
   */
  rerunRequested(): boolean;
}

export function createDashboardReporter(o: DashboardOptions): DashboardReporter {
  const view = createDashboardView(o);
  let rerun = false;
  return {
    ownsTerminal: true,
    frames: view.frames,
    rerunRequested: () => rerun,
    onEvent(e: RunEvent) {
      if (e.type === 'run:start') rerun = false;
      reduce(view.state, e);
      view.update();
    },
    async close() {
      rerun = (await view.finish()) === 'rerun';
      if (!rerun) view.leave();
    },
  };
}
