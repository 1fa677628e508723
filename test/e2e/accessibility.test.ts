// `type: accessibility` end to end: the built CLI, real Chromium and axe-core against the demo app's a11y pages.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JsonReport, JsonTest } from '../../src/reporters/json-report.js';
import { runCliProcess, tempDir, type CliResult } from '../helpers/cli.js';
import { startDemoApp, type RunningApp } from '../helpers/demo-app.js';

// The four violations pages.js builds into /a11y/bad, one element each.
const BAD = { 'image-alt': '#logo', label: '#nolabel', 'color-contrast': '#faint', 'button-name': '#empty-button' } as const;
const REASON = 'brand colour, tracked in JIRA-12';

const tests = `
  - name: good page
    type: accessibility
    url: /a11y/good
    standard: wcag22aa
    bestPractice: true
    steps:
      - expect: { title: Accessible page }
  - name: bad page
    type: accessibility
    url: /a11y/bad
  - name: bad page failOn critical
    type: accessibility
    url: /a11y/bad
    failOn: critical
  - name: bad page with an allowed violation
    type: accessibility
    url: /a11y/bad
    allow:
      - { rule: color-contrast, selector: "#faint", reason: "${REASON}" }
  - name: bad page with its critical ones allowed
    type: accessibility
    url: /a11y/bad
    failOn: critical
    allow:
      - { rule: image-alt, reason: legacy logo }
      - { rule: label, selector: "#nolabel", reason: legacy form }
      - { rule: button-name, reason: icon font }
  - name: only the faint paragraph
    type: accessibility
    url: /a11y/bad
    include: ["#faint"]
  - name: excluded and disabled
    type: accessibility
    url: /a11y/bad
    exclude: ["#logo", "#faint"]
    disableRules: [label]
  - name: failing step
    type: accessibility
    url: /a11y/good
    steps:
      - click: { selector: "#missing", timeout: 100 }
`;

let app: RunningApp;
let dir: string;
let run: CliResult;
let report: JsonReport;

beforeAll(async () => {
  app = await startDemoApp();
  dir = tempDir({ 'plan.yaml': `name: a11y e2e\nbaseUrl: ${app.url}\ntests:${tests}` });
  run = await runCliProcess(['run', 'plan.yaml', '--reporter', 'json:report.json'], { cwd: dir });
  report = JSON.parse(readFileSync(path.join(dir, 'report.json'), 'utf8')) as JsonReport;
  // Eight browser tests with axe: ~20 s alone, ~40 s beside a CPU burner; room for a busier machine.
}, 180_000);
afterAll(() => app?.stop());

function test(name: string): JsonTest {
  const t = report.tests.find((x) => x.name === name);
  if (!t) throw new Error(`no test "${name}" in the report: ${run.stdout}${run.stderr}`);
  return t;
}
const failingChecks = (t: JsonTest) => t.checks.filter((c) => !c.ok).map((c) => c.name).sort();
const ruleCheck = (t: JsonTest, rule: string) => t.checks.find((c) => c.name === `a11y ${rule}`);
const metric = (t: JsonTest, name: string, impact?: string) => t.metrics?.find((m) => m.name === name && m.labels?.impact === impact)?.value;

