// The steps of a websocket test: send, expect, capture, expectNoMessage, close, expectClose. Each is one
// ctx.step; each expectation is one check with expected and actual.
import { performance } from 'node:perf_hooks';
import { isRegexLiteral } from '../../assertions/regex.js';
import type { AssertionCache } from '../../assertions/types.js';
import { AitestError } from '../../errors.js';
import { parseDuration } from '../../plan/duration.js';
import type { DurationInput, HttpResponseView, WebSocketExpectSpec, WebSocketStepSpec } from '../../plan/types.js';
import { applyCaptures } from '../api/capture.js';
import type { ExecContext } from '../types.js';
import type { WsConnection } from './connection.js';
import { awaitClose, awaitMatch, awaitQuiet, type CloseInfo, type MatchOutcome } from './inbox.js';
import { criteriaNames, criteriaOf, whyNot } from './match.js';
import { previewMessage, previewMessages, quoteMessage, type WsMessage } from './message.js';

const DEFAULT_WITHIN = '5s';

/** What the steps of one test share. */
export interface Session {
  connection: WsConnection;
  cache: AssertionCache;
  /** The message the last `expect` matched: what `capture` reads. */
  lastMatched?: WsMessage;
  /** Every message an `expect` matched, in order: what `judge: { on: matched }` reads. */
  matched: WsMessage[];
  /** When the latest `send` went out, until the next `expect` has measured its round trip. */
  sentAt?: number;
}

// ---------------------------------------------------------------- titles

const TITLE_VALUE_CHARS = 40;

function brief(v: unknown): string {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > TITLE_VALUE_CHARS ? `${s.slice(0, TITLE_VALUE_CHARS)}…` : s;
}

const showDuration = (d: DurationInput): string => (typeof d === 'number' ? `${d}ms` : d.trim());

function sendPayload(send: Extract<WebSocketStepSpec, { send: unknown }>['send']): string {
  if (typeof send === 'string') return send;
  if ('json' in send) return JSON.stringify(send.json) ?? 'null';
  return send.text;
}

/** A step's title in reports and metric labels, from the step as written (stable across runs, templates unresolved). */
export function stepTitle(step: WebSocketStepSpec): string {
  if ('send' in step) {
    const s = step.send;
    return `send ${brief(typeof s === 'string' ? s : 'json' in s ? s.json : s.text)}`;
  }
  if ('expect' in step) {
    const e = step.expect;
    const criteria = criteriaOf(e);
    let title = `expect ${criteriaNames(criteria).map((k) => `${k} ${brief(criteria[k])}`).join(', ')}`;
    if (e.within !== undefined) title += ` within ${showDuration(e.within)}`;
    if (e.skipOthers) title += ', skipping others';
    return title;
  }
  if ('capture' in step) return `capture ${Object.entries(step.capture).map(([name, path]) => `${name} from ${path}`).join(', ')}`;
  if ('expectNoMessage' in step) return `expect no message for ${showDuration(step.expectNoMessage)}`;
  if ('judge' in step) return `judge ${step.judge.on === 'matched' ? 'the matched messages' : 'the last matched message'}`;
  if ('close' in step) {
    const { code, reason } = closeArgs(step.close);
    return `close ${code}${reason ? ` ${JSON.stringify(reason)}` : ''}`;
  }
  const want = step.expectClose === true ? {} : step.expectClose;
  let title = 'expect close';
  if (want.code !== undefined) title += ` ${want.code}`;
  if (want.reason !== undefined) title += ` ${JSON.stringify(want.reason)}`;
  if (want.within !== undefined) title += ` within ${showDuration(want.within)}`;
  return title;
}

function closeArgs(close: Extract<WebSocketStepSpec, { close: unknown }>['close']): { code: number; reason: string } {
  return typeof close === 'number' ? { code: close, reason: '' } : { code: close.code ?? 1000, reason: close.reason ?? '' };
}

