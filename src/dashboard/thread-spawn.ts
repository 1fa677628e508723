// Starting the dashboard's thread, apart from taking the terminal with it (thread-main.ts attaches it): the
// thread loads ink and React as soon as it starts and then waits, untouched terminal, for a run to attach
// it. That lets main.ts start it before the CLI's own modules load, while the other core is idle, when a
// run on a terminal is likely (cli/dashboard-choice.ts). Only node built-ins and bundle-path here: it is
// loaded before everything else.
import { Worker } from 'node:worker_threads';
import { dashboardBundle, dashboardThreadEntry } from './bundle-path.js';
import type { DashboardThreadData } from './thread-protocol.js';

export interface DashboardThread {
  worker: Worker;
  /** Settles, with why, when the thread fails or ends; a thread that fails before it is attached is not lost. */
  gone: Promise<Error>;
  /** Ends a thread no run attached: it never drew, so the terminal is as it was. */
  discard(): void;
}

/** `threadModule`: the thread's first module (default thread-start, see bundle-path.ts; tests give one that fails). */
export function spawnDashboardThread(env: NodeJS.ProcessEnv, threadModule?: URL): DashboardThread {
  const bundle = dashboardBundle();
  const data: DashboardThreadData = bundle ? { bundle } : {};
  // Unbundled, React picks its build from NODE_ENV: a shipped CLI wants production.
  const worker = new Worker(threadModule ?? dashboardThreadEntry(), { workerData: data, env: { ...env, NODE_ENV: env.NODE_ENV ?? 'production' } });
  const gone = new Promise<Error>((resolve) => {
    // A listener from the start: a worker's 'error' with none would take the process down.
    worker.on('error', resolve);
    worker.on('exit', () => resolve(new Error('The dashboard thread ended.')));
  });
  return {
    worker,
    gone,
    discard() {
      worker.unref();
      void worker.terminate();
    },
  };
}
