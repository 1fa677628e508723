// Whether the process that started a run is gone: a run row it left `running` then never ends by itself.
import os from 'node:os';

/**
 * True when the run's environment names this host and a process id (runner/run-meta.ts records both) and no
 * process has that id any more. False whenever it cannot tell: another host's run, a run stored without a
 * pid (before this was recorded, merged shards, a remote run), or the pid taken again by another process.
 */
export function runOwnerGone(env: Record<string, string> | undefined, host: string = os.hostname()): boolean {
  const pid = Number(env?.pid);
  if (env?.host !== host || !Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    // Signal 0 only asks whether the process exists; EPERM means it does, as another user's.
    process.kill(pid, 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
