// One WebSocket connection of a test, over `ws` (imported on first use: runs without websocket tests never
// load it). Every message goes into an Inbox from the moment the socket opens; the test's abort terminates it.
import { performance } from 'node:perf_hooks';
import type { WebSocket } from 'ws';
import { AitestError } from '../../errors.js';
import { guardedLookup, refusedLiteral } from '../../util/net-guard.js';
import type { NetPolicy } from '../../util/net-policy.js';
import { resolveUrl } from '../api/request.js';
import type { AbortEmitter } from '../types.js';
import { describeConnectError, type RefusedUpgrade } from './connect-errors.js';
import { Inbox, awaitClose } from './inbox.js';
import { createMessage } from './message.js';

export interface ConnectTarget {
  url: URL;
  headers: Record<string, string>;
  protocols: string[];
}

const WS_URL = /^wss?:\/\//i;
const ANY_SCHEME = /^[a-z][a-z\d+.-]*:\/\//i;

/** `ws://`/`wss://` as written; anything else through the api's resolveUrl (baseUrl + path), then http → ws, https → wss. */
export function resolveWsUrl(url: string, baseUrl: string | undefined): URL {
  if (WS_URL.test(url)) {
    try {
      return new URL(url);
    } catch {
      throw new AitestError('PLAN_INVALID', `invalid WebSocket url "${url}"`, { hint: 'Write `ws://host:port/path`, `wss://…`, or a path such as `/ws/chat`.' });
    }
  }
  if (ANY_SCHEME.test(url) && !/^https?:/i.test(url)) {
    throw new AitestError('PLAN_INVALID', `unsupported url scheme in "${url}"`, { hint: 'websocket tests speak ws:// and wss:// (or http(s):// and paths, turned into ws(s)://).' });
  }
  const resolved = resolveUrl(url, baseUrl);
  resolved.protocol = resolved.protocol === 'https:' ? 'wss:' : 'ws:';
  return resolved;
}

// How long closing waits for the server's answer before cutting the socket: a test must end promptly.
const CLOSE_WAIT_MS = 2000;

export class WsConnection {
  readonly inbox = new Inbox();
  readonly url: URL;
  #socket: WebSocket;
  #abort: AbortEmitter;
  #onAbort: () => void;

  constructor(socket: WebSocket, url: URL, abort: AbortEmitter) {
    this.#socket = socket;
    this.url = url;
    this.#abort = abort;
    this.#onAbort = () => {
      this.inbox.interrupt(abort.reason);
      socket.terminate();
    };
    abort.once('abort', this.#onAbort);
  }

  get isOpen(): boolean {
    return this.#socket.readyState === this.#socket.OPEN;
  }

  /** The subprotocol the server picked ('' when none). */
  get protocol(): string {
    return this.#socket.protocol;
  }

  /** Resolves once the frame is handed to the socket; rejects when the connection broke meanwhile. */
  send(text: string): Promise<void> {
    return new Promise((resolve, reject) => this.#socket.send(text, (err) => (err ? reject(err) : resolve())));
  }

  /** Starts the closing handshake (when still open) and waits for it, at most `waitMs`; then cuts the socket. */
  async close(code: number, reason: string, waitMs = CLOSE_WAIT_MS): Promise<void> {
    const socket = this.#socket;
    if (socket.readyState === socket.OPEN) {
      try {
        socket.close(code, reason);
      } catch (e) {
        throw new AitestError('PLAN_INVALID', `cannot close with code ${code}${reason ? ` and reason "${reason}"` : ''}: ${(e as Error).message}`, {
          hint: 'Use 1000 (normal closure), or an application code from 3000 to 4999; a reason has at most 123 bytes.',
        });
      }
    }
    if (socket.readyState === socket.CLOSED) return;
    if (!(await awaitClose(this.inbox, waitMs))) socket.terminate();
  }

  /** Ends the connection however the test ended: politely when it can, at once when it was aborted. */
  async dispose(): Promise<void> {
    try {
      if (this.#abort.aborted) this.#socket.terminate();
      else await this.close(1000, '').catch(() => this.#socket.terminate());
    } catch {
      this.#socket.terminate();
    } finally {
      this.#abort.removeListener('abort', this.#onAbort);
    }
  }
}

/**
 * Opens the connection; a failure to open is an AitestError (test status `error`), an abort its own reason.
 * Under an egress policy (`net`, a remote worker's) the socket connects only to addresses it allows.
 */
export async function openConnection(target: ConnectTarget, abort: AbortEmitter, net?: NetPolicy): Promise<{ connection: WsConnection; connectMs: number }> {
  const { WebSocket: WebSocketClass } = await import('ws');
  if (abort.aborted) throw abort.reason;
  const started = performance.now();
  if (net) {
    // A literal address is never looked up, so the lookup below would not see it.
    const refused = refusedLiteral(net, target.url.hostname);
    if (refused) throw describeConnectError(refused, target.url, undefined);
  }
  let socket: WebSocket;
  try {
    socket = new WebSocketClass(target.url, target.protocols, { headers: target.headers, followRedirects: false, ...(net ? { lookup: guardedLookup(net) } : {}) });
  } catch (e) {
    // ws checks the url and the protocols before connecting.
    throw new AitestError('PLAN_INVALID', `cannot open a WebSocket to ${target.url.href}: ${(e as Error).message}`, {
      hint: 'Check the url, and that `protocols` are distinct tokens such as `chat.v1`.',
    });
  }
  const connection = new WsConnection(socket, target.url, abort);
  const { inbox } = connection;
  // Listening from construction on: a server that speaks first (a greeting, a push) loses nothing.
  socket.on('message', (data, isBinary) => {
    const text = Buffer.isBuffer(data) ? data.toString('utf8') : Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.from(data).toString('utf8');
    inbox.push(createMessage(text, performance.now(), isBinary));
  });
  socket.on('close', (code, reason) => inbox.close({ code, reason: reason.toString('utf8') }));
  // After the open, a protocol error is followed by 'close', which the steps see; without a listener it would crash the worker.
  let lastError: unknown;
  socket.on('error', (e) => (lastError = e));

  let refused: RefusedUpgrade | undefined;
  socket.once('unexpected-response', (_req, res) => {
    refused = { status: res.statusCode ?? 0, statusText: res.statusMessage ?? '' };
    res.resume();
    socket.terminate();
  });
  try {
    await new Promise<void>((resolve, reject) => {
      const settle = (): void => {
        socket.removeListener('open', onOpen);
        socket.removeListener('close', onClose);
        abort.removeListener('abort', onAbort);
      };
      const onOpen = (): void => {
        settle();
        resolve();
      };
      // 'error' comes before 'close' when the handshake fails; the close is when to give up.
      const onClose = (): void => {
        settle();
        reject(describeConnectError(lastError, target.url, refused));
      };
      const onAbort = (): void => {
        settle();
        reject(abort.reason);
      };
      socket.once('open', onOpen);
      socket.once('close', onClose);
      abort.once('abort', onAbort);
    });
  } catch (e) {
    await connection.dispose();
    throw e;
  }
  return { connection, connectMs: performance.now() - started };
}
