// Lowers the calling thread's scheduling priority, for threads whose work may wait (drawing, committing).
import { readdirSync } from 'node:fs';
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

// Below the thread that drives the tests and the app under test, above the store and the dashboard.
const HELPERS = 5;

/**
 * Lowers the priority of the threads the runtime started before any of ours: V8's platform workers
 * (background compilation, GC helpers) and libuv's pool. A run of many fast tests on a small machine is
 * limited by how soon the app under test gets a core to answer on; at the default priority V8 compiling the
 * runner's code in the background took it. Call it before starting any worker thread of our own (those
 * would be lowered too). Linux only, as lowerThreadPriority; never throws.
 */
export function lowerRuntimeHelpersPriority(): void {
  if (process.platform !== 'linux') return;
  let tids: string[];
  try {
    tids = readdirSync('/proc/self/task');
  } catch {
    return;
  }
  for (const tid of tids) {
    if (Number(tid) === process.pid) continue;
    try {
      // Only ever lower: a process started with `nice` keeps its helpers at least as low as itself.
      if (os.getPriority(Number(tid)) < HELPERS) os.setPriority(Number(tid), HELPERS);
    } catch {
      // Keeps its priority.
    }
  }
}
