// The history browser (`aitest show`, and `run --ui` after the run): stored runs → a run's tests → a test's
// details, and back; r reruns the failures of the run it was opened at.
import { render } from 'ink-testing-library';
import { createElement as h } from 'react';
import { expect, it } from 'vitest';
import { untilFrame, untilListening } from '../../helpers/ink-keys.js';
import { History, type HistoryRun, type HistorySource } from '../../../src/dashboard/history.js';
import type { FinishedTest } from '../../../src/dashboard/state.js';

const runs: HistoryRun[] = [
  { id: 'run-new', startedAt: Date.UTC(2026, 10, 26, 9, 30), plans: 'Shop', branch: 'main', status: 'failed', counts: { total: 3, passed: 2, failed: 1, flaky: 0, skipped: 0 }, durationMs: 4200 },
  { id: 'run-old', startedAt: Date.UTC(2026, 10, 25, 8, 0), plans: 'Shop', status: 'passed', counts: { total: 1, passed: 1, failed: 0, flaky: 0, skipped: 0 }, durationMs: 900 },
];
const tests: Record<string, FinishedTest[]> = {
  'run-new': [
    { key: '0', name: 'health', type: 'api', status: 'passed', durationMs: 12, checks: [{ name: 'status', ok: true, expected: 200, actual: 200 }], artifacts: [], where: 'shop.yaml:4' },
    { key: '1', name: 'chat answers politely', type: 'api', status: 'failed', durationMs: 800, where: 'shop.yaml:9', error: 'judge: score 0.4 below 0.7',
      checks: [{ name: 'status', ok: true, expected: 200, actual: 200 }, { name: 'judge', ok: false, expected: { threshold: 0.7 }, actual: { score: 0.4, reasoning: 'Curt and off-topic.' } }],
      metrics: [{ name: 'http_req_duration', value: 812.5, unit: 'ms' }], artifacts: ['.aitest/artifacts/r/chat.txt'] },
    { key: '2', name: 'checkout', type: 'ui', status: 'passed', durationMs: 2100, checks: [], artifacts: [], where: 'shop.yaml:20' },
  ],
  'run-old': [{ key: '0', name: 'health', type: 'api', status: 'passed', durationMs: 10, checks: [], artifacts: [] }],
};
const source: HistorySource = { runs: () => runs, tests: (id) => tests[id] ?? [] };

it('lists runs newest first, opens a run, a test with every check, metric and judge reasoning, and goes back', async () => {
  const { lastFrame, stdin } = render(h(History, { source, rows: 10 }));
  await untilListening(stdin);
  await untilFrame(() => {
    expect(lastFrame()).toContain('aitest · 2 stored runs');
    expect(lastFrame()).toMatch(/✗ 2026-11-26 09:30 {2}Shop \(main\) {2}✓2 ✗1 ~0 -0 {2}4\.2s {2}run-new/);
    expect(lastFrame()).toMatch(/✓ 2026-11-25 08:00 {2}Shop {2}✓1 ✗0 ~0 -0 {2}0\.9s {2}run-old/);
  });
  stdin.write('\r');
  await untilFrame(() => {
    expect(lastFrame()).toContain('Shop · 2026-11-26 09:30 · failed · run-new');
    expect(lastFrame()).toMatch(/✓ health api 0\.0s\n.*✗ chat answers politely api 0\.8s\n.*✓ checkout ui 2\.1s/);
  });
  stdin.write('f');
  await untilFrame(() => expect(lastFrame()).not.toContain('✓ health'));
  stdin.write('\r');
  await untilFrame(() => expect(lastFrame()).toContain('chat answers politely — failed'));
  const details = lastFrame()!;
  expect(details).toContain('chat answers politely — failed');
  expect(details).toContain('shop.yaml:9');
  expect(details).toContain('judge: score 0.4 below 0.7');
  expect(details).toContain('✓ status  expected 200, got 200');
  expect(details).toContain('✗ judge  score 0.4 (pass ≥ 0.7) — Curt and off-topic.');
  expect(details).toContain('http_req_duration 812.50 ms');
  expect(details).toContain('artifact .aitest/artifacts/r/chat.txt');
  stdin.write('\u001b');
  await untilFrame(() => expect(lastFrame()).toContain('f all tests'));
  stdin.write('h');
  await untilFrame(() => expect(lastFrame()).toContain('aitest · 2 stored runs'));
  stdin.write('j');
  stdin.write('\r');
  await untilFrame(() => expect(lastFrame()).toContain('Shop · 2026-11-25 08:00 · passed · run-old'));
});

it('filters a run\'s tests by name with /', async () => {
  const { lastFrame, stdin } = render(h(History, { source, rows: 10, openRun: 'run-new' }));
  await untilListening(stdin);
  await untilFrame(() => expect(lastFrame()).toContain('health'));
  stdin.write('/');
  await untilFrame(() => expect(lastFrame()).toContain('filter: ▏'));
  for (const ch of 'CHECK') stdin.write(ch);
  await untilFrame(() => expect(lastFrame()).toContain('filter: CHECK▏'));
  stdin.write('\r');
  await untilFrame(() => {
    expect(lastFrame()).toContain('✓ checkout ui');
    expect(lastFrame()).not.toContain('health');
  });
});

it('after `run --ui`: r on the run just made, with failures, asks for a rerun and leaves; other runs offer no r', async () => {
  let reruns = 0;
  const { lastFrame, stdin } = render(h(History, { source, rows: 10, openRun: 'run-new', onRerun: () => reruns++ }));
  await untilListening(stdin);
  await untilFrame(() => expect(lastFrame()).toContain('f failures only · / filter · r rerun failed · esc/h runs · q quit'));
  stdin.write('h');
  await untilFrame(() => expect(lastFrame()).toContain('aitest · 2 stored runs'));
  stdin.write('j');
  stdin.write('\r');
  await untilFrame(() => expect(lastFrame()).toContain('Shop · 2026-11-25 08:00 · passed · run-old'));
  expect(lastFrame()).not.toContain('r rerun failed');
  stdin.write('r');
  stdin.write('h');
  await untilFrame(() => expect(lastFrame()).toContain('aitest · 2 stored runs'));
  expect(reruns).toBe(0);
  stdin.write('k');
  stdin.write('\r');
  await untilFrame(() => expect(lastFrame()).toContain('r rerun failed'));
  stdin.write('r');
  await untilFrame(() => expect(reruns).toBe(1));
});

it('says so when there are no runs', async () => {
  const { lastFrame } = render(h(History, { source: { runs: () => [], tests: () => [] }, rows: 10 }));
  await untilFrame(() => expect(lastFrame()).toContain('No runs yet'));
});
