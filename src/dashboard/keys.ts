// The keys of aitest's terminal views, in one place: the live view during a run (q, Ctrl-C) and the
// browsers after it (`run --ui`, `aitest show`) read a key press as the same action.

/** A key as ink's useInput reports it; the live view builds the same from raw input (rawKey). */
export interface KeyPress {
  upArrow?: boolean;
  downArrow?: boolean;
  leftArrow?: boolean;
  rightArrow?: boolean;
  return?: boolean;
  escape?: boolean;
  backspace?: boolean;
  delete?: boolean;
  ctrl?: boolean;
}

export type KeyAction = 'quit' | 'up' | 'down' | 'open' | 'back' | 'failures' | 'filter' | 'rerun';

export function keyAction(input: string, key: KeyPress): KeyAction | undefined {
  // In raw mode Ctrl-C arrives as a key, not a signal: it does what q does.
  if (input === 'q' || (key.ctrl && input === 'c')) return 'quit';
  if (key.upArrow || input === 'k') return 'up';
  if (key.downArrow || input === 'j') return 'down';
  if (key.return || key.rightArrow || input === 'l') return 'open';
  if (key.escape || key.leftArrow || key.backspace || key.delete || input === 'h') return 'back';
  if (input === 'f') return 'failures';
  if (input === '/') return 'filter';
  if (input === 'r') return 'rerun';
  return undefined;
}

/** Raw terminal input as ink would report it, for what the live view listens to (letters and Ctrl-C). */
export function rawKey(data: string): [string, KeyPress] {
  return data === '\u0003' ? ['c', { ctrl: true }] : [data, {}];
}
