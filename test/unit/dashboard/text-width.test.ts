// The dashboard's own count of columns must agree with string-width wherever it answers: every character
// it counts, alone and among others, against every copy of string-width ink's tree uses (the bundle puts
// the count in front of each, see scripts/bundle-dashboard.mjs).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { fastStringWidth } from '../../../src/dashboard/text-width.js';

type Width = (s: string) => number;

// string-width 7 and later (ESM, what ink and its dependencies use), at the top of node_modules or nested
// one package down.
function copiesOfStringWidth(): string[] {
  const nm = path.resolve('node_modules');
  const dirs = [path.join(nm, 'string-width')];
  for (const pkg of readdirSync(nm)) {
    const scoped = pkg.startsWith('@') ? readdirSync(path.join(nm, pkg)).map((p) => path.join(pkg, p)) : [pkg];
    for (const p of scoped) dirs.push(path.join(nm, p, 'node_modules', 'string-width'));
  }
  return dirs.filter((d) => existsSync(path.join(d, 'package.json'))
    && Number((JSON.parse(readFileSync(path.join(d, 'package.json'), 'utf8')) as { version: string }).version.split('.')[0]) >= 7);
}

let copies: { dir: string; width: Width }[] = [];
beforeAll(async () => {
  copies = await Promise.all(copiesOfStringWidth().map(async (dir) => ({
    dir,
    width: ((await import(pathToFileURL(path.join(dir, 'index.js')).href)) as { default: Width }).default,
  })));
});

// Every UTF-16 unit the count answers for on its own.
const counted = (): string[] => {
  const out: string[] = [];
  for (let c = 0; c <= 0xffff; c++) {
    if (c >= 0xd800 && c <= 0xdfff) continue;
    const ch = String.fromCharCode(c);
    if (fastStringWidth(ch) !== undefined) out.push(ch);
  }
  return out;
};

describe('fastStringWidth', () => {
  it('finds the copies of string-width it stands in front of (ink, widest-line, cli-truncate, wrap-ansi)', () => {
    expect(copies.length).toBeGreaterThanOrEqual(2);
  });

  it('counts each character it knows as string-width does: one column, standing alone between others', () => {
    const chars = counted();
    // The dashboard's own glyphs are among them.
    for (const g of '✓✗▸█░·↑↓▏…─│') expect(chars).toContain(g);
    const seg = new Intl.Segmenter();
    for (const ch of chars) {
      if (ch < ' ' || ch > '~') expect([...seg.segment(`a${ch}a`)].length, `U+${ch.charCodeAt(0).toString(16)}`).toBe(3);
      for (const { dir, width } of copies) {
        expect([width(ch), width(`a${ch}a`), width(ch + ch)], `U+${ch.charCodeAt(0).toString(16)} in ${dir}`).toEqual([1, 3, 2]);
      }
    }
  });

  it('agrees with string-width on text with colours, and leaves the rest to it', () => {
    const chars = counted();
    let seed = 7;
    const rnd = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
    const sgr = ['\x1B[31m', '\x1B[39m', '\x1B[1m', '\x1B[22m', '\x1B[38;5;12m', '\x1B[0m'];
    for (let i = 0; i < 2000; i++) {
      let s = '';
      for (let n = rnd(30); n > 0; n--) s += rnd(5) === 0 ? sgr[rnd(sgr.length)] : chars[rnd(chars.length)];
      for (const { width } of copies) expect(fastStringWidth(s), JSON.stringify(s)).toBe(width(s));
    }
    // Wide, emoji, combining, invisible, control, other escapes: not counted here.
    for (const s of ['日本', '✅ done', '👍', 'e\u0301', 'a\u200Bb', '\u00AD', 'tab\there', '\x1B]8;;http://x\x07link\x1B]8;;\x07', '\x9B31m']) {
      expect(fastStringWidth(s), JSON.stringify(s)).toBeUndefined();
    }
    expect(fastStringWidth('')).toBe(0);
  });
});
