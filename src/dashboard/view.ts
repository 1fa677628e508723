// The dashboard on a terminal: draws a DashboardState with ink, throttled, and takes the keys. Whoever owns
// it changes the state and calls update(): the in-process reporter folding events, or the dashboard's
// thread applying what the run posts (thread-worker.ts).
import { render, type Instance } from 'ink';
import { createElement as h } from 'react';
import { App } from './app.js';
import type { ListPage, ListQuery } from './list-page.js';
import { initialState, type DashboardState, type FinishedTest } from './state.js';

export interface ViewOptions {
  stdout: NodeJS.WriteStream;
  stdin: NodeJS.ReadStream;
  /** Stops the run gracefully, as the first Ctrl-C does. */
  interrupt(): void;
  /**
   * Keep the finished run on screen to browse, and offer r to rerun its failures, until q (`--ui`).
   * Otherwise the dashboard leaves when the run ends: `aitest run` on a terminal must still end by itself.
   */
  stay?: boolean;
  /** Minimum time between frames (default 100 ms: ten frames a second). */
  frameMs?: number;
  /** A test's details were opened but are not at hand (`partial`): fetch them, then call update(). */
  fetchDetails?(t: FinishedTest): void;
  /** The list's rows, when the finished tests are not in `state` (the dashboard's thread). */
  page?(q: ListQuery): ListPage;
  /** Called once, soon after the first frame is drawn. */
  firstFrame?(): void;
}

export interface DashboardView {
  state: DashboardState;
  /** The state changed: a frame follows within the throttle. */
  update(): void;
  /** With `stay`, draws the last frame and waits for q (quit) or r (rerun); else clears the frame and returns. */
  finish(): Promise<'quit' | 'rerun'>;
  /** Leaves the terminal as it was (ink unmounted). */
  leave(): void;
  frames(): number;
}

/** What is left on the screen of a dashboard that leaves: nothing. */
const Gone = (): null => null;

// A frame's cost sets the time to the next (at least FRAME_SHARE times it), so drawing takes at most
// ~1/FRAME_SHARE of a core: on a busy machine the dashboard slows down instead of the run.
const FRAME_SHARE = 40;
const MAX_GAP_MS = 1000;

export function createDashboardView(o: ViewOptions): DashboardView {
  const frameMs = o.frameMs ?? 100;
  const state = initialState();
  const stays = o.stay === true && o.stdin.isTTY;
  let frames = 0;
  let last = 0;
  let gap = frameMs;
  let pending: NodeJS.Timeout | undefined;
  let instance: Instance | undefined;
  let choose: ((choice: 'quit' | 'rerun') => void) | undefined;
  const quit = (): void => {
    if (!state.ended) o.interrupt();
    else choose?.('quit');
  };
  const onRerun = stays ? () => choose?.('rerun') : undefined;
  const onOpen = o.fetchDetails ? (t: FinishedTest) => (t.partial ? o.fetchDetails!(t) : undefined) : undefined;
  const draw = (): void => {
    pending = undefined;
    const t0 = performance.now();
    last = Date.now();
    frames++;
    const app = h(App, { state, now: last, width: o.stdout.columns || 80, height: o.stdout.rows || 24, onQuit: quit, onRerun, onOpen, leaves: !stays, page: o.page });
    if (instance) instance.rerender(app);
    else instance = render(app, { stdout: o.stdout, stdin: o.stdin, exitOnCtrlC: false, patchConsole: false });
    gap = Math.min(MAX_GAP_MS, Math.max(frameMs, (performance.now() - t0) * FRAME_SHARE));
    if (frames === 1 && o.firstFrame) setImmediate(o.firstFrame);
  };
  const update = (): void => {
    if (pending) return;
    pending = setTimeout(draw, Math.max(0, gap - (Date.now() - last)));
  };
  // Elapsed times move even when nothing else does.
  let ticker: NodeJS.Timeout | undefined = setInterval(update, 1000).unref();
  return {
    state,
    update,
    frames: () => frames,
    async finish() {
      if (pending) clearTimeout(pending);
      if (!stays) {
        // Leaving with the run: the live frame is taken off the screen, and what the run prints next (the
        // summary, each failure with expected and actual) takes its place, as test runners' live areas do.
        // Drawing a last frame only to erase it would cost the run's end ~40 ms.
        instance?.rerender(h(Gone));
        return 'quit';
      }
      draw();
      clearInterval(ticker);
      ticker = undefined;
      const choice = await new Promise<'quit' | 'rerun'>((resolve) => (choose = resolve));
      choose = undefined;
      ticker ??= setInterval(update, 1000).unref();
      return choice;
    },
    leave() {
      if (pending) clearTimeout(pending);
      if (ticker) clearInterval(ticker);
      instance?.unmount();
      instance = undefined;
    },
  };
}
