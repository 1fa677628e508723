// The live view on a terminal of a fixed size (helpers/screen.ts keeps what a person sees): its area below
// the log with counts, progress, running tests, failures with expected and actual, load and judge panels;
// finished tests scrolling by above it; the area sized to the terminal and gone at the end, cursor back.
import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { createLiveView } from '../../../src/dashboard/live-view.js';
import { liveFrame } from '../../../src/dashboard/live-frame.js';
import { initialState, reduce } from '../../../src/dashboard/state.js';
import type { RunEvent, TestRef, TestResult } from '../../../src/events/types.js';
import { Screen } from '../../helpers/screen.js';

const WAIT = { timeout: 15_000, interval: 10 };
const ref = (name: string, type: TestRef['type'] = 'api'): TestRef => ({ id: name, name, type, plan: 'p', file: 'p.yaml', line: 1, column: 1, tags: [] });
const result = (status: TestResult['status'], extra: Partial<TestResult> = {}): TestResult => ({ status, attempt: 0, willRetry: false, startedAt: 0, durationMs: 1200, checks: [], steps: [], metrics: [], artifacts: [], ...extra });
const start = (total: number, startedAt = Date.now()): RunEvent => ({ type: 'run:start', run: { id: 'r1', plans: [{ name: 'Shop', file: 'p.yaml' }], startedAt, total, workers: 2, baseUrl: 'http://127.0.0.1:4010' } });

function sampleEvents(): RunEvent[] {
  return [
    start(5, 0),
    { type: 'test:start', test: ref('health'), attempt: 0, worker: 'w0', at: 0 },
    { type: 'test:end', test: ref('health'), result: result('passed') },
    { type: 'test:start', test: ref('checkout', 'ui'), attempt: 0, worker: 'w1', at: 0 },
    { type: 'test:step', test: ref('checkout', 'ui'), attempt: 0, step: { title: 'click Pay', status: 'passed', startedAt: 0, durationMs: 1 } },
    { type: 'test:start', test: ref('items'), attempt: 0, worker: 'w0', at: 0 },
    { type: 'test:end', test: ref('items'), result: result('failed', { error: { message: 'status: expected 200, got 500' }, checks: [{ name: 'status', ok: false, expected: 200, actual: 500 }], artifacts: [{ name: 'log', path: '.aitest/artifacts/log.txt', contentType: 'text/plain' }] }) },
    { type: 'test:start', test: ref('bot'), attempt: 0, worker: 'w0', at: 0 },
    { type: 'test:end', test: ref('bot'), result: result('passed', { checks: [{ name: 'judge', ok: true, actual: { score: 0.86, reasoning: 'Polite and exact.' } }], metrics: [{ name: 'judge_tokens_in', value: 300, unit: 'count', at: 0 }, { name: 'judge_cost', value: 0.0021, unit: 'usd', at: 0 }] }) },
    { type: 'test:start', test: ref('catalogue load', 'load'), attempt: 0, worker: 'w2', at: 0 },
    ...[100, 300, 200].map((rps, i): RunEvent => ({ type: 'test:metric', test: ref('catalogue load', 'load'), attempt: 0, metrics: [
      { name: 'rps', value: rps, unit: '/s', at: i }, { name: 'p95', value: 2 + i, unit: 'ms', at: i }, { name: 'errors', value: 1, unit: 'count', at: i }, { name: 'vus', value: 20, unit: 'count', at: i },
      { name: 'threshold', value: 1, unit: 'bool', at: i, labels: { threshold: 'http_req_duration: p(95)<500' } },
      { name: 'threshold', value: i < 2 ? 1 : 0, unit: 'bool', at: i, labels: { threshold: 'http_req_failed: rate<0.01' } },
    ] })),
  ];
}

