// Which message an `expect` step takes: the shared assertions (json, jsonPath) plus `text`, run over
// the messages waiting in order. Pure: no socket, no clock.
import { jsonMatchAssertion } from '../../assertions/json-match.js';
import { jsonPathAssertion } from '../../assertions/json-path.js';
import { bodySnippet } from '../../assertions/preview.js';
import { isRegexLiteral } from '../../assertions/regex.js';
import type { AssertionCache, CheckInput } from '../../assertions/types.js';
import type { WebSocketExpectSpec } from '../../plan/types.js';
import type { WsMessage } from './message.js';

/** What a message must be; `within` and `skipOthers` say how to wait, not what to match. */
export type MessageCriteria = Pick<WebSocketExpectSpec, 'json' | 'text' | 'jsonPath'>;

const CRITERIA = ['json', 'jsonPath', 'text'] as const;

/** The criteria of an expect step, in a stable order (empty when it names none, a plan mistake). */
export function criteriaOf(expect: WebSocketExpectSpec): MessageCriteria {
  const out: MessageCriteria = {};
  for (const k of CRITERIA) if (expect[k] !== undefined) (out as Record<string, unknown>)[k] = expect[k];
  return out;
}

export function criteriaNames(c: MessageCriteria): (keyof MessageCriteria)[] {
  return CRITERIA.filter((k) => c[k] !== undefined);
}

/** `text`: the whole message equals the text, or matches it when it is written `/regex/flags`. */
function textCheck(message: WsMessage, want: string, cache: AssertionCache): CheckInput {
  const regex = isRegexLiteral(want);
  const ok = regex ? cache.regex(want).test(message.body) : message.body === want;
  const check: CheckInput = { name: 'text', ok, expected: want, actual: bodySnippet(message.body) };
  if (!ok) check.message = `text: expected ${regex ? 'a match for ' : ''}${JSON.stringify(want)}, got ${JSON.stringify(bodySnippet(message.body))}`;
  return check;
}

/** Every check the criteria make of one message; it matches when all pass. */
export function messageChecks(message: WsMessage, criteria: MessageCriteria, cache: AssertionCache): CheckInput[] {
  const checks: CheckInput[] = [];
  if (criteria.json !== undefined) checks.push(...jsonMatchAssertion(message, criteria.json, cache));
  if (criteria.jsonPath !== undefined) checks.push(...jsonPathAssertion(message, criteria.jsonPath, cache));
  if (criteria.text !== undefined) checks.push(textCheck(message, criteria.text, cache));
  return checks;
}

export function matches(message: WsMessage, criteria: MessageCriteria, cache: AssertionCache): boolean {
  return messageChecks(message, criteria, cache).every((c) => c.ok);
}

export type Take =
  /** `message` matched; `skipped` were passed over first (skipOthers). */
  | { kind: 'matched'; message: WsMessage; skipped: WsMessage[] }
  /** Without skipOthers the next message must match, and `message` did not: `failed` says how. */
  | { kind: 'mismatch'; message: WsMessage; failed: CheckInput[] }
  /** Nothing matched yet: wait for more. */
  | { kind: 'none'; skipped: WsMessage[] };

/**
 * Takes from the front of `queue` what an expect step consumes. With `skipOthers`, messages that do not
 * match are removed until one does; without it, the first message is removed and must match. Messages
 * after the one taken stay queued for later steps.
 */
export function takeMatch(queue: WsMessage[], criteria: MessageCriteria, skipOthers: boolean, cache: AssertionCache): Take {
  const skipped: WsMessage[] = [];
  while (queue.length > 0) {
    const message = queue.shift()!;
    const checks = messageChecks(message, criteria, cache);
    const failed = checks.filter((c) => !c.ok);
    if (failed.length === 0) return { kind: 'matched', message, skipped };
    if (!skipOthers) return { kind: 'mismatch', message, failed };
    skipped.push(message);
  }
  return { kind: 'none', skipped };
}

/** One line saying why a message did not match: the first failed check's own words. */
export function whyNot(failed: readonly CheckInput[]): string {
  const c = failed[0];
  if (!c) return 'it did not match';
  return c.message ?? `${c.name}: expected ${JSON.stringify(c.expected)}, got ${JSON.stringify(c.actual)}`;
}
