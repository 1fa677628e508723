// Process output gathered per event-loop turn: a run of 10,000 quick tests prints 10,000 lines, and
// one write(2) each cost ~100 ms of the driving thread in the api-runner benchmark. Text is handed to
// the stream once the current turn's work is done, so a reader still sees each line as it happens.
import { writeSync } from 'node:fs';

export interface BufferedOutput {
  write(text: string): void;
  /** Hands over what is gathered now (before stderr text, a prompt or exit). */
  flush(): void;
}

/** Largest text held before it is handed over without waiting for the turn to end. */
const HIGH_WATER = 64 * 1024;

export function bufferedOutput(stream: NodeJS.WriteStream, fd: number): BufferedOutput {
  let pending = '';
  let scheduled = false;
  const flush = (): void => {
    scheduled = false;
    if (pending === '') return;
    const text = pending;
    pending = '';
    stream.write(text);
  };
  // A crash or process.exit() skips the scheduled hand-over: write the rest synchronously.
  process.once('exit', () => {
    if (pending === '') return;
    try {
      writeSync(fd, pending);
    } catch {
      // The reader is gone (EPIPE); nothing left to tell it.
    }
    pending = '';
  });
  return {
    write(text) {
      pending += text;
      if (pending.length >= HIGH_WATER) flush();
      else if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    },
    flush,
  };
}
