// A received WebSocket message as the assertions see it (a ResponseSubject: its text as `body`, its JSON), and short previews of it.
import { bodySnippet, PREVIEW_CHARS } from '../../assertions/preview.js';
import type { ResponseSubject } from '../../assertions/types.js';

export interface WsMessage extends ResponseSubject {
  /** performance.now() when it arrived: round-trip times are measured to here, not to when a step looked. */
  readonly at: number;
  readonly binary: boolean;
}

/**
 * A message whose JSON is parsed on first read: a `text` expectation or a skipped message never needs it.
 * A class with its getter on the prototype, not a literal with a getter closure per message (which V8 keeps
 * through young-generation collections: see ACCESSORS in executors/api/response.ts).
 */
class Message implements WsMessage {
  #parsed = false;
  #json: unknown;
  constructor(readonly body: string, readonly at: number, readonly binary: boolean) {}

  get json(): unknown {
    if (!this.#parsed) {
      this.#parsed = true;
      try {
        this.#json = this.body.length > 0 ? (JSON.parse(this.body) as unknown) : undefined;
      } catch {
        this.#json = undefined;
      }
    }
    return this.#json;
  }
}

export function createMessage(text: string, at: number, binary = false): WsMessage {
  return new Message(text, at, binary);
}

/** One message in a report: its JSON value when it is small JSON (reads as data), else its text cut short. */
export function previewMessage(m: WsMessage): unknown {
  if (m.binary) return `(binary, ${Buffer.byteLength(m.body)} bytes) ${bodySnippet(m.body)}`;
  if (m.body.length <= PREVIEW_CHARS && m.json !== undefined) return m.json;
  return bodySnippet(m.body);
}

/** How many messages a failed check lists: the latest ones are the telling ones. */
const SHOWN_MESSAGES = 5;

/** The last few messages, for a failed check's `actual`. */
export function previewMessages(messages: readonly WsMessage[]): unknown {
  if (messages.length === 0) return 'no message';
  const shown = messages.slice(-SHOWN_MESSAGES).map(previewMessage);
  return messages.length > SHOWN_MESSAGES ? [`… ${messages.length - SHOWN_MESSAGES} earlier`, ...shown] : shown;
}

/** A message inside a sentence: `{"type":"tick","n":1}` or `"hello"`, cut short. */
export function quoteMessage(m: WsMessage): string {
  const text = m.json !== undefined ? m.body : JSON.stringify(m.body);
  return text.length > PREVIEW_CHARS ? `${text.slice(0, PREVIEW_CHARS)}…` : text;
}