describe('live frame', () => {
  it('shows the counts, progress and ETA, each type, running tests with their step, failures, load and judge', () => {
    const s = initialState();
    for (const e of sampleEvents()) reduce(s, e);
    const f = liveFrame(s, 12_300, 100, 40, false).join('\n');
    expect(f).toContain('aitest · Shop · http://127.0.0.1:4010 · 12.3s');
    expect(f).toMatch(/✓ 2 ✗ 1 ~ 0 - 0 {2}█+░* 3\/5 · ETA 8\.2s/);
    expect(f).toMatch(/api █+ 3\/3 {2}ui ░+ 0\/1 {2}load ░+ 0\/1/);
    expect(f).toMatch(/▸ checkout ui 12\.3s · click Pay/);
    expect(f).toMatch(/failures \(1\)\n✗ items {2}status: expected 200, got 500 {2}\.aitest\/artifacts\/log\.txt/);
    expect(f).toMatch(/load catalogue load {2}rps ▃█▆ 200 {2}p95 [▁-█]{3} 4\.0ms {2}errors 3 {2}vus 20/);
    expect(f).toMatch(/thresholds ✓ http_req_duration: p\(95\)<500 {2}✗ http_req_failed: rate<0\.01/);
    expect(f).toMatch(/judge · 300 tokens · \$0\.0021\n✓ 0\.86 bot — Polite and exact\./);
    expect(f.split('\n').at(-1)).toBe('q stop the run');
  });

  it('shows control characters in names, steps and values instead of obeying them', () => {
    const s = initialState();
    const evil = ref('evil\u001b]0;pwned\u0007\r\u009b2J');
    for (const e of [start(2),
      { type: 'test:start', test: evil, attempt: 0, worker: 'w0', at: 0 },
      { type: 'test:step', test: evil, attempt: 0, step: { title: 'go\u001b[2J', status: 'passed', startedAt: 0, durationMs: 1 } },
      { type: 'test:end', test: ref('bad\u001b[31m'), result: result('failed', { checks: [{ name: 'body', ok: false, expected: 'a\u001b[5m', actual: '\u009b31m' }] }) },
    ] as RunEvent[]) reduce(s, e);
    const f = liveFrame(s, 1000, 100, 40, false).join('\n');
    expect(f).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    expect(f).toContain('evil\\x1b]0;pwned\\x07\\r\\x9b2J');
    expect(f).toContain('go\\x1b[2J');
    expect(f).toContain('body: expected "a\\u001b[5m"');
  });

  it('keeps to the rows it is given: counts and progress first, the help line last', () => {
    const s = initialState();
    for (const e of sampleEvents()) reduce(s, e);
    const f = liveFrame(s, 1000, 80, 5, false);
    expect(f).toHaveLength(5);
    expect(f[0]).toContain('aitest · Shop');
    expect(f.at(-1)).toBe('q stop the run');
  });
});

function fakeKeyboard(): NodeJS.ReadStream & { raw: boolean } {
  const k = Object.assign(new EventEmitter(), {
    isTTY: true, raw: false,
    setRawMode(on: boolean) { k.raw = on; return k; },
    setEncoding() { return k; }, resume() { return k; }, pause() { return k; },
  });
  return k as unknown as NodeJS.ReadStream & { raw: boolean };
}

