// a11y-checks.ts with hand-made axe-like results: thresholds, the allow-list, messages and metrics.
import { describe, expect, it } from 'vitest';
import { a11yChecks, formatTarget, type AxeNodeLike, type AxeResultsLike, type AxeRuleLike } from '../../../src/executors/browser/a11y/a11y-checks.js';
import { axeTags } from '../../../src/executors/browser/a11y/axe-run.js';
import type { CheckInput } from '../../../src/executors/types.js';

const node = (target: unknown[], html: string, impact?: string | null): AxeNodeLike => ({ target, html, impact });
const rule = (id: string, impact: string | null | undefined, nodes: AxeNodeLike[]): AxeRuleLike => ({
  id,
  impact,
  help: `help for ${id}`,
  helpUrl: `https://dequeuniversity.com/rules/axe/4.13/${id}`,
  nodes,
});

// What axe reports for the demo app's /a11y/bad page.
const bad: AxeResultsLike = {
  violations: [
    rule('image-alt', 'critical', [node(['#logo'], '<img id="logo" src="x.gif">', 'critical')]),
    rule('label', 'critical', [node(['#nolabel'], '<input id="nolabel" type="text">', 'critical')]),
    rule('color-contrast', 'serious', [node(['#faint'], '<p id="faint">Low contrast text</p>', 'serious')]),
    rule('region', 'moderate', [node(['#stray'], '<p id="stray">outside landmarks</p>', 'moderate')]),
    rule('heading-order', 'minor', [node(['h4'], '<h4>Skipped</h4>', 'minor')]),
  ],
};

const byName = (checks: CheckInput[]) => new Map(checks.map((c) => [c.name, c]));
const failing = (r: ReturnType<typeof a11yChecks>) => r.checks.filter((c) => !c.ok).map((c) => c.name);

