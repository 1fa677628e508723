// The live dashboard, a service on the run's background thread (util/thread-host.ts), which it shares
// with the results store: ink and React load and draw there, with their own handles on the terminal (fd 0
// and 1), so neither takes time from the thread that drives the tests. It loads the dashboard (~0.8 MB
// bundled) as soon as it is opened, and draws nothing until a run attaches it (thread-main.ts): one opened
// on a guess that proved wrong (main.ts) is closed without a trace.
import type { MessagePort } from 'node:worker_threads';
import type { Serve } from '../util/thread-host-protocol.js';
import { loadDashboard } from './load.js';
import type { DashboardThreadData, ToDashboard } from './thread-protocol.js';
import type { RunningDashboard } from './thread-worker.js';

export const serve: Serve = async (port: MessagePort, data: unknown) => {
  const { dashboard, keepCompiled } = await loadDashboard((data as DashboardThreadData).bundle);
  let running: RunningDashboard | undefined;
  // Messages wait in the port until now.
  let handle: ((m: ToDashboard) => void) | undefined;
  port.on('message', (m: ToDashboard) => {
    if (handle) handle(m);
    else if (m.kind === 'attach') {
      running = dashboard.runDashboardThread({
        terminal: m,
        send: (out) => port.postMessage(out),
        onMessage: (h) => (handle = h),
        // Once a frame is drawn, the code that drew it is compiled: kept, the next start skips compiling it.
        firstFrame: keepCompiled,
      });
    }
  });
  port.once('close', () => running?.leave());
  return {
    // ink runs on its own timers and streams: an error nobody caught on the thread may be its. The
    // terminal is put back as it was and the dashboard ends; the store beside it goes on.
    fault: () => running?.leave(),
  };
};
