// The reporter contract: a subscriber to the RunEvent stream.
import type { RunEvent } from '../events/types.js';

export interface TextSink {
  write(text: string): void;
}

export interface ReporterContext {
  stdout: TextSink;
  stderr: TextSink;
  /** Colours on the terminal (NO_COLOR / FORCE_COLOR already applied). Files never get ANSI codes. */
  colors: boolean;
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
}

export interface Reporter {
  /** At most one reporter writes to the terminal. */
  ownsTerminal?: boolean;
  onEvent(event: RunEvent): void | Promise<void>;
  /** Called after each batch of events (they arrive in batches a few ms apart): write out buffered output. */
  sync?(): void | Promise<void>;
  /**
   * Every test has finished; the last events follow once the store has committed them (which can take a
   * while after many fast tests). A reporter with nothing left to show may let go of the terminal now.
   */
  testsDone?(): void;
  /** Flush files. Called once after `run:end` (or after an interrupted run). */
  close?(): Promise<void>;
}

/** `--reporter name[:file]` → factory(options). */
export type ReporterFactory = (options: { file?: string }, ctx: ReporterContext) => Reporter;