describe('a11yChecks', () => {
  it('a clean page gives one passing summary check and zero counts', () => {
    const r = a11yChecks({ violations: [] }, {});
    expect(r.ok).toBe(true);
    expect(r.checks).toEqual([
      { name: 'accessibility (wcag21aa)', ok: true, expected: 'no violations at or above serious', actual: 'none at or above serious', message: 'no violations' },
    ]);
    expect(r.metrics).toEqual([
      { name: 'a11y_violations', value: 0, unit: 'count', labels: { impact: 'minor' } },
      { name: 'a11y_violations', value: 0, unit: 'count', labels: { impact: 'moderate' } },
      { name: 'a11y_violations', value: 0, unit: 'count', labels: { impact: 'serious' } },
      { name: 'a11y_violations', value: 0, unit: 'count', labels: { impact: 'critical' } },
      { name: 'a11y_violations_total', value: 0, unit: 'count' },
    ]);
  });

  it('fails the rules at or above the default failOn (serious) and reports the rest as passing', () => {
    const r = a11yChecks(bad, { standard: 'wcag22aa' });
    expect(r.ok).toBe(false);
    expect(failing(r)).toEqual(['a11y image-alt', 'a11y label', 'a11y color-contrast', 'accessibility (wcag22aa)']);
    const c = byName(r.checks);
    expect(c.get('a11y image-alt')).toEqual({
      name: 'a11y image-alt',
      ok: false,
      expected: 'no violations',
      actual: '1 node: #logo',
      message: 'critical impact: help for image-alt (https://dequeuniversity.com/rules/axe/4.13/image-alt); #logo <img id="logo" src="x.gif">',
    });
    expect(c.get('a11y region')).toMatchObject({ ok: true, actual: '1 node: #stray' });
    expect(c.get('a11y region')!.message).toContain('moderate impact (below failOn serious: reported, not failing)');
    expect(c.get('a11y heading-order')).toMatchObject({ ok: true });
    expect(c.get('accessibility (wcag22aa)')).toMatchObject({
      expected: 'no violations at or above serious',
      actual: '3 rules failing: image-alt, label, color-contrast',
    });
    expect(c.get('accessibility (wcag22aa)')!.message).toBe('5 nodes in 5 rules (2 critical, 1 serious, 1 moderate, 1 minor); below failOn serious: region, heading-order');
  });

  it.each([
    ['minor', ['image-alt', 'label', 'color-contrast', 'region', 'heading-order']],
    ['moderate', ['image-alt', 'label', 'color-contrast', 'region']],
    ['serious', ['image-alt', 'label', 'color-contrast']],
    ['critical', ['image-alt', 'label']],
  ] as const)('failOn %s fails exactly the rules at or above it', (failOn, rules) => {
    const r = a11yChecks(bad, { failOn });
    expect(failing(r)).toEqual([...rules.map((id) => `a11y ${id}`), 'accessibility (wcag21aa)']);
    // Every violated rule has its check either way: a passing one is reported, not dropped.
    expect(r.checks).toHaveLength(bad.violations.length + 1);
  });

  it('passes when everything left is below failOn', () => {
    const r = a11yChecks({ violations: [rule('region', 'moderate', [node(['#x'], '<p id="x">x</p>', 'moderate')])] }, {});
    expect(r.ok).toBe(true);
    expect(failing(r)).toEqual([]);
    expect(r.checks.at(-1)).toMatchObject({ name: 'accessibility (wcag21aa)', ok: true, actual: 'none at or above serious' });
  });

  it('an allow entry matching rule and selector passes that rule, with its reason', () => {
    const reason = 'brand colour, tracked in JIRA-12';
    const r = a11yChecks(bad, { allow: [{ rule: 'color-contrast', selector: '#faint', reason }] });
    const c = byName(r.checks).get('a11y color-contrast')!;
    expect(c).toMatchObject({ ok: true, expected: 'no violations', actual: '1 node: #faint' });
    expect(c.message).toBe(`allowed: ${reason} (#faint); serious impact: help for color-contrast (https://dequeuniversity.com/rules/axe/4.13/color-contrast)`);
    expect(failing(r)).toEqual(['a11y image-alt', 'a11y label', 'accessibility (wcag21aa)']);
    expect(byName(r.checks).get('accessibility (wcag21aa)')!.message).toContain('allowed: color-contrast');
  });

  it('an allow entry for another element or another rule changes nothing', () => {
    const r = a11yChecks(bad, { allow: [{ rule: 'color-contrast', selector: '#other', reason: 'r' }, { rule: 'label', selector: '#faint', reason: 'r' }] });
    expect(failing(r)).toEqual(['a11y image-alt', 'a11y label', 'a11y color-contrast', 'accessibility (wcag21aa)']);
  });

  it('an allow entry without selector covers every element of the rule; allowing all failing rules passes the test', () => {
    const many = rule('image-alt', 'critical', [node(['#a'], '<img id="a">', 'critical'), node(['#b'], '<img id="b">', 'critical')]);
    const r = a11yChecks({ violations: [many] }, { allow: [{ rule: 'image-alt', reason: 'legacy gallery' }] });
    expect(r.ok).toBe(true);
    expect(r.checks[0]).toMatchObject({ name: 'a11y image-alt', ok: true, actual: '2 nodes: #a, #b' });
    expect(r.checks[0]!.message).toContain('allowed: legacy gallery (#a, #b)');
  });

  it('allowing one element of several leaves the rule failing on the others', () => {
    const many = rule('image-alt', 'critical', [node(['#a'], '<img id="a">', 'critical'), node(['#b'], '<img id="b">', 'critical')]);
    const r = a11yChecks({ violations: [many] }, { allow: [{ rule: 'image-alt', selector: '#a', reason: 'decorative, JIRA-7' }] });
    expect(r.ok).toBe(false);
    expect(r.checks[0]).toMatchObject({ name: 'a11y image-alt', ok: false, actual: '1 node: #b' });
    expect(r.checks[0]!.message).toContain('#b <img id="b">');
    expect(r.checks[0]!.message).toContain('allowed: decorative, JIRA-7 (#a)');
  });

  it('judges the worst node left after allow, not the rule impact', () => {
    // axe's rule impact is its worst node's; once that node is allowed only a moderate one remains.
    const mixed = rule('aria-x', 'critical', [node(['#c'], '<div id="c">', 'critical'), node(['#m'], '<div id="m">', 'moderate')]);
    const r = a11yChecks({ violations: [mixed] }, { allow: [{ rule: 'aria-x', selector: '#c', reason: 'vendor widget' }] });
    expect(r.ok).toBe(true);
    expect(r.checks[0]!.message).toContain('moderate impact (below failOn serious');
  });

  it('a violation with no impact fails at every threshold', () => {
    const r = a11yChecks({ violations: [rule('new-rule', null, [node(['#n'], '<i id="n">', null)])] }, { failOn: 'critical' });
    expect(failing(r)).toEqual(['a11y new-rule', 'accessibility (wcag21aa)']);
    expect(r.metrics).toContainEqual({ name: 'a11y_violations', value: 1, unit: 'count', labels: { impact: 'unknown' } });
  });

  it('counts violating nodes (not rules) per impact, allowed ones included, using each node\'s own impact', () => {
    const r = a11yChecks(
      {
        violations: [
          rule('color-contrast', 'serious', [node(['#a'], '<p>', 'serious'), node(['#b'], '<p>', 'serious'), node(['#c'], '<p>', 'serious')]),
          rule('aria-x', 'critical', [node(['#d'], '<div>', 'critical'), node(['#e'], '<div>', 'minor')]),
          rule('no-node-impact', 'moderate', [node(['#f'], '<div>')]),
        ],
      },
      { allow: [{ rule: 'color-contrast', selector: '#a', reason: 'r' }] },
    );
    const value = (impact: string) => r.metrics.find((m) => m.name === 'a11y_violations' && m.labels?.impact === impact)?.value;
    expect([value('minor'), value('moderate'), value('serious'), value('critical')]).toEqual([1, 1, 3, 1]);
    expect(r.metrics.find((m) => m.name === 'a11y_violations_total')).toEqual({ name: 'a11y_violations_total', value: 6, unit: 'count' });
    expect(r.metrics.every((m) => m.unit === 'count')).toBe(true);
  });

  it('shortens long HTML, caps the node list and mentions what needs a manual review', () => {
    const long = `<div class="${'x'.repeat(300)}">`;
    const nodes = Array.from({ length: 12 }, (_, i) => node([`#n${i}`], i === 0 ? long : `<p id="n${i}">\n   text\n</p>`, 'serious'));
    const r = a11yChecks({ violations: [rule('color-contrast', 'serious', nodes)], incomplete: [rule('x', 'serious', [])] }, {});
    const c = r.checks[0]!;
    expect(c.actual).toBe('12 nodes: #n0, #n1, #n2, #n3, #n4, #n5, #n6, #n7, #n8, #n9, … 2 more');
    expect(c.message).not.toContain('x'.repeat(200));
    expect(c.message).toContain('…');
    expect(c.message).toContain('#n1 <p id="n1"> text </p>');
    expect(c.message).toContain('… 7 more');
    expect(c.message).not.toContain('\n');
    expect(r.checks.at(-1)!.message).toContain('1 rule to review by hand');
  });
});

