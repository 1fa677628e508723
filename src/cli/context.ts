// The only handle on the process that commands get: streams, env, cwd. Tests pass their own.
import type { DashboardThread } from '../dashboard/thread-open.js';
import type { TextSink } from '../reporters/types.js';
import type { ThreadHost } from '../util/thread-host.js';

export interface CliContext {
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  stdout: TextSink & { isTTY?: boolean; columns?: number };
  stderr: TextSink;
  /** Colours on stdout, after NO_COLOR / FORCE_COLOR. */
  colors: boolean;
  verbose: boolean;
  /** Stops a run gracefully, as the first Ctrl-C does (the dashboard's q). */
  interrupt?(): void;
  /**
   * Started by main.ts before the CLI loaded, on a guess that this is a run: the run's background thread,
   * with the store's code loading on it, and on a terminal the dashboard too. `run` takes them, and
   * attaches the dashboard or discards it when the guess was wrong.
   */
  early?: { host: ThreadHost; dashboard?: DashboardThread };
}

/** Decides whether to colour: NO_COLOR wins, then FORCE_COLOR, then whether stdout is a TTY. */
export function wantsColor(env: Readonly<Record<string, string | undefined>>, isTTY: boolean | undefined): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  return Boolean(isTTY);
}
