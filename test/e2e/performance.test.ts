// performance tests in real Chromium against the demo app: Web Vitals measured, budgets as checks, metrics stored.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCliProcess, tempDir } from '../helpers/cli.js';
import { queryDb } from '../helpers/db.js';
import { readReport, testNamed, useDemoApp } from '../helpers/report.js';

const demo = useDemoApp();


describe('performance tests', () => {
  it('measures plausible vitals, fails a 1 ms budget, gets INP from an interaction, and stores the metrics', async () => {
    const dir = tempDir({
      'plan.yaml': `name: perf e2e
baseUrl: ${demo.app.url}
tests:
  - name: slow page
    type: performance
    url: /slow-page?ms=400
    runs: 2
    budgets: { lcp: 60s, cls: 0.1, ttfb: 60s }   # met however loaded the machine
  - name: impossible budget
    type: performance
    url: /
    budgets: { lcp: 1ms }
  - name: interaction
    type: performance
    url: /dashboard
    steps:
      - click: { testId: add-todo }
    budgets: { inp: 60s }
`,
    });
    const r = await runCliProcess(['run', 'plan.yaml', '--reporter', 'json:report.json', '--db', 'results.db'], { cwd: dir });
    expect(r.code, r.stdout + r.stderr).toBe(1);
    const tests = readReport(dir);
    const byName = (n: string) => testNamed(tests, n);

    const slow = byName('slow page');
    expect(slow.status, JSON.stringify(slow.checks)).toBe('passed');
    const m = Object.fromEntries((slow.metrics ?? []).map((x) => [x.name, x.value]));
    // The server holds the whole page back 400 ms: nothing can be painted before the first byte.
    expect(m.web_vitals_ttfb).toBeGreaterThanOrEqual(400);
    expect(m.web_vitals_fcp).toBeGreaterThanOrEqual(m.web_vitals_ttfb!);
    expect(m.web_vitals_lcp).toBeGreaterThanOrEqual(m.web_vitals_fcp!);
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
