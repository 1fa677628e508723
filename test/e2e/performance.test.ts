// performance tests in real Chromium against the demo app: Web Vitals measured, budgets as checks, metrics stored.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliProcess, tempDir } from '../helpers/cli.js';
import { queryDb } from '../helpers/db.js';
import { startDemoApp, type RunningApp } from '../helpers/demo-app.js';

let app: RunningApp;
beforeAll(async () => {
  app = await startDemoApp();
});
afterAll(() => app.stop());

interface JsonTest {
  name: string;
  status: string;
  checks: { name: string; ok: boolean; expected?: unknown; actual?: unknown; message?: string }[];
  metrics?: { name: string; value: number; unit: string }[];
}

describe('performance tests', () => {
  it('measures plausible vitals, fails a 1 ms budget, gets INP from an interaction, and stores the metrics', async () => {
    const dir = tempDir({
      'plan.yaml': `name: perf e2e
baseUrl: ${app.url}
tests:
  - name: slow page
    type: performance
    url: /slow-page?ms=400
    runs: 2
    budgets: { lcp: 10s, cls: 0.1, ttfb: 10s }
  - name: impossible budget
    type: performance
    url: /
    budgets: { lcp: 1ms }
  - name: interaction
    type: performance
    url: /dashboard
    steps:
      - click: { testId: add-todo }
    budgets: { inp: 5s }
`,
    });
    const r = await runCliProcess(['run', 'plan.yaml', '--reporter', 'json:report.json', '--db', 'results.db'], { cwd: dir });
    expect(r.code, r.stdout + r.stderr).toBe(1);
    const tests = (JSON.parse(readFileSync(path.join(dir, 'report.json'), 'utf8')) as { tests: JsonTest[] }).tests;
    const byName = (n: string) => tests.find((t) => t.name === n)!;

    const slow = byName('slow page');
    expect(slow.status, JSON.stringify(slow.checks)).toBe('passed');
    const m = Object.fromEntries((slow.metrics ?? []).map((x) => [x.name, x.value]));
    // The server holds the whole page back 400 ms: nothing can be painted before the first byte.
    expect(m.web_vitals_ttfb).toBeGreaterThanOrEqual(400);
    expect(m.web_vitals_fcp).toBeGreaterThanOrEqual(m.web_vitals_ttfb!);
    expect(m.web_vitals_lcp).toBeGreaterThanOrEqual(m.web_vitals_fcp!);
    expect(m.web_vitals_lcp).toBeLessThan(10_000);
    expect(m.web_vitals_cls).toBe(0);
    expect(m.web_vitals_requests).toBeGreaterThanOrEqual(1);
    expect(m.web_vitals_transferSize).toBeGreaterThan(0);
    expect(slow.checks.map((c) => c.name)).toEqual(['budget lcp', 'budget cls', 'budget ttfb']);
    expect(String(slow.checks[0]!.actual)).toMatch(/ms \(median of 2 runs\)$/);

    const impossible = byName('impossible budget');
    expect(impossible.status).toBe('failed');
    expect(impossible.checks).toEqual([expect.objectContaining({ name: 'budget lcp', ok: false, expected: '≤ 1 ms' })]);

    const interaction = byName('interaction');
    expect(interaction.status, JSON.stringify(interaction.checks)).toBe('passed');
    expect(interaction.metrics?.find((x) => x.name === 'web_vitals_inp')?.value).toBeGreaterThanOrEqual(0);

    const rows = queryDb<{ name: string; value: number }>(path.join(dir, 'results.db'), "SELECT name, value FROM metrics WHERE name = 'web_vitals_lcp' ORDER BY value");
    expect(rows).toHaveLength(3);
  });
});