describe('live view', () => {
  it('keeps its area below the log: finished tests scroll by above it, and at the end only the log stays', async () => {
    const screen = new Screen(80, 12);
    const stderr = { write: (s: string) => screen.write(s) };
    const view = createLiveView({ stdout: screen, stderr, colors: false, interrupt: () => {} });
    const log = (s: string) => screen.write(s);
    view.onEvent(start(3));
    log('Running 3 tests\n');
    view.onEvent({ type: 'test:start', test: ref('slow one'), attempt: 0, worker: 'w0', at: Date.now() });
    view.onEvent({ type: 'test:start', test: ref('teapot'), attempt: 0, worker: 'w1', at: Date.now() });
    view.onEvent({ type: 'test:end', test: ref('teapot'), result: result('failed', { checks: [{ name: 'status', ok: false, expected: 418, actual: 200 }] }) });
    log('  ✘ teapot  api  1.2s\n');
    await vi.waitFor(() => {
      expect(screen.visible()).toMatch(/^Running 3 tests\n {2}✘ teapot {2}api {2}1\.2s\naitest · Shop/);
      expect(screen.visible()).toMatch(/✓ 0 ✗ 1 ~ 0 - 0 .* 1\/3/);
      expect(screen.visible()).toMatch(/▸ slow one api/);
      expect(screen.visible()).toMatch(/failures \(1\)\n✗ teapot {2}status: expected 418, got 200/);
      expect(screen.visible().split('\n').at(-1)).toBe('q stop the run');
    }, WAIT);
    expect(screen.cursorShown).toBe(false);
    // Written to stderr meanwhile (a warning, the Ctrl-C notice): above the area too, never across it.
    stderr.write('warning: slow server\n');
    view.onEvent({ type: 'test:end', test: ref('slow one'), result: result('passed') });
    log('  ✓ slow one  api  1.2s\n');
    // The area keeps its height (one running test fewer leaves a blank row), so the log does not jump.
    await vi.waitFor(() => expect(screen.visible()).toMatch(/✘ teapot.*\nwarning: slow server\n {2}✓ slow one .*\n\naitest · Shop/), WAIT);
    expect(screen.visible().match(/aitest · Shop/g)).toHaveLength(1);
    view.onEvent({ type: 'run:end', summary: { runId: 'r1', status: 'failed', startedAt: 0, durationMs: 9, total: 3, passed: 1, failed: 1, flaky: 0, skipped: 0, timedOut: 0, errors: 0, notRun: 1 } });
    log('  1 failed · 1 passed');
    await view.close!();
    expect(screen.all()).toBe('Running 3 tests\n  ✘ teapot  api  1.2s\nwarning: slow server\n  ✓ slow one  api  1.2s\n  1 failed · 1 passed');
    expect(screen.cursorShown).toBe(true);
    // The streams are the terminal's again.
    log('\nafter');
    expect(screen.all()).toMatch(/1 passed\nafter$/);
  });

  it('sizes its area to the terminal and follows a resize, leaving no rows of an older frame', async () => {
    const screen = new Screen(80, 30);
    const view = createLiveView({ stdout: screen, colors: false, interrupt: () => {} });
    view.onEvent(start(6));
    for (let i = 0; i < 4; i++) view.onEvent({ type: 'test:start', test: ref(`running ${i}`), attempt: 0, worker: 'w0', at: Date.now() });
    for (let i = 0; i < 3; i++) view.onEvent({ type: 'test:end', test: ref(`bad ${i}`), result: result('failed', { error: { message: 'boom' } }) });
    await vi.waitFor(() => expect(screen.visible()).toContain('✗ bad 2  boom'), WAIT);
    const tall = screen.visible().split('\n').length;
    expect(tall).toBeGreaterThan(8);
    screen.resize(60, 6);
    // The rows of the taller area that the shorter screen pushed into the scrollback stay there.
    await vi.waitFor(() => {
      const rows = screen.visible().split('\n');
      expect(rows).toHaveLength(5);
      expect(rows[0]).toContain('aitest · Shop');
      expect(rows.at(-1)).toBe('q stop the run');
    }, WAIT);
    await view.close!();
    expect(screen.visible()).toBe('');
  });

  it('a crash leaves no area behind: what was held is printed, the cursor is back, the streams are the terminal\'s', async () => {
    const screen = new Screen(80, 20);
    const view = createLiveView({ stdout: screen, colors: false, interrupt: () => {} });
    view.onEvent(start(2));
    await vi.waitFor(() => expect(screen.visible()).toContain('q stop the run'), WAIT);
    screen.write('  ✓ first  api  5ms\n');
    // What Node tells its monitors just before it prints an uncaught error and exits.
    (process.emit as (event: string, ...args: unknown[]) => boolean)('uncaughtExceptionMonitor', new Error('boom'), 'uncaughtException');
    expect(screen.visible()).toBe('  ✓ first  api  5ms');
    expect(screen.cursorShown).toBe(true);
    screen.write('Error: boom');
    expect(screen.visible()).toBe('  ✓ first  api  5ms\nError: boom');
    await view.close!();
  });

  it('q and Ctrl-C on the keyboard stop the run as the signal does; the keyboard is let go at the end', async () => {
    const screen = new Screen(80, 20);
    const keys = fakeKeyboard();
    const interrupt = vi.fn();
    const view = createLiveView({ stdout: screen, stdin: keys, colors: false, interrupt });
    view.onEvent(start(1));
    expect(keys.raw).toBe(true);
    keys.emit('data', 'x');
    keys.emit('data', 'q');
    keys.emit('data', '\u0003');
    expect(interrupt).toHaveBeenCalledTimes(2);
    await view.close!();
    expect(keys.raw).toBe(false);
    expect(keys.listenerCount('data')).toBe(0);
  });
});
