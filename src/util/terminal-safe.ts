// Text from plans and servers made safe to print on a terminal: control characters shown, never obeyed.
//
// A test name, a message or a server's reply can hold escape sequences (an OSC that retitles the window, a
// `\r` that overwrites a line, a clear-screen). Printed raw, the terminal would act on them; here each
// control character becomes its visible escape (`\x1b`, `\r`, `\u009b`). Applied to the untrusted parts
// before our own colours are added, so those still work.

// C0 controls but tab and newline, DEL, C1 controls, and the Unicode line/paragraph separators and
// bidirectional overrides that reorder what a line seems to say.
const CONTROLS_BUT_NEWLINE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const CONTROLS = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
// Colour codes (SGR) a library put into its error messages (Playwright's): dropped, as before.
const SGR = /(?:\u001b\[|\u009b)[0-9;]*m/g;

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\u001b': '\\x1b' };

function visible(ch: string): string {
  const named = NAMED[ch];
  if (named) return named;
  const code = ch.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** Multi-line text (a message, an error): newlines and tabs kept, colour codes dropped, other controls shown. */
export function terminalText(text: string): string {
  if (!hasControl(text, CONTROLS_BUT_NEWLINE)) return text;
  return text.replace(SGR, '').replace(CONTROLS_BUT_NEWLINE, visible);
}

/** One line (a test name, a value, a path): every control shown, newlines included. */
export function terminalLine(text: string): string {
  if (!hasControl(text, CONTROLS)) return text;
  return text.replace(SGR, '').replace(CONTROLS, visible);
}

function hasControl(text: string, pattern: RegExp): boolean {
  pattern.lastIndex = 0;
  const found = pattern.test(text);
  pattern.lastIndex = 0;
  return found;
}
