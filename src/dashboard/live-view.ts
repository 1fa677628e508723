// The live view of `aitest run` on a terminal: a reporter that keeps an area at the bottom of the terminal
// (live-frame.ts) and lets everything else written meanwhile (the list reporter's finished tests, warnings,
// the Ctrl-C notice) scroll by above it, as Vitest's windowed renderer does. Writes to stdout and stderr
// are held while the area is up and printed above it at the next frame, at most ten frames a second.
import type { RunEvent } from '../events/types.js';
import type { Reporter } from '../reporters/types.js';
import { keyAction, rawKey } from './keys.js';
import { liveFrame } from './live-frame.js';
import { initialState, reduce } from './state.js';

/** What the view draws on: process.stdout, or a stream of a fixed size in tests. */
export interface LiveTerminal {
  write(text: string): unknown;
  columns?: number;
  rows?: number;
  on(event: 'resize', listener: () => void): unknown;
  off(event: 'resize', listener: () => void): unknown;
}

export interface LiveViewOptions {
  stdout: LiveTerminal;
  /** Written above the area too, not across it. */
  stderr?: { write(text: string): unknown };
  /** The keyboard, read in raw mode while the run goes on (a terminal only). */
  stdin?: NodeJS.ReadStream;
  colors: boolean;
  /** q and Ctrl-C: what the Ctrl-C signal does (stop the run; a second time, exit). */
  interrupt(): void;
  /** Minimum time between frames (default 100 ms). */
  frameMs?: number;
}

export interface LiveView extends Reporter {
  frames(): number;
}

const ESC = '\u001b[';
// Synchronized output: the terminal shows a frame whole (terminals without it ignore the codes).
const SYNC_START = `${ESC}?2026h`;
const SYNC_END = `${ESC}?2026l`;
// Line wrap off while the area is drawn: each of its lines is one row, however long, so the rows to erase
// are the lines drawn, without measuring text, and a resize cannot rewrap them.
const WRAP_OFF = `${ESC}?7l`;
const WRAP_ON = `${ESC}?7h`;
const HIDE_CURSOR = `${ESC}?25l`;
const SHOW_CURSOR = `${ESC}?25h`;

type Write = (text: string) => unknown;

export function createLiveView(o: LiveViewOptions): LiveView {
  const frameMs = o.frameMs ?? 100;
  const state = initialState();
  const streams = [o.stdout, ...(o.stderr ? [o.stderr] : [])];
  const originals = streams.map((s) => s.write);
  const write: Write = (text) => originals[0]!.call(o.stdout, text);
  let held = '';
  let height = 0;
  let frames = 0;
  let last = 0;
  let timer: NodeJS.Timeout | undefined;
  let started = false;
  let done = false;

  const erase = (): string => (height === 0 ? '' : `\r${height > 1 ? `${ESC}${height - 1}A` : ''}${ESC}J`);
  const draw = (): void => {
    timer = undefined;
    if (done) return;
    last = Date.now();
    frames++;
    const rows = Math.max(2, o.stdout.rows || 24);
    // Whole lines only go above the area; a line still being written waits for its end.
    const cut = held.lastIndexOf('\n') + 1;
    const above = held.slice(0, cut);
    held = held.slice(cut);
    const lines = liveFrame(state, last, o.stdout.columns || 80, rows - 1, o.colors);
    // The area keeps its height during a run (it only grows), so the log above does not jump.
    const fill = Math.max(0, Math.min(height, rows - 1) - lines.length);
    write(`${SYNC_START}${erase()}${above}${WRAP_OFF}${'\n'.repeat(fill)}${lines.join('\n')}${WRAP_ON}${SYNC_END}`);
    height = fill + lines.length;
  };
  const schedule = (): void => {
    if (!done && timer === undefined) timer = setTimeout(draw, Math.max(0, frameMs - (Date.now() - last))).unref();
  };
  // Elapsed times move even when nothing else does.
  const ticker = setInterval(schedule, 1000).unref();
  const onKey = (data: string): void => {
    if (keyAction(...rawKey(data)) === 'quit') o.interrupt();
  };
  const onResize = (): void => {
    // Shorter: rows above the screen's top went to the scrollback and cannot be erased; the next frame
    // erases what is still on screen and draws the area at the new size.
    height = Math.min(height, Math.max(1, o.stdout.rows || 24));
    schedule();
  };

  const start = (): void => {
    started = true;
    streams.forEach((s) => {
      s.write = (chunk: unknown, ...rest: unknown[]) => {
        held += String(chunk);
        schedule();
        const callback = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
        if (callback) queueMicrotask(callback);
        return true;
      };
    });
    o.stdout.on('resize', onResize);
    if (o.stdin?.isTTY) {
      o.stdin.setRawMode(true);
      o.stdin.setEncoding('utf8');
      o.stdin.on('data', onKey);
      o.stdin.resume();
    }
    process.on('exit', finish);
    process.on('uncaughtExceptionMonitor', finish);
    write(HIDE_CURSOR);
  };
  /** Leaves the terminal as it was, with what was held printed: at the end, on exit, on a crash. Once. */
  function finish(): void {
    if (done || !started) return;
    done = true;
    if (timer) clearTimeout(timer);
    clearInterval(ticker);
    streams.forEach((s, i) => (s.write = originals[i]!));
    o.stdout.off('resize', onResize);
    if (o.stdin?.isTTY) {
      o.stdin.off('data', onKey);
      o.stdin.setRawMode(false);
      o.stdin.pause();
    }
    process.off('exit', finish);
    process.off('uncaughtExceptionMonitor', finish);
    write(`${erase()}${held}${SHOW_CURSOR}`);
    held = '';
    height = 0;
  }

  return {
    // The terminal reporter (list) writes the log; this only keeps the area below it.
    ownsTerminal: false,
    frames: () => frames,
    onEvent(e: RunEvent) {
      if (!started) start();
      reduce(state, e);
      schedule();
    },
    async close() {
      finish();
    },
  };
}
