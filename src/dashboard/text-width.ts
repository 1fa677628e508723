// Column widths of what the dashboard draws, the common case without string-width. string-width builds
// `\p{RGI_Emoji}` and `Intl.Segmenter`s when it loads (~12 ms of a cold start) and splits any non-ASCII
// text into graphemes; what a test runner shows is ASCII plus a few symbols (✓ ✗ ▸ █ ░ · ↑ ↓ …) of one
// column each. The bundle (scripts/bundle-dashboard.mjs) puts this in front of each copy of string-width,
// which loads only for the rest. test/unit/dashboard/text-width.test.ts checks every character below
// against every copy.

// Printable ASCII, and characters of one column that stand alone (no emoji, no combining or joining
// marks, nothing invisible): Latin-1 and Latin Extended, dashes, quotes, bullets and ellipsis, super- and
// subscripts and currency signs, arrows, mathematical and technical symbols, box drawing, blocks and
// geometric shapes, check and ballot marks.
/** The characters of one column, as a regular-expression character class. */
export const ONE_COLUMN_CLASS = String.raw
  `[\u0020-\u007E\u00A0-\u00A8\u00AA-\u00AC\u00AF-\u024F\u2010-\u2027\u202F-\u203B\u203D-\u2048\u204A-\u205E\u2070-\u20C0\u2190-\u2193\u219A-\u21A8\u21AB-\u2319\u231C-\u2327\u232B-\u23CE\u2500-\u25A9\u25AC-\u25B5\u25B7-\u25BF\u25C1-\u25FA\u2713\u2715\u2717-\u271C]`;
const ONE_COLUMN = new RegExp(`^${ONE_COLUMN_CLASS}*$`, 'u');

// Colours and styles (SGR), the only escape sequences the dashboard writes.
const SGR = /\x1B\[[\d;]*m/g;

/** The width string-width gives `s` (with its default options), or undefined where it has to say. */
export function fastStringWidth(s: string): number | undefined {
  let text = s;
  if (text.includes('\x1B') || text.includes('\x9B')) {
    text = text.replace(SGR, '');
    if (text.includes('\x1B') || text.includes('\x9B')) return undefined;
  }
  // Every character matched is one UTF-16 unit.
  return ONE_COLUMN.test(text) ? text.length : undefined;
}
