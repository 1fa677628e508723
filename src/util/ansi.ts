// Removing terminal colour codes from text that came from a library (Playwright, child processes).

// ECMA-48: CSI (params 0x30-0x3F, intermediates 0x20-0x2F, final 0x40-0x7E), OSC up to BEL/ST, two-byte escapes.
const ANSI = /(?:\u001b\[|\u009b)[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b[@-Z\\-_]/g;

/** Error messages can carry colour codes from a library; files and annotations must not. */
export function stripAnsi(text: string): string {
  return text.replace(ANSI, '');
}
