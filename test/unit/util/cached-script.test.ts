// A bundle loaded with V8's code cache: the same exports with or without it, the cache taken on the next
// load, and never another build's bytecode for a file that changed.
import { mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { defaultCodeCacheDir, requireCached } from '../../../src/util/cached-script.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'aitest-code-cache-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const bundle = (answer: string): string => `const path = require('node:path');
function greet(name) { return 'hello ' + name + ' ' + ${answer}; }
module.exports = { greet, base: path.basename(__filename), dir: __dirname };
`;

it('loads a CommonJS file, keeps its compiled code, and takes it on the next load', () => {
  const file = path.join(dir, 'b.cjs');
  writeFileSync(file, bundle("'one'"));
  const cache = path.join(dir, 'cache');
  const first = requireCached<{ greet(n: string): string; base: string; dir: string }>(file, cache);
  expect(first.hit).toBe(false);
  expect(first.exports.greet('x')).toBe('hello x one');
  expect([first.exports.base, first.exports.dir]).toEqual(['b.cjs', dir]);
  first.keep();
  expect(readdirSync(cache)).toHaveLength(1);
  const second = requireCached<{ greet(n: string): string }>(file, cache);
  expect(second.hit).toBe(true);
  expect(second.exports.greet('y')).toBe('hello y one');
});

it('a changed file is never run with the old bytecode, even at the same length', () => {
  const file = path.join(dir, 'b.cjs');
  const cache = path.join(dir, 'cache');
  writeFileSync(file, bundle("'one'"));
  const old = requireCached<{ greet(n: string): string }>(file, cache);
  old.exports.greet('warm');
  old.keep();
  writeFileSync(file, bundle("'two'"));
  // Same size, and a later mtime as a rebuild would give it.
  const later = new Date(Date.now() + 5000);
  utimesSync(file, later, later);
  const fresh = requireCached<{ greet(n: string): string }>(file, cache);
  expect(fresh.hit).toBe(false);
  expect(fresh.exports.greet('z')).toBe('hello z two');
});

it('a cache folder that cannot be written only means no cache', () => {
  const file = path.join(dir, 'b.cjs');
  writeFileSync(file, bundle("'one'"));
  const blocked = path.join(dir, 'blocked');
  writeFileSync(blocked, 'a file where the folder would be');
  const loaded = requireCached<{ greet(n: string): string }>(file, path.join(blocked, 'cache'));
  expect(() => loaded.keep()).not.toThrow();
  expect(loaded.exports.greet('a')).toBe('hello a one');
  expect(requireCached(file, path.join(blocked, 'cache')).hit).toBe(false);
});

it('lives in the user cache folder (XDG_CACHE_HOME when set)', () => {
  expect(defaultCodeCacheDir({ XDG_CACHE_HOME: '/x/cache' })).toBe(path.join('/x/cache', 'aitest', 'code'));
  expect(defaultCodeCacheDir({})).toBe(path.join(os.homedir(), '.cache', 'aitest', 'code'));
});
