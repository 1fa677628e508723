// One HTTP exchange on undici's dispatcher, the body collected by a handler instead of a response stream.
//
// Why not `agent.request()`: it wraps every response body in a Readable stream and reads it back through
// `body.text()`, a stream and its promises per response where a handler only has to collect chunks.
// Handlers use undici's current hooks (onRequestStart … onResponseEnd), its public API.
import type { IncomingHttpHeaders } from 'node:http';
import type { Dispatcher } from 'undici';
import type { AbortEmitter } from '../../util/attempt-abort.js';

export interface DispatchOptions {
  origin: string;
  path: string;
  method: Dispatcher.HttpMethod;
  headers: Record<string, string>;
  body?: string;
}

/** A whole response, its headers as undici parses them (lower-case names, a repeated header as a list). */
export interface Received {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
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
    let headers: IncomingHttpHeaders = {};
    const chunks: Buffer[] = [];
    let onAbort: (() => void) | undefined;
    const settled = (): void => {
      if (onAbort) abort.removeListener('abort', onAbort);
    };
    const handler: Dispatcher.DispatchHandler = {
      onRequestStart(controller) {
        // Once per attempt on a connection; undici may retry an idempotent request on a fresh one.
        if (onAbort) abort.removeListener('abort', onAbort);
        onAbort = () => controller.abort(abort.reason as Error);
        abort.once('abort', onAbort);
      },
      onResponseStart(_controller, statusCode, parsed) {
        // 1xx (100 Continue, 103 Early Hints) come before the response itself.
        if (statusCode < 200) return;
        status = statusCode;
        headers = parsed;
      },
      onResponseData(_controller, chunk) {
        chunks.push(chunk);
      },
      onResponseEnd() {
        settled();
        resolve({ status, headers, body: chunks.length === 0 ? '' : decode(chunks) });
      },
      onResponseError(_controller, err) {
        settled();
        reject(err);
      },
    };
    dispatcher.dispatch(opts, handler);
  });
}
