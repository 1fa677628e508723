// Store failures a user can act on: a refused write reads `results database not writable: …` with its fix;
// a run's store failure is always said that way; a bug is passed through to keep its stack.
import { describe, expect, it } from 'vitest';
import { AitestError } from '../../../src/errors.js';
import { asNotWritable, toStoreError } from '../../../src/store/store-error.js';

const sqlite = (code: string, message: string): Error => Object.assign(new Error(message), { code });

describe('toStoreError', () => {
  it('a full disk, a read-only file or a failed write is `results database not writable` with a hint', () => {
    expect(toStoreError(sqlite('SQLITE_FULL', 'database or disk is full'), 'r.db')).toMatchObject({
      code: 'STORE', message: 'results database not writable: r.db: the disk is full (database or disk is full)', hint: 'Free some disk space, or pass --db PATH on another disk.',
    });
    expect(toStoreError(sqlite('ENOSPC', 'no space left on device'), 'r.db')).toMatchObject({ message: 'results database not writable: r.db: the disk is full (no space left on device)' });
    expect(toStoreError(sqlite('SQLITE_READONLY', 'attempt to write a readonly database'), 'r.db')).toMatchObject({
      code: 'STORE', message: 'results database not writable: r.db: it is read-only (attempt to write a readonly database)',
    });
    expect(toStoreError(sqlite('SQLITE_IOERR_WRITE', 'disk I/O error'), 'r.db')).toMatchObject({ message: 'results database not writable: r.db: a write failed (disk I/O error)' });
  });

  it('failures that are not about writing keep their own words', () => {
    expect(toStoreError(sqlite('SQLITE_IOERR_READ', 'disk I/O error'), 'r.db')).toMatchObject({ message: 'The results database r.db could not be read or written (I/O error): disk I/O error' });
    expect(toStoreError(sqlite('SQLITE_NOTADB', 'file is not a database'), 'r.db')).toMatchObject({ message: 'The results database r.db is not a valid results database (or it is corrupt): file is not a database' });
    const bug = sqlite('SQLITE_CONSTRAINT_PRIMARYKEY', 'UNIQUE constraint failed');
    expect(toStoreError(bug, 'r.db')).toBe(bug);
  });
});

describe('asNotWritable', () => {
  it('says any STORE error of a run as `results database not writable`, adding to its hint', () => {
    const locked = new AitestError('STORE', 'The results database r.db is locked by another process: database is locked', { hint: 'Wait for it.' });
    expect(asNotWritable(locked, 'The run is marked interrupted.')).toMatchObject({
      code: 'STORE', message: 'results database not writable: The results database r.db is locked by another process: database is locked', hint: 'Wait for it. The run is marked interrupted.',
    });
    const full = toStoreError(sqlite('SQLITE_FULL', 'database or disk is full'), 'r.db') as AitestError;
    expect((asNotWritable(full) as AitestError).message).toBe(full.message);
  });

  it('leaves a bug as it is', () => {
    const bug = new Error('Store received test:end before run:start.');
    expect(asNotWritable(bug, 'more')).toBe(bug);
  });
});