/** Mistakes the schema cannot see, found before connecting. */
export function checkSteps(steps: readonly WebSocketStepSpec[]): void {
  steps.forEach((step, i) => {
    if ('expect' in step && criteriaNames(criteriaOf(step.expect)).length === 0) {
      throw new AitestError('PLAN_INVALID', `step ${i + 1}: an \`expect\` needs \`json\`, \`text\` or \`jsonPath\``, {
        hint: 'e.g. `expect: { json: { type: welcome } }` or `expect: { text: "/^pong/" }`.',
      });
    }
  });
}

// ---------------------------------------------------------------- running

const CLOSE_NAMES: Record<number, string> = {
  1000: 'normal closure',
  1001: 'going away',
  1005: 'no status code',
  1006: 'abnormal closure, no close frame',
  1011: 'server error',
};

/** `code 1000 (normal closure), reason "done"`. */
export function describeClose(c: CloseInfo): string {
  const name = CLOSE_NAMES[c.code];
  return `code ${c.code}${name ? ` (${name})` : ''}${c.reason ? `, reason ${JSON.stringify(c.reason)}` : ''}`;
}

const plural = (n: number, one: string): string => `${n} ${one}${n === 1 ? '' : 's'}`;

function othersArrived(examined: readonly WsMessage[]): string {
  if (examined.length === 0) return 'no message arrived';
  return `${plural(examined.length, 'other message')} arrived, the last: ${quoteMessage(examined[examined.length - 1]!)}`;
}

function whyNoMatch(o: Exclude<MatchOutcome, { kind: 'matched' }>, within: string): string {
  switch (o.kind) {
    case 'mismatch':
      return `the next message did not match: ${quoteMessage(o.message)} (${whyNot(o.failed)}); add \`skipOthers: true\` to skip messages that do not match`;
    case 'closed':
      return `the connection closed (${describeClose(o.close)}) before a matching message arrived; ${othersArrived(o.examined)}`;
    case 'timeout':
      return o.examined.length === 0 ? `no message within ${within}` : `no matching message within ${within}; ${othersArrived(o.examined)}`;
  }
}

async function runExpect(spec: WebSocketExpectSpec, title: string, ctx: ExecContext, s: Session): Promise<boolean> {
  const criteria = criteriaOf(spec);
  const name = `expect ${criteriaNames(criteria).join(', ')}`;
  const within = showDuration(spec.within ?? DEFAULT_WITHIN);
  const outcome = await awaitMatch(s.connection.inbox, criteria, spec.skipOthers ?? false, parseDuration(spec.within ?? DEFAULT_WITHIN), s.cache);
  const sentAt = s.sentAt;
  s.sentAt = undefined;
  if (outcome.kind !== 'matched') {
    return ctx.check({ name, ok: false, expected: criteria, actual: previewMessages(outcome.examined), message: `${name}: ${whyNoMatch(outcome, within)}` });
  }
  s.lastMatched = outcome.message;
  s.matched.push(outcome.message);
  // A message that was already waiting before the send is no answer to it: no round trip to measure.
  if (sentAt !== undefined && outcome.message.at >= sentAt) ctx.metric('ws_message_rtt', outcome.message.at - sentAt, 'ms', { step: title });
  return ctx.check({ name, ok: true, expected: criteria, actual: previewMessage(outcome.message) });
}

async function runSend(send: Extract<WebSocketStepSpec, { send: unknown }>['send'], ctx: ExecContext, s: Session): Promise<boolean> {
  const { connection } = s;
  if (!connection.isOpen) {
    const closed = connection.inbox.closed;
    const state = closed ? `closed (${describeClose(closed)})` : 'not open';
    return ctx.check({ name: 'send', ok: false, expected: 'an open connection', actual: state, message: `send: the connection is ${state}; nothing was sent` });
  }
  s.sentAt = performance.now();
  try {
    await connection.send(sendPayload(send));
  } catch (e) {
    return ctx.check({ name: 'send', ok: false, expected: 'the message sent', message: `send: the message could not be sent: ${(e as Error).message}` });
  }
  return true;
}

/** The last matched message as the api's capture helpers read a response. */
function captureView(m: WsMessage): HttpResponseView {
  return {
    status: 101,
    headers: {},
    body: m.body,
    durationMs: 0,
    get json() {
      return m.json;
    },
  };
}

