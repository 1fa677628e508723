// The only handle on the process that commands get: streams, env, cwd. Tests pass their own.
import type { TextSink } from '../reporters/types.js';

export interface CliContext {
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  stdout: TextSink & { isTTY?: boolean; columns?: number };
  stderr: TextSink;
  /** Colours on stdout, after NO_COLOR / FORCE_COLOR. */
  colors: boolean;
  verbose: boolean;
  /**
   * The process's own terminal streams, for what draws on a terminal and reads its keys (the live view,
   * the history browsers). Only the process entry sets it; without it commands print text and never draw.
   */
  terminal?: { stdout: NodeJS.WriteStream; stderr: NodeJS.WriteStream; stdin: NodeJS.ReadStream };
  /** What Ctrl-C does (the live view's q and Ctrl-C keys): the first stops a run gracefully, a second exits. */
  interrupt?(): void;
}

/** Decides whether to colour: NO_COLOR wins, then FORCE_COLOR, then whether stdout is a TTY. */
export function wantsColor(env: Readonly<Record<string, string | undefined>>, isTTY: boolean | undefined): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  return Boolean(isTTY);
}
