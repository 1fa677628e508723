// Caches written beside other runs: a file is written aside and renamed into place, so a reader (another
// run, in parallel) never sees half of it.
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Writes `data` to `file` whole or not at all, creating its folder. Never throws: for a cache, a file
 * that cannot be written only means no entry. Returns whether it was written.
 */
export function writeFileAtomicSync(file: string, data: string | Uint8Array): boolean {
  const partial = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(partial, data);
    renameSync(partial, file);
    return true;
  } catch {
    try {
      rmSync(partial, { force: true });
    } catch {
      // Never written.
    }
    return false;
  }
}
