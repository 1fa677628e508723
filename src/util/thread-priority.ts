// Lowers the calling thread's scheduling priority, for threads whose work may wait (drawing, committing).
import os from 'node:os';

const LOWEST = 19;

/**
 * On Linux a nice value belongs to the thread that sets it, so a background thread at the lowest priority
 * runs when a core is free and yields to the thread that drives the tests and to the app under test when
 * they want it. Elsewhere it may apply to the whole process, hence Linux only. Never throws: where it is
 * not allowed (a container's seccomp profile, say), the thread keeps its priority.
 */
export function lowerThreadPriority(): void {
  if (process.platform !== 'linux') return;
  try {
    os.setPriority(LOWEST);
  } catch {
    // Keeps the normal priority.
  }
}
