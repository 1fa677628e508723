// Turns SQLite and file-system failures of the results database into AitestErrors a user can act on.
import { AitestError } from '../errors.js';

const MOVE_ASIDE = (file: string): string => `Move it aside to start a fresh one (mv ${file} ${file}.bak), or pass --db PATH / set AITEST_DB.`;

/** How every failure to write the results database starts, whatever the cause: a full disk, a read-only file, a failed write. */
export const NOT_WRITABLE = 'results database not writable';

// SQLite's extended codes for a write that the file system refused (reads have codes of their own).
const WRITE_IOERR = new Set(['SQLITE_IOERR_WRITE', 'SQLITE_IOERR_FSYNC', 'SQLITE_IOERR_DIR_FSYNC', 'SQLITE_IOERR_TRUNCATE', 'SQLITE_IOERR_SHMSIZE']);

interface Known {
  /** `The results database X is …: detail`, or for a refused write `results database not writable: X: … (detail)`. */
  message(file: string, detail: string): string;
  hint: string;
}

function hintFor(code: string, file: string): Known | undefined {
  const is = (what: string): Known['message'] => (f, detail) => `The results database ${f} ${what}: ${detail}`;
  const notWritable = (what: string): Known['message'] => (f, detail) => `${NOT_WRITABLE}: ${f}: ${what} (${detail})`;
  if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) {
    return { message: is('is not a valid results database (or it is corrupt)'), hint: MOVE_ASIDE(file) };
  }
  if (code.startsWith('SQLITE_READONLY') || code === 'EROFS') {
    return { message: notWritable('it is read-only'), hint: `Make ${file} and its directory writable, or pass --db PATH / set AITEST_DB.` };
  }
  if (code.startsWith('SQLITE_CANTOPEN') || code === 'EACCES' || code === 'EPERM' || code === 'ENOTDIR' || code === 'EISDIR' || code === 'EEXIST') {
    return { message: is('cannot be opened or created'), hint: 'Check that its directory exists and is writable, or pass --db PATH / set AITEST_DB.' };
  }
  if (code === 'SQLITE_FULL' || code === 'ENOSPC' || code === 'EDQUOT') {
    return { message: notWritable('the disk is full'), hint: 'Free some disk space, or pass --db PATH on another disk.' };
  }
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return { message: is('is locked by another process'), hint: 'Another aitest (or a SQLite tool) holds a long write lock; wait for it or use another --db.' };
  }
  if (WRITE_IOERR.has(code) || code === 'EIO') {
    return { message: notWritable('a write failed'), hint: 'Check the disk and the file, or pass --db PATH.' };
  }
  if (code.startsWith('SQLITE_IOERR')) {
    return { message: is('could not be read or written (I/O error)'), hint: 'Check the disk and the file, or pass --db PATH.' };
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
  return new AitestError('STORE', known.message(file, detail), { hint: known.hint, cause: e });
}

/**
 * A store error met while a run was writing: always `results database not writable: …`, whatever SQLite said
 * (a lock held too long, a corrupt page), with `more` added to its hint. Anything but a STORE error (a bug
 * in aitest) is returned unchanged, to be printed with its stack.
 */
export function asNotWritable(e: unknown, more?: string): unknown {
  if (!(e instanceof AitestError) || e.code !== 'STORE') return e;
  const message = e.message.startsWith(`${NOT_WRITABLE}:`) ? e.message : `${NOT_WRITABLE}: ${e.message}`;
  const hint = [e.hint, more].filter((s) => s !== undefined && s !== '').join(' ');
  return new AitestError('STORE', message, { ...(hint ? { hint } : {}), cause: e });
}

/** Runs fn and rethrows its failure through toStoreError. */
export function guarded<T>(file: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    throw toStoreError(e, file);
  }
}
