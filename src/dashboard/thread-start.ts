// The first module of the dashboard's thread: lowers the thread's priority before anything heavy loads,
// then loads the dashboard (~0.8 MB bundled) and runs it. On Linux a nice value belongs to the thread that
// sets it, so the dashboard yields the CPU to the thread that drives the tests and the app under test
// whenever they want it: on a saturated machine it draws late instead of slowing the run. (Elsewhere it may
// apply to the whole process, hence Linux only.)
import { parentPort, workerData } from 'node:worker_threads';
import { lowerThreadPriority } from '../util/thread-priority.js';
import { loadDashboard } from './load.js';
import type { DashboardThreadData } from './thread-protocol.js';

lowerThreadPriority();
const { dashboard, keepCompiled } = await loadDashboard();
const port = parentPort!;
dashboard.runDashboardThread({
  data: workerData as DashboardThreadData,
  send: (m) => port.postMessage(m),
  onMessage: (handle) => port.on('message', handle),
  // Once a frame is drawn, the code that drew it is compiled: kept, the next start skips compiling it.
  firstFrame: keepCompiled,
});
