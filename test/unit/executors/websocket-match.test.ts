// The websocket executor's message matching and bounded waits, over in-memory messages: no socket.
import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { createAssertionCache } from '../../../src/assertions/cache.js';
import { awaitClose, awaitMatch, awaitQuiet, Inbox } from '../../../src/executors/websocket/inbox.js';
import { matches, messageChecks, takeMatch, whyNot } from '../../../src/executors/websocket/match.js';
import { createMessage, previewMessages, type WsMessage } from '../../../src/executors/websocket/message.js';
import { checkSteps, describeClose, stepTitle } from '../../../src/executors/websocket/steps.js';

const cache = createAssertionCache();
const msg = (v: unknown): WsMessage => createMessage(typeof v === 'string' ? v : JSON.stringify(v), performance.now());
const bodies = (q: WsMessage[]) => q.map((m) => m.body);

describe('websocket message criteria', () => {
  const welcome = msg({ type: 'welcome', name: 'ada', id: 'u-1', tags: ['a', 'b'] });

  it('json is a deep partial match: extra keys are fine, a different value is not', () => {
    expect(matches(welcome, { json: { type: 'welcome' } }, cache)).toBe(true);
    expect(matches(welcome, { json: { type: 'welcome', name: 'ada', tags: ['a', 'b'] } }, cache)).toBe(true);
    expect(matches(welcome, { json: { type: 'joined' } }, cache)).toBe(false);
    expect(matches(welcome, { json: { tags: ['a'] } }, cache)).toBe(false);
    const [check] = messageChecks(welcome, { json: { type: 'joined' } }, cache);
    expect(check).toMatchObject({ name: 'json', ok: false, actual: { type: 'welcome' } });
    expect(check!.message).toContain('$.type: expected "joined", got "welcome"');
  });

  it('json against a text message fails as not JSON', () => {
    const [check] = messageChecks(msg('hello there'), { json: { type: 'welcome' } }, cache);
    expect(check).toMatchObject({ name: 'json', ok: false });
    expect(check!.message).toContain('not JSON');
  });

  it('text equals the whole message, or matches a /regex/', () => {
    const hello = msg('hello there');
    expect(matches(hello, { text: 'hello there' }, cache)).toBe(true);
    expect(matches(hello, { text: 'hello' }, cache)).toBe(false);
    expect(matches(hello, { text: '/^hello\\s/' }, cache)).toBe(true);
    expect(matches(hello, { text: '/^HELLO/i' }, cache)).toBe(true);
    expect(matches(hello, { text: '/^bye/' }, cache)).toBe(false);
    const [check] = messageChecks(hello, { text: 'hello' }, cache);
    expect(check).toMatchObject({ name: 'text', ok: false, expected: 'hello', actual: 'hello there' });
    expect(check!.message).toBe('text: expected "hello", got "hello there"');
  });

  it('jsonPath runs the same operators as api tests', () => {
    expect(matches(welcome, { jsonPath: { '$.name': { equals: 'ada' }, '$.tags': { length: 2 } } }, cache)).toBe(true);
    expect(matches(welcome, { jsonPath: { '$.name': { equals: 'bob' } } }, cache)).toBe(false);
    expect(matches(welcome, { jsonPath: { '$.missing': { exists: false } } }, cache)).toBe(true);
    const failed = messageChecks(welcome, { jsonPath: { '$.id': { matches: '^x-' } } }, cache).filter((c) => !c.ok);
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ name: 'jsonPath $.id matches', actual: 'u-1' });
  });

  it('every criterion must hold', () => {
    expect(matches(welcome, { json: { type: 'welcome' }, jsonPath: { '$.name': { equals: 'ada' } } }, cache)).toBe(true);
    expect(matches(welcome, { json: { type: 'welcome' }, jsonPath: { '$.name': { equals: 'bob' } } }, cache)).toBe(false);
    expect(matches(welcome, { json: { type: 'welcome' }, text: '/"name":"ada"/' }, cache)).toBe(true);
  });
});

