// Runs the history browser on the terminal until q.
import { render } from 'ink';
import { createElement as h } from 'react';
import { History, type HistorySource } from './history.js';

export async function browseHistory(source: HistorySource, o: { stdout: NodeJS.WriteStream; stdin: NodeJS.ReadStream; openRun?: string }): Promise<void> {
  // Room for the title, the help line and a details box's borders.
  const rows = Math.max(5, (o.stdout.rows ?? 24) - 4);
  const app = render(h(History, { source, rows, ...(o.openRun ? { openRun: o.openRun } : {}) }), { stdout: o.stdout, stdin: o.stdin, exitOnCtrlC: false, patchConsole: false });
  await app.waitUntilExit();
}
