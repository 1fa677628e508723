// ink splits every line it draws into characters and escape codes with @alcalzone/ansi-tokenize's
// tokenize, which walks the line grapheme by grapheme with an Intl.Segmenter. The first Segmenter in a
// thread costs ~7 ms (ICU builds its break rules), and walking graphemes is slow for what the dashboard
// draws: characters of one column (text-width.ts) and simple colour codes. Those lines are split here;
// anything else still goes to the library. The bundle (scripts/bundle-dashboard.mjs) gives this to ink
// and makes the libraries' Segmenters lazy; test/unit/dashboard/ansi-tokens.test.ts checks it against
// the library.
import { ONE_COLUMN_CLASS } from './text-width.js';

export type Token = { type: 'ansi'; code: string; endCode: string } | { type: 'char'; value: string; fullWidth: boolean };

// Characters of one column and single SGR codes (`\x1B[31m`; compound ones with `;` are the library's).
const SIMPLE = new RegExp(String.raw`^(?:\x1B\[\d*m|${ONE_COLUMN_CLASS})*$`, 'u');

/** tokenize, given the library's own (for the rest) and its getEndCode. */
export function tokenizeFast<T>(tokenize: (s: string, endChar?: number) => T[], getEndCode: (code: string) => string): (s: string, endChar?: number) => T[] {
  return (s, endChar = Number.POSITIVE_INFINITY) => {
    if (!SIMPLE.test(s)) return tokenize(s, endChar);
    const out: Token[] = [];
    let visible = 0;
    for (let i = 0; i < s.length; i++) {
      if (s.charCodeAt(i) === 0x1b) {
        const end = s.indexOf('m', i);
        const code = s.slice(i, end + 1);
        out.push({ type: 'ansi', code, endCode: getEndCode(code) });
        i = end;
        continue;
      }
      out.push({ type: 'char', value: s[i]!, fullWidth: false });
      if (++visible >= endChar) break;
    }
    return out as T[];
  };
}
