// The dashboard's tokenize must give ink what ansi-tokenize's gives: the same characters and codes for
// the lines it handles itself, and the library's answer for everything else.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { tokenize } from '@alcalzone/ansi-tokenize';
import { beforeAll, expect, it } from 'vitest';
import { tokenizeFast } from '../../../src/dashboard/ansi-tokens.js';

let fast: typeof tokenize;
let getEndCode: (code: string) => string;
beforeAll(async () => {
  // Not among the package's exports, but what the bundle imports next to it (scripts/bundle-dashboard.mjs).
  ({ getEndCode } = (await import(pathToFileURL(path.resolve('node_modules/@alcalzone/ansi-tokenize/build/ansiCodes.js')).href)) as { getEndCode: (c: string) => string });
  fast = tokenizeFast(tokenize, getEndCode);
});

it('splits lines of one-column characters and colour codes as ansi-tokenize does, up to endChar too', () => {
  const codes = ['\x1B[31m', '\x1B[39m', '\x1B[1m', '\x1B[22m', '\x1B[2m', '\x1B[m', '\x1B[0m', '\x1B[90m', '\x1B[7m', '\x1B[27m'];
  const chars = ['a', 'Z', ' ', '0', '✓', '✗', '▸', '█', '░', '·', '↑', '…', '─', 'é', '€'];
  let seed = 5;
  const rnd = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
  for (let i = 0; i < 3000; i++) {
    let s = '';
    for (let n = rnd(40); n > 0; n--) s += rnd(4) === 0 ? codes[rnd(codes.length)] : chars[rnd(chars.length)];
    expect(fast(s), JSON.stringify(s)).toEqual(tokenize(s));
    const end = rnd(20);
    expect(fast(s, end), `${JSON.stringify(s)} to ${end}`).toEqual(tokenize(s, end));
  }
});

it('leaves to the library what it does not handle: compound codes, links, other escapes, wide and combined characters', () => {
  for (const s of ['\x1B[1;31mbold red\x1B[0m', '\x1B[38;5;12mblue', '\x1B]8;;https://x.test\x07link\x1B]8;;\x07', 'up\x1B[2Aok', '\x9B31mc1', '日本語', '👍 ok', 'e\u0301', 'a\u200Db']) {
    expect(fast(s), JSON.stringify(s)).toEqual(tokenize(s));
  }
});
