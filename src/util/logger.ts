// Adapts pino to the small Logger interface: a log file by default, stderr with --verbose.
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { stripUrlCredentials, stripUrlCredentialsWithin } from './url-credentials.js';

/** Structured logger handed to executors; values of secrets are redacted before they are written. */
export interface Logger {
  /** False when debug lines are dropped anyway: callers skip building them (a hot path logs per request). */
  readonly debugEnabled: boolean;
  debug(msg: string, data?: Record<string, unknown>): void;
  info(msg: string, data?: Record<string, unknown>): void;
  warn(msg: string, data?: Record<string, unknown>): void;
  error(msg: string, data?: Record<string, unknown>): void;
}

export const silentLogger: Logger = { debugEnabled: false, debug() {}, info() {}, warn() {}, error() {} };

export interface LoggerHandle {
  log: Logger;
  /** Where logs go, for messages like "see .aitest/logs/…". */
  destination: string;
  flush(): void;
}

type Level = 'debug' | 'info' | 'warn' | 'error';
type Pino = Record<Level, (a: unknown, b?: string) => void>;
interface Destination {
  flushSync?(): void;
  on?(event: 'error', listener: (e: Error) => void): unknown;
  destroy?(): void;
}
interface PinoModule {
  (opts: object, stream: Destination): Pino;
  destination(o: object): Destination;
}

const require = createRequire(import.meta.url);

/**
 * pino (~30 modules, ~20 ms) and the log file are opened by the first line logged: most runs log nothing
 * at the file's level, and then neither costs their start-up nor leaves an empty file behind.
 */
export async function createLogger(o: {
  verbose: boolean;
  logDir: string;
  now?: Date;
  /** Told once when the log stops being written (a full disk, a file that cannot be written); logging is then off. */
  onFailure?: (error: Error, destination: string) => void;
}): Promise<LoggerHandle> {
  const dest = o.verbose ? 'stderr' : path.join(o.logDir, `aitest-${(o.now ?? new Date()).toISOString().slice(0, 10)}.log`);
  let pino: Pino | undefined;
  let stream: Destination | undefined;
  let failed = false;
  // A log that cannot be written never stops a run: it goes quiet, and whoever asked is told once. pino's
  // file stream reports a failed write (ENOSPC) as an 'error' event, which with no listener would end the
  // process with a stack trace; with sync writes it is emitted inside the call that logged, or it throws.
  const fail = (e: unknown): void => {
    if (failed) return;
    failed = true;
    pino = undefined;
    const s = stream;
    stream = undefined;
    try {
      s?.destroy?.();
    } catch {
      // Already broken: nothing more to lose.
    }
    o.onFailure?.(e instanceof Error ? e : new Error(String(e)), dest);
  };
  const open = (): Pino | undefined => {
    if (pino || failed) return pino;
    try {
      const make = require('pino') as PinoModule;
      if (o.verbose) stream = make.destination({ fd: 2, sync: true });
      else {
        mkdirSync(o.logDir, { recursive: true });
        stream = make.destination({ dest, sync: true, append: true });
      }
      stream.on?.('error', fail);
      pino = make({ level: o.verbose ? 'debug' : 'info', base: { pid: process.pid } }, stream);
    } catch (e) {
      fail(e);
    }
    return pino;
  };
  const wrap = (level: Level) => (msg: string, data?: Record<string, unknown>): void => {
    // Below the file's level: nothing to write, nothing to load.
    if (level === 'debug' && !o.verbose) return;
    const p = open();
    if (!p) return;
    try {
      // A URL's password never reaches a log, whoever logged it (the webServer's url, a connection error).
      if (data) p[level](stripUrlCredentialsWithin(data), stripUrlCredentials(msg));
      else p[level](stripUrlCredentials(msg));
    } catch (e) {
      fail(e);
    }
  };
  return {
    log: { debugEnabled: o.verbose, debug: wrap('debug'), info: wrap('info'), warn: wrap('warn'), error: wrap('error') },
    destination: dest,
    flush: () => {
      try {
        stream?.flushSync?.();
      } catch (e) {
        fail(e);
      }
    },
  };
}