function runCapture(spec: Record<string, string>, ctx: ExecContext, s: Session): boolean {
  if (!s.lastMatched) {
    const name = `capture ${Object.keys(spec).join(', ')}`;
    return ctx.check({ name, ok: false, expected: 'a message matched by an earlier `expect`', message: `${name}: no message has matched an \`expect\` yet; capture reads the last matched one` });
  }
  return applyCaptures(spec, captureView(s.lastMatched), ctx, s.cache);
}

async function runExpectNoMessage(d: DurationInput, ctx: ExecContext, s: Session): Promise<boolean> {
  const shown = showDuration(d);
  const out = await awaitQuiet(s.connection.inbox, parseDuration(d));
  const expected = `no message for ${shown}`;
  if (out.kind === 'quiet') return ctx.check({ name: 'expectNoMessage', ok: true, expected, actual: 'no message' });
  return ctx.check({
    name: 'expectNoMessage', ok: false, expected, actual: previewMessage(out.message),
    message: `expectNoMessage: a message arrived within ${shown}: ${quoteMessage(out.message)}`,
  });
}

async function runExpectClose(spec: Extract<WebSocketStepSpec, { expectClose: unknown }>['expectClose'], ctx: ExecContext, s: Session): Promise<boolean> {
  const want = spec === true ? {} : spec;
  const within = showDuration(want.within ?? DEFAULT_WITHIN);
  const expected: Record<string, unknown> | string = want.code === undefined && want.reason === undefined
    ? 'the connection closes'
    : { ...(want.code !== undefined ? { code: want.code } : {}), ...(want.reason !== undefined ? { reason: want.reason } : {}) };
  const closed = await awaitClose(s.connection.inbox, parseDuration(want.within ?? DEFAULT_WITHIN));
  if (!closed) {
    const unread = s.connection.inbox.queue;
    const tail = unread.length > 0 ? `; ${plural(unread.length, 'unread message')}, the last: ${quoteMessage(unread[unread.length - 1]!)}` : '';
    return ctx.check({ name: 'expectClose', ok: false, expected, actual: 'still open', message: `expectClose: the connection was still open after ${within}${tail}` });
  }
  const reasonOk = want.reason === undefined || (isRegexLiteral(want.reason) ? s.cache.regex(want.reason).test(closed.reason) : closed.reason === want.reason);
  const ok = (want.code === undefined || closed.code === want.code) && reasonOk;
  const actual = { code: closed.code, reason: closed.reason };
  if (ok) return ctx.check({ name: 'expectClose', ok, expected, actual });
  return ctx.check({ name: 'expectClose', ok, expected, actual, message: `expectClose: expected ${typeof expected === 'string' ? expected : JSON.stringify(expected)}, got ${describeClose(closed)}` });
}

/** Runs one step, already resolved; false when it failed (later steps would only cascade). */
export async function runStep(step: WebSocketStepSpec, title: string, ctx: ExecContext, s: Session): Promise<boolean> {
  if ('send' in step) return runSend(step.send, ctx, s);
  if ('expect' in step) return runExpect(step.expect, title, ctx, s);
  if ('capture' in step) return runCapture(step.capture, ctx, s);
  if ('expectNoMessage' in step) return runExpectNoMessage(step.expectNoMessage, ctx, s);
  if ('judge' in step) {
    const { on, ...assertion } = step.judge;
    const messages = on === 'matched' ? s.matched : s.lastMatched ? [s.lastMatched] : [];
    if (messages.length === 0) return ctx.check({ name: 'judge', ok: false, expected: 'a matched message to judge', message: 'judge: no `expect` matched a message before this step' });
    return ctx.judge(assertion, { kind: 'text', text: messages.map((m) => m.body).join('\n') });
  }
  if ('close' in step) {
    const { code, reason } = closeArgs(step.close);
    await s.connection.close(code, reason);
    return true;
  }
  return runExpectClose(step.expectClose, ctx, s);
}
