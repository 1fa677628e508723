// Small tmpfs file systems that really fill up, for the tests of a file; unmounted after them. Mounting
// needs root (CI runs as root): without it the test fails with the reason, it never skips.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';

export function useTmpfs(): { mount(size: string): string } {
  const mounts: string[] = [];
  afterAll(() => {
    for (const dir of mounts) {
      // Lazily if a process still holds a file there: the mount goes when it lets go.
      if (spawnSync('umount', [dir]).status !== 0) spawnSync('umount', ['-l', dir]);
      rmSync(dir, { recursive: true, force: true });
    }
  });
  return {
    mount(size) {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'aitest-disk-'));
      const r = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], { encoding: 'utf8' });
      if (r.status !== 0) {
        rmSync(dir, { recursive: true, force: true });
        const why = (r.stderr || r.error?.message || `exit ${r.status}`).trim();
        throw new Error(`This test fills a real disk and must mount a tmpfs, which needs root (CI runs as root): \`mount -t tmpfs -o size=${size} tmpfs ${dir}\` failed: ${why}`);
      }
      mounts.push(dir);
      return dir;
    },
  };
}