describe('formatTarget', () => {
  it('joins frames with >> and shadow roots with >>>', () => {
    expect(formatTarget(['#logo'])).toBe('#logo');
    expect(formatTarget(['iframe#pay', '#card'])).toBe('iframe#pay >> #card');
    expect(formatTarget([['my-app', '#inner']])).toBe('my-app >>> #inner');
  });

  it('an allow selector may name only the innermost element of a framed target', () => {
    const r = a11yChecks({ violations: [rule('label', 'critical', [node(['iframe#pay', '#card'], '<input id="card">', 'critical')])] }, { allow: [{ rule: 'label', selector: '#card', reason: 'payment provider' }] });
    expect(r.ok).toBe(true);
  });
});

describe('axeTags', () => {
  it('runs each standard with every level below it', () => {
    expect(axeTags({})).toEqual(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']);
    expect(axeTags({ standard: 'wcag2a' })).toEqual(['wcag2a']);
    expect(axeTags({ standard: 'wcag2aa' })).toEqual(['wcag2a', 'wcag2aa']);
    expect(axeTags({ standard: 'wcag21aa' })).toEqual(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']);
    expect(axeTags({ standard: 'wcag22aa' })).toEqual(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']);
    expect(axeTags({ standard: 'wcag2aa', bestPractice: true })).toEqual(['wcag2a', 'wcag2aa', 'best-practice']);
  });
});
