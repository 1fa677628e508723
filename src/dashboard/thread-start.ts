// The first module of the dashboard's thread: lowers the thread's priority before anything heavy loads,
// then loads the dashboard (~1 MB bundled). On Linux a nice value belongs to the thread that sets it, so
// the dashboard yields the CPU to the thread that drives the tests and the app under
// test whenever they want it: on a saturated machine it draws late instead of slowing the run. (Elsewhere
// it may apply to the whole process, hence Linux only.)
import { workerData } from 'node:worker_threads';
import { lowerThreadPriority } from '../util/thread-priority.js';
import type { DashboardThreadData } from './thread-protocol.js';

lowerThreadPriority();
await import((workerData as DashboardThreadData).entry);
