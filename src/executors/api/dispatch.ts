// One HTTP exchange on undici's dispatcher, the body collected by a handler instead of a response stream.
//
// Why not `agent.request()`: it wraps every response body in a Readable stream, reads it back through
// `body.text()` and parses every header into an object. For a test that looks at the status only, that
// was ~25% of the client's time: 10,000 GETs took 633 ms through request() and 495 ms through dispatch
// on this machine (the raw undici script of bench/api-runner, both ways).
import { createRequire } from 'node:module';
import type { IncomingHttpHeaders } from 'node:http';
import type { Dispatcher } from 'undici';
import type { AbortEmitter } from '../../util/attempt-abort.js';

// undici's own header parser (what request() uses), so headers read exactly as they did through it.
// Same pinned-version reasoning as util/undici-agent.ts; test/unit/util/undici-agent.test.ts guards the path.
const { parseHeaders } = createRequire(import.meta.url)('undici/lib/core/util.js') as {
  parseHeaders(raw: Buffer[]): IncomingHttpHeaders;
};

export interface DispatchOptions {
  origin: string;
  path: string;
  method: Dispatcher.HttpMethod;
  headers: Record<string, string>;
  body?: string;
}

/**
 * A whole response. Headers are parsed on first read: most tests never look at them.
 *
 * A class, its getter on the prototype: an object literal's `get headers() {…}` makes a closure per
 * response, and V8 keeps a per-object accessor pair in the old generation. That old, soon dead pair points
 * at the young closure, so every young-generation collection kept the closure and all it reached (the
 * request's promise, handler and test) until the next full collection: ~4 KB of each test promoted, and
 * the GC time that goes with it (10,000 requests: ~35 MB survived instead of ~5 MB).
 */
export class Received {
  #raw: Buffer[];
  #headers: IncomingHttpHeaders | undefined;
  constructor(readonly status: number, raw: Buffer[], readonly body: string) {
    this.#raw = raw;
  }

  get headers(): IncomingHttpHeaders {
    return (this.#headers ??= parseHeaders(this.#raw));
  }
}

const BOM = [0xef, 0xbb, 0xbf];

/** The body as text, without a UTF-8 byte order mark (as undici's `body.text()` reads it). */
function decode(chunks: Buffer[]): string {
  const buf = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
  const start = buf.length >= 3 && buf[0] === BOM[0] && buf[1] === BOM[1] && buf[2] === BOM[2] ? 3 : 0;
  return buf.toString('utf8', start);
}

/**
 * Sends one request and resolves with the whole response; rejects with undici's error (connection refused,
 * socket closed, …) or, when `abort` fires, with its reason.
 */
export function dispatch(dispatcher: Dispatcher, opts: DispatchOptions, abort: AbortEmitter): Promise<Received> {
  return new Promise<Received>((resolve, reject) => {
    if (abort.aborted) {
      reject(abort.reason);
      return;
    }
    let status = 0;
    let rawHeaders: Buffer[] = [];
    const chunks: Buffer[] = [];
    let onAbort: (() => void) | undefined;
    const settled = (): void => {
      if (onAbort) abort.removeListener('abort', onAbort);
    };
    dispatcher.dispatch(opts, {
      onConnect(cancel: (reason: unknown) => void) {
        onAbort = () => cancel(abort.reason);
        abort.once('abort', onAbort);
      },
      onHeaders(statusCode: number, raw: Buffer[]) {
        // 1xx (100 Continue, 103 Early Hints) come before the response itself.
        if (statusCode < 200) return true;
        status = statusCode;
        rawHeaders = raw;
        return true;
      },
      onData(chunk: Buffer) {
        chunks.push(chunk);
        return true;
      },
      onComplete() {
        settled();
        resolve(new Received(status, rawHeaders, chunks.length === 0 ? '' : decode(chunks)));
      },
      onError(err: Error) {
        settled();
        reject(err);
      },
    } as Dispatcher.DispatchHandler);
  });
}
