// The dashboard as a reporter: events fold into the state at once, the screen is redrawn at most ten times
// a second (a burst of thousands of events costs a few frames), and q stops the run as Ctrl-C does.
import { render, type Instance } from 'ink';
import { createElement as h } from 'react';
import type { RunEvent } from '../events/types.js';
import type { Reporter } from '../reporters/types.js';
import { App } from './app.js';
import { initialState, reduce } from './state.js';

export interface DashboardOptions {
  stdout: NodeJS.WriteStream;
  stdin: NodeJS.ReadStream;
  /** Stops the run gracefully, as the first Ctrl-C does. */
  interrupt(): void;
  /** Minimum time between frames (default 100 ms: ten frames a second). */
  frameMs?: number;
}

export interface DashboardReporter extends Reporter {
  /** Frames drawn so far. */
  frames(): number;
}

export function createDashboardReporter(o: DashboardOptions): DashboardReporter {
  const frameMs = o.frameMs ?? 100;
  const state = initialState();
  let frames = 0;
  let last = 0;
  let pending: NodeJS.Timeout | undefined;
  let instance: Instance | undefined;
  let ticker: NodeJS.Timeout | undefined;
  let left!: () => void;
  const leaving = new Promise<void>((resolve) => (left = resolve));
  const quit = (): void => {
    if (!state.ended) o.interrupt();
    else left();
  };
  const draw = (): void => {
    pending = undefined;
    last = Date.now();
    frames++;
    const app = h(App, { state, now: last, width: o.stdout.columns ?? 80, onQuit: quit });
    if (instance) instance.rerender(app);
    else instance = render(app, { stdout: o.stdout, stdin: o.stdin, exitOnCtrlC: false, patchConsole: false });
  };
  const schedule = (): void => {
    if (pending) return;
    pending = setTimeout(draw, Math.max(0, frameMs - (Date.now() - last)));
  };
  return {
    ownsTerminal: true,
    frames: () => frames,
    onEvent(e: RunEvent) {
      reduce(state, e);
      // Elapsed times move even when no event arrives.
      if (e.type === 'run:start') ticker = setInterval(schedule, 1000);
      schedule();
    },
    async close() {
      if (ticker) clearInterval(ticker);
      if (pending) clearTimeout(pending);
      draw();
      // On a terminal the finished run stays on screen to browse until q; elsewhere it ends here.
      if (o.stdin.isTTY) await leaving;
      instance?.unmount();
    },
  };
}
