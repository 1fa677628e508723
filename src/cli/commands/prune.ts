// `aitest prune --keep-runs N | --keep-days D`: old runs out of the results store, with their artifacts,
// and the file shrunk (VACUUM).
import { statSync } from 'node:fs';
import path from 'node:path';
import { AitestError, ExitCode, exitCodeForError } from '../../errors.js';
import { hasRetention, pruneStore } from '../../store/retention.js';
import type { CliContext } from '../context.js';
import { printError } from '../print-error.js';
import { retentionFrom, type RetentionFlags } from '../retention-flags.js';

export async function pruneCommand(o: RetentionFlags & { db: string }, cli: CliContext): Promise<number> {
  try {
    const retention = retentionFrom(o, cli);
    if (!hasRetention(retention)) {
      throw new AitestError('USAGE', 'Say what to keep: --keep-runs N, --keep-days D, or both.', { hint: 'For example `aitest prune --keep-runs 50`.' });
    }
    const file = path.resolve(cli.cwd, o.db);
    const before = sizeOf(file);
    const { removed, kept } = await pruneStore(file, retention, { vacuum: true });
    const after = sizeOf(file);
    cli.stdout.write(`removed ${removed.length} run${removed.length === 1 ? '' : 's'} and their artifacts, kept ${kept}; ${o.db}: ${mb(before)} → ${mb(after)}\n`);
    return ExitCode.passed;
  } catch (e) {
    printError(e, cli);
    return exitCodeForError(e);
  }
}

/** The database and its WAL. */
function sizeOf(file: string): number {
  let n = 0;
  for (const f of [file, `${file}-wal`]) {
    try {
      n += statSync(f).size;
    } catch {
      // no WAL: nothing to add
    }
  }
  return n;
}

const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