describe('takeMatch', () => {
  const queue = () => [msg({ type: 'joined', name: 'bob' }), msg({ type: 'welcome', name: 'ada' }), msg({ type: 'said', text: 'hi' })];

  it('without skipOthers the next message must match: it is consumed either way, later ones stay', () => {
    const q = queue();
    const take = takeMatch(q, { json: { type: 'welcome' } }, false, cache);
    expect(take.kind).toBe('mismatch');
    if (take.kind !== 'mismatch') return;
    expect(take.message.body).toContain('joined');
    expect(whyNot(take.failed)).toContain('$.type: expected "welcome", got "joined"');
    expect(bodies(q)).toHaveLength(2);

    const next = takeMatch(q, { json: { type: 'welcome' } }, false, cache);
    expect(next.kind).toBe('matched');
    expect(bodies(q)).toEqual([JSON.stringify({ type: 'said', text: 'hi' })]);
  });

  it('with skipOthers it consumes non-matching messages until one matches, and no further', () => {
    const q = queue();
    const take = takeMatch(q, { json: { type: 'welcome' } }, true, cache);
    expect(take.kind).toBe('matched');
    if (take.kind !== 'matched') return;
    expect(take.message.json).toEqual({ type: 'welcome', name: 'ada' });
    expect(bodies(take.skipped)).toEqual([JSON.stringify({ type: 'joined', name: 'bob' })]);
    expect(q).toHaveLength(1);
  });

  it('with skipOthers and no match, everything looked at is consumed and reported as skipped', () => {
    const q = queue();
    const take = takeMatch(q, { json: { type: 'bye' } }, true, cache);
    expect(take).toMatchObject({ kind: 'none' });
    expect(take.kind === 'none' && take.skipped).toHaveLength(3);
    expect(q).toEqual([]);
  });

  it('an empty queue means wait', () => {
    expect(takeMatch([], { text: 'x' }, false, cache)).toEqual({ kind: 'none', skipped: [] });
  });
});

// Messages, closes and interrupts come while a wait is parked (the await* functions park synchronously),
// and those waits are far longer than the test's timeout: a wake-up that did not work fails the test.
const LONG = 10 * 60_000;

describe('bounded waits on an inbox', () => {
  it('awaitMatch takes a message that arrives while waiting', async () => {
    const inbox = new Inbox();
    const waiting = awaitMatch(inbox, { json: { type: 'tick' } }, false, LONG, cache);
    inbox.push(msg({ type: 'tick', n: 1 }));
    expect((await waiting).kind).toBe('matched');
  });

  it('awaitMatch with skipOthers keeps waiting past unrelated messages', async () => {
    const inbox = new Inbox();
    inbox.push(msg({ type: 'noise' }));
    const waiting = awaitMatch(inbox, { json: { type: 'tick' } }, true, LONG, cache);
    inbox.push(msg({ type: 'noise', n: 2 }));
    inbox.push(msg({ type: 'tick', n: 1 }));
    const out = await waiting;
    expect(out.kind).toBe('matched');
    expect(out.examined).toHaveLength(2);
  });

  it('awaitMatch gives up after `within`: a missing message is an outcome, not a hang', async () => {
    const inbox = new Inbox();
    inbox.push(msg({ type: 'noise' }));
    const started = performance.now();
    const out = await awaitMatch(inbox, { json: { type: 'tick' } }, true, 100, cache);
    expect(out).toMatchObject({ kind: 'timeout' });
    expect(out.examined).toHaveLength(1);
    // Not before its time (a loaded machine only makes it later).
    expect(performance.now() - started).toBeGreaterThanOrEqual(90);
  });

  it('awaitMatch stops as soon as the connection closes', async () => {
    const inbox = new Inbox();
    const waiting = awaitMatch(inbox, { text: 'x' }, false, LONG, cache);
    inbox.close({ code: 1000, reason: 'done' });
    expect(await waiting).toMatchObject({ kind: 'closed', close: { code: 1000, reason: 'done' } });
  });

  it('messages that arrived before the close are still matched after it', async () => {
    const inbox = new Inbox();
    inbox.push(msg('last words'));
    inbox.close({ code: 1000, reason: '' });
    expect((await awaitMatch(inbox, { text: 'last words' }, false, 1000, cache)).kind).toBe('matched');
  });

  it('an interrupt (test timeout, Ctrl-C) ends a wait with its reason, and every later one', async () => {
    const inbox = new Inbox();
    const reason = new Error('timed out');
    const waiting = awaitMatch(inbox, { text: 'x' }, false, LONG, cache);
    inbox.interrupt(reason);
    await expect(waiting).rejects.toBe(reason);
    await expect(awaitQuiet(inbox, LONG)).rejects.toBe(reason);
    await expect(awaitClose(inbox, LONG)).rejects.toBe(reason);
  });

  it('awaitQuiet fails on a message already waiting or arriving, passes on silence or a close', async () => {
    const waiting = new Inbox();
    waiting.push(msg('early'));
    expect(await awaitQuiet(waiting, LONG)).toMatchObject({ kind: 'message' });

    const arriving = new Inbox();
    const quietArriving = awaitQuiet(arriving, LONG);
    arriving.push(msg('late'));
    expect(await quietArriving).toMatchObject({ kind: 'message' });

    expect(await awaitQuiet(new Inbox(), 30)).toEqual({ kind: 'quiet' });

    const closing = new Inbox();
    const quietClosing = awaitQuiet(closing, LONG);
    closing.close({ code: 1000, reason: '' });
    expect(await quietClosing).toEqual({ kind: 'quiet' });
  });

  it('awaitClose returns the close, or undefined when still open after the wait', async () => {
    const inbox = new Inbox();
    expect(await awaitClose(inbox, 20)).toBeUndefined();
    const closing = awaitClose(inbox, LONG);
    inbox.close({ code: 4001, reason: 'bye' });
    expect(await closing).toEqual({ code: 4001, reason: 'bye' });
  });
});

