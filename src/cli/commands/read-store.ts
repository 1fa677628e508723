// Runs a read-only command against an existing results database: errors printed, exit code decided, store closed.
import path from 'node:path';
import { ExitCode, exitCodeForError } from '../../errors.js';
import { openStore } from '../../store/sqlite.js';
import type { Store } from '../../store/types.js';
import type { CliContext } from '../context.js';
import { printError } from '../print-error.js';

export async function withReadStore(db: string, cli: CliContext, fn: (store: Store) => void | Promise<void>): Promise<number> {
  let store: Store | undefined;
  try {
    store = openStore(path.resolve(cli.cwd, db), { mustExist: true });
    await fn(store);
    return ExitCode.passed;
  } catch (e) {
    printError(e, cli);
    return exitCodeForError(e);
  } finally {
    store?.close();
  }
}
