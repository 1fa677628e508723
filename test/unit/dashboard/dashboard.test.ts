// The dashboard: what each event kind shows, the keys, and that a burst of events draws few frames.
import { PassThrough } from 'node:stream';
import { render } from 'ink-testing-library';
import { createElement as h } from 'react';
import { describe, expect, it } from 'vitest';
import { untilFrame, untilListening } from '../../helpers/ink-keys.js';
import { App } from '../../../src/dashboard/app.js';
import { createDashboardReporter } from '../../../src/dashboard/reporter.js';
import { initialState, reduce, type DashboardState } from '../../../src/dashboard/state.js';
import type { RunEvent, TestRef, TestResult } from '../../../src/events/types.js';

const ref = (name: string, type: TestRef['type'] = 'api'): TestRef => ({ id: name, name, type, plan: 'p', file: 'p.yaml', line: 1, column: 1, tags: [] });
const result = (status: TestResult['status'], extra: Partial<TestResult> = {}): TestResult => ({ status, attempt: 0, willRetry: false, startedAt: 0, durationMs: 1200, checks: [], steps: [], metrics: [], artifacts: [], ...extra });

function sample(): DashboardState {
  const s = initialState();
  const events: RunEvent[] = [
    { type: 'run:start', run: { id: 'r1', plans: [{ name: 'Shop', file: 'p.yaml' }], startedAt: 0, total: 5, workers: 2, baseUrl: 'http://127.0.0.1:4010' } },
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
  for (const e of events) reduce(s, e);
  return s;
}


describe('dashboard', () => {
  it('shows the header and counts, progress per type, running tests with their step, the load panel and judge verdicts', () => {
    const { lastFrame } = render(h(App, { state: sample(), now: 12_300, width: 100, onQuit: () => {} }));
    const f = lastFrame()!;
    expect(f).toContain('aitest · Shop · http://127.0.0.1:4010 · 12.3s');
    expect(f).toMatch(/✓ 2 ✗ 1 ~ 0 - 0 .* 3\/5 · ETA 8\.2s/);
    expect(f).toMatch(/api █+░* 3\/3 {2}ui ░+ 0\/1 {2}load ░+ 0\/1/);
    expect(f).toMatch(/▸ checkout ui 12\.3s · click Pay/);
    expect(f).toMatch(/load catalogue load {2}rps ▃█▆ 200 {2}p95 [▁-█]{3} 4\.0ms {2}errors 3 {2}vus 20/);
    expect(f).toMatch(/thresholds ✓ http_req_duration: p\(95\)<500 {2}✗ http_req_failed: rate<0\.01/);
    expect(f).toMatch(/judge · 300 tokens · \$0\.0021\n✓ 0\.86 bot — Polite and exact\./);
    // Failures as they happen: the failing check's expected and actual, and the artifact.
    expect(f).toMatch(/failures \(1\)\n✗ items {2}status: expected 200, got 500 {2}\.aitest\/artifacts\/log\.txt/);
    expect(f).toContain('q stop the run');
  });

  it('fits a classic 80x24 terminal with every panel up and a test opened: the list gives way', async () => {
    const s = sample();
    for (let i = 0; i < 30; i++) reduce(s, { type: 'test:end', test: ref(`extra ${i}`), result: result('passed') });
    const { lastFrame, stdin } = render(h(App, { state: s, now: 1000, width: 80, height: 24, onQuit: () => {} }));
    await untilListening(stdin);
    stdin.write('\r');
    await untilFrame(() => expect(lastFrame()).toContain('health — passed'));
    expect(lastFrame()!.split('\n').length).toBeLessThanOrEqual(24);
  });

  it('keys: j/k select, enter shows the details, f shows only failures, / filters by name, q quits', async () => {
    let quits = 0;
    const { lastFrame, stdin } = render(h(App, { state: sample(), now: 1000, width: 100, onQuit: () => quits++ }));
    await untilListening(stdin);
    stdin.write('j');
    await untilFrame(() => expect(lastFrame()).toMatch(/\n.*✗ items/));
    stdin.write('\r');
    await untilFrame(() => {
      expect(lastFrame()).toContain('items — failed');
      expect(lastFrame()).toContain('✗ status  expected 200, got 500');
      expect(lastFrame()).toContain('artifact .aitest/artifacts/log.txt');
    });
    stdin.write('\r');
    stdin.write('f');
    await untilFrame(() => {
      expect(lastFrame()).not.toContain('✓ health');
      expect(lastFrame()).toContain('f all tests');
    });
    stdin.write('f');
    // `/` and the filter in one go, as fast as a paste: every key lands in the filter.
    stdin.write('/');
    for (const ch of 'bo') stdin.write(ch);
    await untilFrame(() => expect(lastFrame()).toContain('filter: bo▏'));
    stdin.write('\r');
    await untilFrame(() => {
      expect(lastFrame()).toContain('✓ bot');
      expect(lastFrame()).not.toContain('✓ health');
    });
    stdin.write('q');
    await untilFrame(() => expect(quits).toBe(1));
  });

  it('a burst of 10,000 events draws a bounded number of frames', async () => {
    const stdout = Object.assign(new PassThrough(), { columns: 100, rows: 30, isTTY: false }) as unknown as NodeJS.WriteStream;
    const stdin = Object.assign(new PassThrough(), { isTTY: false, setRawMode() {}, ref() {}, unref() {} }) as unknown as NodeJS.ReadStream;
    const reporter = createDashboardReporter({ stdout, stdin, interrupt: () => {}, frameMs: 100 });
    reporter.onEvent({ type: 'run:start', run: { id: 'r', plans: [{ name: 'Big', file: 'p.yaml' }], startedAt: Date.now(), total: 5000, workers: 8 } });
    for (let i = 0; i < 5000; i++) {
      reporter.onEvent({ type: 'test:start', test: ref(`t${i}`), attempt: 0, worker: 'w0', at: Date.now() });
      reporter.onEvent({ type: 'test:end', test: ref(`t${i}`), result: result('passed') });
    }
    await new Promise((r) => setTimeout(r, 250));
    await reporter.close!();
    // One frame per 100 ms at most (plus the last one), however many events came.
    expect(reporter.frames()).toBeGreaterThanOrEqual(1);
    expect(reporter.frames()).toBeLessThanOrEqual(5);
  });
  it('r reruns the failed tests once the run is over, only where the dashboard stays (--ui)', async () => {
    const s = sample();
    let reruns = 0;
    const running = render(h(App, { state: s, now: 1000, width: 100, onQuit: () => {}, onRerun: () => reruns++ }));
    await untilListening(running.stdin);
    running.stdin.write('r');
    // Keys are handled in order: once f has shown, r has been handled too.
    running.stdin.write('f');
    await untilFrame(() => expect(running.lastFrame()).toContain('f all tests'));
    expect(reruns).toBe(0);
    expect(running.lastFrame()).not.toContain('r rerun failed');
    reduce(s, { type: 'run:end', summary: { runId: 'r1', status: 'failed', startedAt: 0, durationMs: 1, total: 5, passed: 2, failed: 1, flaky: 0, skipped: 0, timedOut: 0, errors: 0, notRun: 2 } });
    const ended = render(h(App, { state: s, now: 1000, width: 100, onQuit: () => {}, onRerun: () => reruns++ }));
    await untilFrame(() => expect(ended.lastFrame()).toContain('r rerun failed · q quit'));
    await untilListening(ended.stdin);
    ended.stdin.write('r');
    await untilFrame(() => expect(reruns).toBe(1));
    // Without --ui the dashboard leaves with the run: no key help on its last frame.
    const leaving = render(h(App, { state: s, now: 1000, width: 100, onQuit: () => {}, leaves: true }));
    expect(leaving.lastFrame()).not.toContain('q quit');
    expect(leaving.lastFrame()).toContain('✗ items');
  });

  it('a rerun starts over on the same screen: the next run:start clears the last run', () => {
    const s = sample();
    reduce(s, { type: 'run:start', run: { id: 'r2', plans: [{ name: 'Shop', file: 'p.yaml' }], startedAt: 5000, total: 1, workers: 2 } });
    expect(s.finished).toEqual([]);
    expect(s.counts).toEqual({ passed: 0, failed: 0, flaky: 0, skipped: 0, errors: 0 });
    expect(s.load).toBeUndefined();
    expect(s.baseUrl).toBeUndefined();
    expect(s.total).toBe(1);
    expect(s.ended).toBe(false);
  });

  it('with stay, close() waits on the terminal for q, or returns with rerunRequested() after r', async () => {
    const stdout = Object.assign(new PassThrough(), { columns: 100, rows: 30, isTTY: true }) as unknown as NodeJS.WriteStream;
    const stdin = Object.assign(new PassThrough(), { isTTY: true, setRawMode() {}, ref() {}, unref() {} }) as unknown as NodeJS.ReadStream;
    stdout.resume();
    const reporter = createDashboardReporter({ stdout, stdin, interrupt: () => {}, stay: true, frameMs: 10 });
    reporter.onEvent({ type: 'run:start', run: { id: 'r', plans: [{ name: 'P', file: 'p.yaml' }], startedAt: Date.now(), total: 1, workers: 1 } });
    reporter.onEvent({ type: 'test:end', test: ref('broken'), result: result('failed') });
    reporter.onEvent({ type: 'run:end', summary: { runId: 'r', status: 'failed', startedAt: 0, durationMs: 1, total: 1, passed: 0, failed: 1, flaky: 0, skipped: 0, timedOut: 0, errors: 0, notRun: 0 } });
    let closed = false;
    const closing = reporter.close!().then(() => (closed = true));
    await untilListening(stdin);
    expect(closed).toBe(false);
    stdin.write('r');
    await closing;
    expect(reporter.rerunRequested()).toBe(true);
    // The next run draws on the same screen; q after it leaves.
    reporter.onEvent({ type: 'run:start', run: { id: 'r2', plans: [{ name: 'P', file: 'p.yaml' }], startedAt: Date.now(), total: 1, workers: 1 } });
    expect(reporter.rerunRequested()).toBe(false);
    reporter.onEvent({ type: 'run:end', summary: { runId: 'r2', status: 'passed', startedAt: 0, durationMs: 1, total: 1, passed: 1, failed: 0, flaky: 0, skipped: 0, timedOut: 0, errors: 0, notRun: 0 } });
    const second = reporter.close!();
    await untilListening(stdin);
    stdin.write('q');
    await second;
    expect(reporter.rerunRequested()).toBe(false);
  });
});
