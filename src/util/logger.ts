// Adapts pino to the small Logger interface: a log file by default, stderr with --verbose.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from '../executors/types.js';

export const silentLogger: Logger = { debugEnabled: false, debug() {}, info() {}, warn() {}, error() {} };

export interface LoggerHandle {
  log: Logger;
  /** Where logs go, for messages like "see .aitest/logs/…". */
  destination: string;
  flush(): void;
}

/** pino is loaded lazily so commands that never log stay fast. */
export async function createLogger(o: { verbose: boolean; logDir: string; now?: Date }): Promise<LoggerHandle> {
  const { pino } = await import('pino');
  let dest: string;
  let stream;
  if (o.verbose) {
    dest = 'stderr';
    stream = pino.destination({ fd: 2, sync: true });
  } else {
    mkdirSync(o.logDir, { recursive: true });
    const stamp = (o.now ?? new Date()).toISOString().slice(0, 10);
    dest = path.join(o.logDir, `aitest-${stamp}.log`);
    stream = pino.destination({ dest, sync: true, append: true });
  }
  const p = pino({ level: o.verbose ? 'debug' : 'info', base: { pid: process.pid } }, stream);
  const wrap = (level: 'debug' | 'info' | 'warn' | 'error') => (msg: string, data?: Record<string, unknown>): void => {
    if (data) p[level](data, msg);
    else p[level](msg);
  };
  return {
    log: { debugEnabled: o.verbose, debug: wrap('debug'), info: wrap('info'), warn: wrap('warn'), error: wrap('error') },
    destination: dest,
    flush: () => stream.flushSync?.(),
  };
}
