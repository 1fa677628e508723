// The live dashboard on the run's background thread (thread-service.ts): ink and React render there, with
// their own handles on the terminal (fd 0 and 1), so neither loading ink nor drawing frames takes time
// from the thread that drives the tests. This side is what the run sees: a reporter that folds events into
// the state (cheap), and posts it at most ten times a second with the one page of finished tests the list
// shows; the thread asks for another page when a key moves the selection or filters. Finished tests stay
// here, column by column (finished-columns.ts): a passed test without its checks, so the run does not hold
// every result it ran. If someone opens one, its details are read back from the results store, where it
// was committed before it was shown.
import type { RunEvent } from '../events/types.js';
import { FinishedColumns } from './finished-columns.js';
import { pageOf, type ListQuery } from './list-page.js';
import type { DashboardReporter } from './reporter.js';
import { initialState, reduce, type FinishedTest } from './state.js';
import type { FromDashboard, StateHead, ToDashboard } from './thread-protocol.js';
import type { ThreadHost } from '../util/thread-host.js';
import { openDashboardThread, type DashboardThread } from './thread-open.js';

export interface DashboardThreadOptions {
  /** The background thread it runs on (shared with the results store). */
  host: ThreadHost;
  /** The dashboard already opened there (main.ts opens it before the CLI loads); else it is opened now. */
  thread?: DashboardThread;
  stdout: NodeJS.WriteStream;
  env: NodeJS.ProcessEnv;
  interrupt(): void;
  stay: boolean;
  /** A passed test someone opened, read back from the results store (see the top of this file). */
  details?(runId: string, key: string): Promise<FinishedTest | undefined>;
}

const POST_MS = 100;

export function startDashboardThread(o: DashboardThreadOptions): DashboardReporter {
  // A pseudo-terminal may report 0 columns; COLUMNS/LINES then say what the person set.
  const size = () => ({
    columns: o.stdout.columns || Number(o.env.COLUMNS) || 80,
    rows: o.stdout.rows || Number(o.env.LINES) || 24,
  });
  const thread = o.thread ?? openDashboardThread(o.host);
  const { port } = thread;
  const state = initialState();
  let finished = new FinishedColumns();
  // What the list on screen shows until the thread says otherwise: the first rows, unfiltered.
  let query: ListQuery = { selected: 0, rows: 8, failuresOnly: false };
  let runId: string | undefined;
  let fresh = false;
  let timer: NodeJS.Timeout | undefined;
  let frames = 0;
  let rerun = false;
  let waiting: ((m: FromDashboard) => void) | undefined;
  let failure: Error | undefined;
  // The frame is being cleared (testsDone), and no state goes to the thread any more.
  let leaving: Promise<FromDashboard> | undefined;

  const post = (m: ToDashboard): void => {
    if (!failure) port.postMessage(m);
  };
  const postState = (): void => {
    timer = undefined;
    const { finished: _none, ...head } = state;
    post({ kind: 'state', head: head satisfies StateHead, page: pageOf(finished, query), query, fresh });
    fresh = false;
  };
  const onResize = (): void => post({ kind: 'resize', ...size() });
  o.stdout.on('resize', onResize);
  port.on('message', (m: FromDashboard) => {
    if (m.kind === 'interrupt') o.interrupt();
    else if (m.kind === 'list') {
      query = m.query;
      post({ kind: 'page', page: pageOf(finished, query), query });
    } else if (m.kind === 'details') {
      void detailsOf(m.key).then((test) => test && post({ kind: 'details', test }));
    } else {
      if (m.kind === 'closed') {
        frames = m.frames;
        rerun = m.rerun;
      }
      waiting?.(m);
    }
  });
  const detailsOf = async (key: string): Promise<FinishedTest | undefined> => {
    const whole = finished.wholeTest(key);
    if (whole || runId === undefined || !o.details) return whole;
    // Unreadable (a database gone, say): the test stays as it is shown, without its checks.
    return o.details(runId, key).catch(() => undefined);
  };
  // A dashboard that fails must not take the run with it: the run goes on and its results are stored.
  const gone = (e: Error): void => {
    failure ??= e;
    waiting?.({ kind: 'closed', rerun: false, frames });
  };
  void thread.ended.then((e) => gone(e ?? new Error('The dashboard ended.')));
  const reply = (send: ToDashboard): Promise<FromDashboard> => {
    if (failure) return Promise.resolve({ kind: 'closed', rerun: false, frames });
    return new Promise((resolve) => {
      waiting = (m) => {
        waiting = undefined;
        resolve(m);
      };
      post(send);
    });
  };

  post({ kind: 'attach', ...size(), stay: o.stay });

  return {
    ownsTerminal: true,
    frames: () => frames,
    rerunRequested: () => rerun,
    onEvent(e: RunEvent) {
      if (e.type === 'run:start') {
        rerun = false;
        fresh = true;
        runId = e.run.id;
        finished = new FinishedColumns();
      }
      // Finished tests are kept here, in columns, not in the state.
      reduce(state, e, finished.add);
      if (!leaving) timer ??= setTimeout(postState, POST_MS);
    },
    testsDone() {
      // A dashboard that leaves with the run clears its frame now, while the store commits the last
      // results, rather than after: the summary that takes its place comes sooner.
      if (o.stay || leaving) return;
      if (timer) clearTimeout(timer);
      timer = undefined;
      leaving = reply({ kind: 'close' });
    },
    async close() {
      if (timer) clearTimeout(timer);
      // Only a dashboard that stays shows the final state; one that leaves clears its frame (view.ts).
      if (o.stay) postState();
      await (leaving ?? reply({ kind: 'close' }));
      if (rerun) return;
      o.stdout.off('resize', onResize);
      // The terminal is back as it was: the dashboard ends, the thread goes on with the store.
      thread.discard();
    },
  };
}