describe('accessibility tests', () => {
  it('run as type accessibility and fail the run (exit 1)', () => {
    expect(run.code, run.stdout + run.stderr).toBe(1);
    expect(report.tests.every((t) => t.type === 'accessibility')).toBe(true);
  });

  it('an accessible page passes with zero violations, after its steps, and attaches axe\'s results', () => {
    const t = test('good page');
    expect(t.status, JSON.stringify(t.checks)).toBe('passed');
    expect(t.checks.filter((c) => c.name.startsWith('a11y '))).toEqual([]);
    expect(t.checks).toContainEqual(expect.objectContaining({ name: 'accessibility (wcag22aa)', ok: true, step: 'axe scan (wcag22aa)' }));
    expect(t.steps?.map((s) => s.title)).toEqual(['goto /a11y/good', 'expect title "Accessible page"', 'axe scan (wcag22aa)']);
    expect(metric(t, 'a11y_violations_total')).toBe(0);
    const artifact = t.artifacts?.find((a) => a.name === 'axe-results.json');
    expect(artifact?.contentType).toBe('application/json');
    const axe = JSON.parse(readFileSync(path.join(dir, artifact!.path), 'utf8'));
    expect(axe.violations).toEqual([]);
    expect(axe.passes.length).toBeGreaterThan(0);
    // The standard and best-practice reached axe.
    expect(axe.toolOptions.runOnly.values).toEqual(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']);
  });

  it('the inaccessible page fails on exactly its four rules, naming each element', () => {
    const t = test('bad page');
    expect(t.status).toBe('failed');
    expect(failingChecks(t)).toEqual([...Object.keys(BAD).map((r) => `a11y ${r}`), 'accessibility (wcag21aa)'].sort());
    for (const [rule, target] of Object.entries(BAD)) {
      const c = ruleCheck(t, rule)!;
      expect(c).toMatchObject({ expected: 'no violations', actual: `1 node: ${target}`, step: 'axe scan (wcag21aa)' });
      expect(c.message).toContain(`https://dequeuniversity.com/rules/axe/`);
      expect(c.message).toContain(`${target} <`);
    }
    expect(t.checks.filter((c) => c.name.startsWith('a11y '))).toHaveLength(4);
    expect(metric(t, 'a11y_violations_total')).toBe(4);
  });

  it('axe rates the missing alt, label and button name critical and the contrast serious', () => {
    const t = test('bad page');
    for (const rule of ['image-alt', 'label', 'button-name']) expect(ruleCheck(t, rule)!.message).toMatch(/^critical impact: /);
    expect(ruleCheck(t, 'color-contrast')!.message).toMatch(/^serious impact: /);
    expect([metric(t, 'a11y_violations', 'critical'), metric(t, 'a11y_violations', 'serious'), metric(t, 'a11y_violations', 'moderate'), metric(t, 'a11y_violations', 'minor')]).toEqual([3, 1, 0, 0]);
  });

  it('failOn critical reports the serious contrast problem without failing on it', () => {
    const t = test('bad page failOn critical');
    expect(t.status).toBe('failed');
    expect(failingChecks(t)).toEqual(['a11y button-name', 'a11y image-alt', 'a11y label', 'accessibility (wcag21aa)']);
    expect(ruleCheck(t, 'color-contrast')).toMatchObject({ ok: true, actual: '1 node: #faint' });
    expect(ruleCheck(t, 'color-contrast')!.message).toContain('below failOn critical');
  });

  it('an allowed violation passes with its reason; the others still fail', () => {
    const t = test('bad page with an allowed violation');
    expect(t.status).toBe('failed');
    expect(failingChecks(t)).toEqual(['a11y button-name', 'a11y image-alt', 'a11y label', 'accessibility (wcag21aa)']);
    expect(ruleCheck(t, 'color-contrast')).toMatchObject({ ok: true, actual: '1 node: #faint' });
    expect(ruleCheck(t, 'color-contrast')!.message).toContain(`allowed: ${REASON} (#faint)`);
  });

  it('the test passes once nothing at or above failOn is left', () => {
    const t = test('bad page with its critical ones allowed');
    expect(t.status, JSON.stringify(t.checks)).toBe('passed');
    expect(t.checks.every((c) => c.ok)).toBe(true);
    expect(ruleCheck(t, 'label')!.message).toContain('allowed: legacy form (#nolabel)');
    // Allowed or not, the page still has them: the metric counts what axe found.
    expect(metric(t, 'a11y_violations_total')).toBe(4);
  });

  it('include scans only the given part of the page', () => {
    const t = test('only the faint paragraph');
    expect(failingChecks(t)).toEqual(['a11y color-contrast', 'accessibility (wcag21aa)']);
    expect(t.checks.filter((c) => c.name.startsWith('a11y '))).toHaveLength(1);
  });

  it('exclude leaves elements out and disableRules turns rules off', () => {
    const t = test('excluded and disabled');
    expect(failingChecks(t)).toEqual(['a11y button-name', 'accessibility (wcag21aa)']);
    expect(t.checks.filter((c) => c.name.startsWith('a11y '))).toHaveLength(1);
  });

  it('a failing step stops the test before the scan', () => {
    const t = test('failing step');
    expect(t.status).toBe('failed');
    expect(failingChecks(t)).toEqual(['click']);
    expect(t.checks.some((c) => c.name.startsWith('accessibility'))).toBe(false);
    expect(t.artifacts?.some((a) => a.name === 'axe-results.json') ?? false).toBe(false);
  });

  it('refuses bad options (exit 2), each one located', async () => {
    const bad = tempDir({
      'plan.yaml': `name: invalid\nbaseUrl: http://127.0.0.1:9\ntests:
  - name: bad options
    type: accessibility
    url: /a11y/good
    standard: wcag3
    failOn: severe
    allow: [{ rule: image-alt }]
`,
    });
    const r = await runCliProcess(['run', 'plan.yaml'], { cwd: bad });
    expect(r.code, r.stdout + r.stderr).toBe(2);
    expect(r.stderr).toContain('plan.yaml:7:5  tests[0].standard: must be wcag2a, wcag2aa, wcag21aa or wcag22aa; got "wcag3"');
    expect(r.stderr).toContain('plan.yaml:8:5  tests[0].failOn: must be minor, moderate, serious or critical; got "severe"');
    expect(r.stderr).toContain('tests[0].allow[0].reason: is required but missing');
  });
});
