// Opening the dashboard on the run's background thread (thread-service.ts), apart from taking the terminal
// with it (thread-main.ts attaches it): it loads ink and React as soon as it is opened and then waits,
// terminal untouched, for a run to attach it. That lets main.ts open it before the CLI's own modules load,
// while the other core is idle, when a run on a terminal is likely (cli/dashboard-choice.ts). Only node
// built-ins, bundle-path and the thread host here: it is loaded before everything else.
import type { MessagePort } from 'node:worker_threads';
import type { ThreadHost } from '../util/thread-host.js';
import { dashboardBundle } from './bundle-path.js';
import type { DashboardThreadData } from './thread-protocol.js';

export interface DashboardThread {
  port: MessagePort;
  /** Settles, with why when known, when the dashboard has ended: one that fails before it is attached is not lost. */
  ended: Promise<Error | undefined>;
  /** Ends a dashboard no run attached: it never drew, so the terminal is as it was. */
  discard(): void;
}

/** `service`: the module to run (default thread-service.js; tests give one that fails). */
export function openDashboardThread(host: ThreadHost, service = new URL('./thread-service.js', import.meta.url)): DashboardThread {
  const bundle = dashboardBundle();
  const data: DashboardThreadData = bundle ? { bundle } : {};
  const { port, ended, close } = host.open(service, data);
  return { port, ended, discard: close };
}