describe('websocket step words', () => {
  it('titles say what a step does, from the step as written', () => {
    expect(stepTitle({ send: { json: { type: 'hello', name: 'ada' } } })).toBe('send {"type":"hello","name":"ada"}');
    expect(stepTitle({ send: { json: { type: 'hello', name: 'a very long name that goes on and on' } } })).toBe('send {"type":"hello","name":"a very long name…');
    expect(stepTitle({ send: 'plain text' })).toBe('send "plain text"');
    expect(stepTitle({ send: { text: 'hi ${{ captures.id }}' } })).toBe('send "hi ${{ captures.id }}"');
    expect(stepTitle({ expect: { json: { type: 'welcome' }, within: '2s' } })).toBe('expect json {"type":"welcome"} within 2s');
    expect(stepTitle({ expect: { json: { type: 'joined' }, within: 2000, skipOthers: true } })).toBe('expect json {"type":"joined"} within 2000ms, skipping others');
    expect(stepTitle({ expect: { text: '/^pong/' } })).toBe('expect text "/^pong/"');
    expect(stepTitle({ capture: { id: '$.id' } })).toBe('capture id from $.id');
    expect(stepTitle({ expectNoMessage: '300ms' })).toBe('expect no message for 300ms');
    expect(stepTitle({ close: 1000 })).toBe('close 1000');
    expect(stepTitle({ close: { code: 4000, reason: 'bye' } })).toBe('close 4000 "bye"');
    expect(stepTitle({ expectClose: true })).toBe('expect close');
    expect(stepTitle({ expectClose: { code: 1000, reason: 'done' } })).toBe('expect close 1000 "done"');
  });

  it('an expect without json, text or jsonPath is a plan error before connecting', () => {
    expect(() => checkSteps([{ send: 'x' }, { expect: { within: '1s' } }])).toThrow(/step 2: an `expect` needs `json`, `text` or `jsonPath`/);
    expect(() => checkSteps([{ expect: { text: 'x' } }])).not.toThrow();
  });

  it('close codes and message lists read plainly', () => {
    expect(describeClose({ code: 1000, reason: 'done' })).toBe('code 1000 (normal closure), reason "done"');
    expect(describeClose({ code: 4001, reason: '' })).toBe('code 4001');
    expect(previewMessages([])).toBe('no message');
    const many = Array.from({ length: 7 }, (_, n) => msg({ n }));
    expect(previewMessages(many)).toEqual(['… 2 earlier', { n: 2 }, { n: 3 }, { n: 4 }, { n: 5 }, { n: 6 }]);
    expect(previewMessages([msg('x'.repeat(500))])).toEqual([`${'x'.repeat(200)}…`]);
  });
});
