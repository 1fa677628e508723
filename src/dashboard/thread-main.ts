// The live dashboard on a thread of its own: ink and React render there, with their own handles on the
// terminal (fd 0 and 1), so neither loading ink nor drawing frames takes time from the thread that drives
// the tests. This side is what the run sees: a reporter that folds events into the state (cheap), and
// posts it at most ten times a second, the tests that finished since going over once. A passed test
// goes without its checks, and this side does not keep it either: the run would otherwise hold every
// result it ever ran (memory, and garbage-collection time taken from the tests). If someone opens one,
// its details are read back from the results store, where it was committed before it was shown.
import { Worker } from 'node:worker_threads';
import type { RunEvent } from '../events/types.js';
import type { DashboardReporter } from './reporter.js';
import { initialState, isFailing, reduce, type FinishedTest } from './state.js';
import type { DashboardThreadData, FromDashboard, StateHead, ToDashboard } from './thread-protocol.js';

export interface DashboardThreadOptions {
  /** The thread's module: the bundled one when built, the compiled module otherwise (see load.ts). */
  entry: URL;
  stdout: NodeJS.WriteStream;
  env: NodeJS.ProcessEnv;
  interrupt(): void;
  stay: boolean;
  /** A passed test someone opened, read back from the results store (see the top of this file). */
  details?(runId: string, key: string): Promise<FinishedTest | undefined>;
}

const POST_MS = 100;

/** What the list shows of a test that needs no attention; the rest is sent when it is opened. */
function listed(t: FinishedTest): FinishedTest {
  if (isFailing(t) || t.status === 'flaky' || t.checks.some((c) => c.name === 'judge')) return t;
  const row: FinishedTest = { key: t.key, name: t.name, type: t.type, status: t.status, durationMs: t.durationMs, checks: [], artifacts: [], partial: true };
  if (t.project !== undefined) row.project = t.project;
  if (t.where !== undefined) row.where = t.where;
  return row;
}

export function startDashboardThread(o: DashboardThreadOptions): DashboardReporter {
  // A pseudo-terminal may report 0 columns; COLUMNS/LINES then say what the person set.
  const size = () => ({
    columns: o.stdout.columns || Number(o.env.COLUMNS) || 80,
    rows: o.stdout.rows || Number(o.env.LINES) || 24,
  });
  const data: DashboardThreadData = { entry: o.entry.href, ...size(), stay: o.stay };
  // Unbundled, React picks its build from NODE_ENV: a shipped CLI wants production.
  const env = { ...o.env, NODE_ENV: o.env.NODE_ENV ?? 'production' };
  const worker = new Worker(new URL('./thread-start.js', import.meta.url), { workerData: data, env });
  const state = initialState();
  // The tests sent whole (failing, flaky, judged): what a details request finds here.
  let kept = new Map<string, FinishedTest>();
  let runId: string | undefined;
  let fresh = false;
  let timer: NodeJS.Timeout | undefined;
  let frames = 0;
  let rerun = false;
  let waiting: ((m: FromDashboard) => void) | undefined;
  let failure: Error | undefined;

  const post = (m: ToDashboard): void => {
    if (!failure) worker.postMessage(m);
  };
  const postState = (): void => {
    timer = undefined;
    const { finished, ...head } = state;
    const rows = finished.map(listed);
    for (const row of rows) if (!row.partial) kept.set(row.key, row);
    post({ kind: 'state', head: head satisfies StateHead, finished: rows, fresh });
    // Sent: the thread has them now (state.failures keeps the few the header shows).
    state.finished = [];
    fresh = false;
  };
  const onResize = (): void => post({ kind: 'resize', ...size() });
  o.stdout.on('resize', onResize);
  worker.on('message', (m: FromDashboard) => {
    if (m.kind === 'interrupt') o.interrupt();
    else if (m.kind === 'details') {
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
    const whole = kept.get(key);
    if (whole || runId === undefined || !o.details) return whole;
    // Unreadable (a database gone, say): the test stays as it is shown, without its checks.
    return o.details(runId, key).catch(() => undefined);
  };
  // A dashboard that fails must not take the run with it: the run goes on and its results are stored.
  const gone = (e: Error): void => {
    failure ??= e;
    waiting?.({ kind: 'closed', rerun: false, frames });
  };
  worker.on('error', gone);
  worker.on('exit', () => gone(new Error('The dashboard thread ended.')));
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

  return {
    ownsTerminal: true,
    frames: () => frames,
    rerunRequested: () => rerun,
    onEvent(e: RunEvent) {
      if (e.type === 'run:start') {
        rerun = false;
        fresh = true;
        runId = e.run.id;
        kept = new Map();
      }
      reduce(state, e);
      timer ??= setTimeout(postState, POST_MS);
    },
    async close() {
      if (timer) clearTimeout(timer);
      // Only a dashboard that stays shows the final state; one that leaves clears its frame (view.ts).
      if (o.stay) postState();
      await reply({ kind: 'close' });
      if (rerun) return;
      o.stdout.off('resize', onResize);
      // The terminal is back as it was; the thread ends on its own time, without holding the process.
      worker.unref();
      void worker.terminate();
    },
  };
}
