// The first module of the dashboard's thread: lowers the thread's priority before anything heavy loads,
// then loads the dashboard (~0.8 MB bundled) and runs it once a run attaches it. On Linux a nice value
// belongs to the thread that sets it, so the dashboard yields the CPU to the thread that drives the tests
// and the app under test whenever they want it: on a saturated machine it draws late instead of slowing
// the run. (Elsewhere it may apply to the whole process, hence Linux only.) The build also makes a
// CommonJS copy of this module (bundle-path.ts), so it uses neither import.meta nor a top-level await.
import { parentPort, workerData } from 'node:worker_threads';
import { lowerThreadPriority } from '../util/thread-priority.js';
import { loadDashboard, type LoadedDashboard } from './load.js';
import type { DashboardThreadData, ToDashboard } from './thread-protocol.js';

lowerThreadPriority();
const data = workerData as DashboardThreadData;
const port = parentPort!;
void loadDashboard(data.bundle).then(({ dashboard, keepCompiled }: LoadedDashboard) => {
  // Messages wait in the port until now. Nothing touches the terminal before a run attaches the thread
  // (thread-spawn.ts): one started on a guess that proved wrong is ended without a trace.
  let handle: ((m: ToDashboard) => void) | undefined;
  port.on('message', (m: ToDashboard) => {
    if (handle) handle(m);
    else if (m.kind === 'attach') {
      dashboard.runDashboardThread({
        terminal: m,
        send: (out) => port.postMessage(out),
        onMessage: (h) => (handle = h),
        // Once a frame is drawn, the code that drew it is compiled: kept, the next start skips compiling it.
        firstFrame: keepCompiled,
      });
    }
  });
});
