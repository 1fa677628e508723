// Where a reporter's text goes: the terminal (with colours when allowed) or a file (never ANSI).
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ReporterContext, TextSink } from './types.js';

export interface ReportOutput extends TextSink {
  /** True when writing to the terminal: the reporter then owns it. */
  readonly toTerminal: boolean;
  readonly colors: boolean;
  /** Writes out what the terminal output buffered; the event bus calls it once per batch of events. */
  flush(): void;
  /** Writes the file (files are written whole at close, so a reader never sees half a report). */
  close(): Promise<void>;
}

export function resolveReportPath(file: string, ctx: ReporterContext): string {
  return path.resolve(ctx.cwd, file);
}

export async function writeReportFile(file: string, content: string, ctx: ReporterContext): Promise<void> {
  const target = resolveReportPath(file, ctx);
  await mkdir(path.dirname(target), { recursive: true });
  await writeFile(target, content);
}

export function createOutput(file: string | undefined, ctx: ReporterContext): ReportOutput {
  if (file === undefined || file === '' || file === '-') {
    // One write per batch of events instead of one per line: 10,000 tests were 10,000 write(2) calls.
    let buffered = '';
    const flush = (): void => {
      if (buffered === '') return;
      const text = buffered;
      buffered = '';
      ctx.stdout.write(text);
    };
    return {
      toTerminal: true,
      colors: ctx.colors,
      write: (s) => void (buffered += s),
      flush,
      close: async () => flush(),
    };
  }
  const chunks: string[] = [];
  return {
    toTerminal: false,
    colors: false,
    write: (s) => void chunks.push(s),
    flush: () => {},
    close: () => writeReportFile(file, chunks.join(''), ctx),
  };
}
