// The dashboard's styledCharsToString must write exactly what ansi-tokenize's does, for lines as ink
// builds them: cells tokenized from styled text, and blank cells between them.
import { ansiCodesToString, diffAnsiCodes, styledCharsFromTokens, styledCharsToString, tokenize } from '@alcalzone/ansi-tokenize';
import { expect, it } from 'vitest';
import { styledCharsToStringFast } from '../../../src/dashboard/styled-chars.js';

const fast = styledCharsToStringFast(diffAnsiCodes, ansiCodesToString);

it('writes what ansi-tokenize writes, styles changing or not', () => {
  const codes = ['\x1B[31m', '\x1B[39m', '\x1B[1m', '\x1B[22m', '\x1B[2m', '\x1B[32m', '\x1B[38;5;12m', '\x1B[0m', '\x1B[4m', '\x1B[24m'];
  const text = ['a', 'b', ' ', '✓', '█', '·', 'x'];
  let seed = 11;
  const rnd = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
  let differentStyles = 0;
  for (let i = 0; i < 3000; i++) {
    const line: Parameters<typeof styledCharsToString>[0] = [];
    for (let part = rnd(4); part >= 0; part--) {
      let s = '';
      for (let n = rnd(12); n > 0; n--) s += rnd(3) === 0 ? codes[rnd(codes.length)] : text[rnd(text.length)];
      line.push(...styledCharsFromTokens(tokenize(s)));
      // Blank cells, as ink's Output starts each row with.
      for (let n = rnd(5); n > 0; n--) line.push({ type: 'char', value: ' ', fullWidth: false, styles: [] });
    }
    if (new Set(line.map((c) => JSON.stringify(c.styles))).size > 1) differentStyles++;
    expect(fast(line), JSON.stringify(line)).toBe(styledCharsToString(line));
  }
  expect(differentStyles).toBeGreaterThan(1000);
  expect(fast([])).toBe('');
});
