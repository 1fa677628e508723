// The failure narrative is given the text artifacts of a failed test (a browser log), clipped to their tail.
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { textArtifacts } from '../../../src/cli/commands/analyze.js';

it('reads text artifacts relative to the working folder, keeps the tail of long ones, skips images and missing files', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'aitest-logs-'));
  writeFileSync(path.join(dir, 'log.txt'), 'console error: TypeError: cart is undefined\n');
  writeFileSync(path.join(dir, 'long.txt'), `${'x'.repeat(5000)}END`);
  const logs = textArtifacts([
    { path: 'log.txt', contentType: 'text/plain' },
    { path: 'shot.png', contentType: 'image/png' },
    { path: 'long.txt', contentType: 'text/plain' },
    { path: 'gone.txt', contentType: 'text/plain' },
  ], dir);
  expect(logs[0]).toBe('console error: TypeError: cart is undefined\n');
  expect(logs[1].startsWith('…')).toBe(true);
  expect(logs[1].endsWith('END')).toBe(true);
  expect(logs[1].length).toBe(1501);
  expect(logs.length).toBe(2);
});
