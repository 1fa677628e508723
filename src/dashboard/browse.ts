// Runs the history browser on the terminal until q (or r, when it offers to rerun a run's failures).
import { render } from 'ink';
import { createElement as h } from 'react';
import { History, type HistorySource } from './history.js';

export interface BrowseOptions {
  stdout: NodeJS.WriteStream;
  stdin: NodeJS.ReadStream;
  /** The run to open first (`run --ui`'s own), which r can rerun. */
  openRun?: string;
  rerun?: boolean;
}

export async function browseHistory(source: HistorySource, o: BrowseOptions): Promise<'quit' | 'rerun'> {
  // Room for the title, the help line and a details box's borders.
  const rows = Math.max(5, (o.stdout.rows ?? 24) - 4);
  let choice: 'quit' | 'rerun' = 'quit';
  const props = { source, rows, ...(o.openRun ? { openRun: o.openRun } : {}), ...(o.rerun ? { onRerun: () => (choice = 'rerun') } : {}) };
  const app = render(h(History, props), { stdout: o.stdout, stdin: o.stdin, exitOnCtrlC: false, patchConsole: false });
  await app.waitUntilExit();
  return choice;
}
