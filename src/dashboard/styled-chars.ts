// ink turns each line of a frame into text with @alcalzone/ansi-tokenize's styledCharsToString, which
// works out the escape codes between every two neighbouring cells (three Sets and four arrays per cell):
// ~2,400 cells a frame, hot enough that V8 compiles it with TurboFan in the first frame, on the threads
// the run needs. Between two cells of the same style the answer is always nothing, so this version asks
// only where the style changes. The bundle (scripts/bundle-dashboard.mjs) gives it to ink;
// test/unit/dashboard/styled-chars.test.ts checks it writes what the library writes.

export interface AnsiCode {
  code: string;
  endCode: string;
}

export interface StyledChar<C extends AnsiCode = AnsiCode> {
  value: string;
  styles: C[];
}

const sameStyle = (a: AnsiCode[], b: AnsiCode[]): boolean => {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i]!.code !== b[i]!.code || a[i]!.endCode !== b[i]!.endCode) return false;
  return true;
};

/** styledCharsToString, given the library's diffAnsiCodes and ansiCodesToString. */
export function styledCharsToStringFast<C extends AnsiCode>(
  diffAnsiCodes: (from: C[], to: C[]) => C[],
  ansiCodesToString: (codes: C[]) => string,
): (chars: StyledChar<C>[]) => string {
  return (chars) => {
    let out = '';
    for (let i = 0; i < chars.length; i++) {
      const char = chars[i]!;
      if (i === 0) out += ansiCodesToString(char.styles);
      else if (!sameStyle(chars[i - 1]!.styles, char.styles)) out += ansiCodesToString(diffAnsiCodes(chars[i - 1]!.styles, char.styles));
      out += char.value;
      // Styles still open after the last cell are closed.
      if (i === chars.length - 1 && char.styles.length) out += ansiCodesToString(diffAnsiCodes(char.styles, []));
    }
    return out;
  };
}
