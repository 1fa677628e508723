// The first module of the dashboard's thread: lowers the thread's priority before anything heavy loads,
// then loads the dashboard (~1 MB bundled). On Linux a nice value belongs to the thread that sets it, so
// the dashboard yields the CPU to the thread that drives the tests, the store's writer and the app under
// test whenever they want it: on a saturated machine it draws late instead of slowing the run. (Elsewhere
// it may apply to the whole process, hence Linux only.)
import os from 'node:os';
import { workerData } from 'node:worker_threads';
import type { DashboardThreadData } from './thread-protocol.js';

const LOWEST = 19;

if (process.platform === 'linux') {
  try {
    os.setPriority(LOWEST);
  } catch {
    // Not allowed here (a container's seccomp profile, say): draw at normal priority.
  }
}
await import((workerData as DashboardThreadData).entry);
