// Turns SQLite and file-system failures of the results database into AitestErrors a user can act on.
import { AitestError } from '../errors.js';

const MOVE_ASIDE = (file: string): string => `Move it aside to start a fresh one (mv ${file} ${file}.bak), or pass --db PATH / set AITEST_DB.`;

function hintFor(code: string, file: string): { what: string; hint: string } | undefined {
  if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) {
    return { what: 'is not a valid results database (or it is corrupt)', hint: MOVE_ASIDE(file) };
  }
  if (code.startsWith('SQLITE_READONLY') || code === 'EROFS') {
    return { what: 'is read-only', hint: `Make ${file} and its directory writable, or pass --db PATH / set AITEST_DB.` };
  }
  if (code.startsWith('SQLITE_CANTOPEN') || code === 'EACCES' || code === 'EPERM' || code === 'ENOTDIR' || code === 'EISDIR' || code === 'EEXIST') {
    return { what: 'cannot be opened or created', hint: 'Check that its directory exists and is writable, or pass --db PATH / set AITEST_DB.' };
  }
  if (code === 'SQLITE_FULL' || code === 'ENOSPC') {
    return { what: 'cannot grow: the disk is full', hint: 'Free some disk space, or pass --db PATH on another disk.' };
  }
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return { what: 'is locked by another process', hint: 'Another aitest (or a SQLite tool) holds a long write lock; wait for it or use another --db.' };
  }
  if (code.startsWith('SQLITE_IOERR') || code === 'EIO') {
    return { what: 'could not be read or written (I/O error)', hint: 'Check the disk and the file, or pass --db PATH.' };
  }
  return undefined;
}

/**
 * An environment failure (permissions, corruption, full disk) becomes AitestError('STORE');
 * anything else (a constraint, a bad query) is a bug in aitest and is returned unchanged.
 */
export function toStoreError(e: unknown, file: string): unknown {
  if (e instanceof AitestError) return e;
  const code = typeof (e as { code?: unknown })?.code === 'string' ? (e as { code: string }).code : '';
  const known = hintFor(code, file);
  if (!known) return e;
  const detail = e instanceof Error ? e.message : String(e);
  return new AitestError('STORE', `The results database ${file} ${known.what}: ${detail}`, { hint: known.hint, cause: e });
}

/** Runs fn and rethrows its failure through toStoreError. */
export function guarded<T>(file: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    throw toStoreError(e, file);
  }
}
