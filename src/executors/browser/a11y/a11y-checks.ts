// axe results → checks and metrics. Pure (no page, no ctx) so the thresholds and allow-list are unit-tested
// without a browser; runA11yCheck at the bottom is the thin glue the executor and the ui step call.
import type { Page } from 'playwright-core';
import type { A11yOptionsSpec } from '../../../plan/types.js';
import type { CheckInput, ExecContext } from '../../types.js';
import { DEFAULT_STANDARD, runAxe } from './axe-run.js';

type Impact = 'minor' | 'moderate' | 'serious' | 'critical';
/** Least to most severe: the order failOn compares in. */
const IMPACTS: readonly Impact[] = ['minor', 'moderate', 'serious', 'critical'];
const DEFAULT_FAIL_ON: Impact = 'serious';

// The few fields of axe-core's AxeResults read here: AxeResults fits, and tests can write these by hand.
export interface AxeNodeLike {
  /** axe's selector path: one entry per frame, an array within an entry per shadow root. */
  target: readonly unknown[];
  html: string;
  impact?: string | null;
}
export interface AxeRuleLike {
  id: string;
  impact?: string | null;
  help: string;
  helpUrl: string;
  nodes: readonly AxeNodeLike[];
}
export interface AxeResultsLike {
  violations: readonly AxeRuleLike[];
  /** Rules axe could not decide (needs a person to look); counted in the summary, never failing. */
  incomplete?: readonly AxeRuleLike[];
}

interface A11yMetric {
  name: string;
  value: number;
  unit: string;
  labels?: Record<string, string>;
}

export interface A11yEvaluation {
  checks: CheckInput[];
  metrics: A11yMetric[];
  /** The summary check's verdict: nothing at or above failOn is left once allowed nodes are taken out. */
  ok: boolean;
}

// Messages stay one line (reporters print them as is) and short: the full detail is in axe-results.json.
const HTML_MAX = 120;
const NODES_LISTED = 10;
const NODES_DETAILED = 5;

/** `#logo`; frames joined by ` >> `, shadow roots by ` >>> ` (axe nests arrays for both). */
export function formatTarget(target: readonly unknown[]): string {
  return target.map((part) => (Array.isArray(part) ? part.map(String).join(' >>> ') : String(part))).join(' >> ');
}

// An allow entry names the element as axe prints it: the whole target, or just its innermost selector
// (what a person copies from the report for an element inside a frame).
function allowFor(rule: string, node: AxeNodeLike, allow: NonNullable<A11yOptionsSpec['allow']>) {
  return allow.find((a) => {
    if (a.rule !== rule) return false;
    if (a.selector === undefined) return true;
    const whole = formatTarget(node.target);
    const last = node.target.length ? formatTarget([node.target[node.target.length - 1]]) : '';
    return a.selector.trim() === whole || a.selector.trim() === last;
  });
}

// An impact axe did not give (or one this version does not know) ranks above critical: a violation of
// unknown severity fails at every threshold rather than slipping through.
const rank = (impact: string | null | undefined): number => {
  const i = IMPACTS.indexOf(impact as Impact);
  return i === -1 ? IMPACTS.length : i;
};
const impactName = (impact: string | null | undefined): string => (IMPACTS.includes(impact as Impact) ? (impact as string) : 'unknown');
const nodeImpact = (node: AxeNodeLike, rule: AxeRuleLike): string | null | undefined => node.impact ?? rule.impact;

function truncate(html: string): string {
  const one = html.replace(/\s+/g, ' ').trim();
  return one.length > HTML_MAX ? `${one.slice(0, HTML_MAX - 1)}…` : one;
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

function targetList(nodes: readonly AxeNodeLike[]): string {
  const shown = nodes.slice(0, NODES_LISTED).map((n) => formatTarget(n.target));
  return shown.join(', ') + (nodes.length > NODES_LISTED ? `, … ${nodes.length - NODES_LISTED} more` : '');
}

/** `#logo <img src="…">; #nolabel <input …>`: each element's selector and its HTML, shortened. */
function nodeDetails(nodes: readonly AxeNodeLike[]): string {
  const shown = nodes.slice(0, NODES_DETAILED).map((n) => `${formatTarget(n.target)} ${truncate(n.html)}`);
  return shown.join('; ') + (nodes.length > NODES_DETAILED ? `; … ${nodes.length - NODES_DETAILED} more` : '');
}

/**
 * One check per violated rule, a summary check, and violation counts. A rule fails when the nodes left after
 * `allow` include one at or above `failOn`; below it the rule is reported as a passing check with a message.
 */
export function a11yChecks(results: AxeResultsLike, o: A11yOptionsSpec): A11yEvaluation {
  const standard = o.standard ?? DEFAULT_STANDARD;
  const failOn = o.failOn ?? DEFAULT_FAIL_ON;
  const allow = o.allow ?? [];
  const checks: CheckInput[] = [];
  const failing: string[] = [];
  const below: string[] = [];
  const allowedRules: string[] = [];
  // Counts of nodes (elements), not rules: one rule on twenty images is twenty things to fix. Allowed nodes
  // are counted too: the metric tracks what the page has, the checks what the test accepts.
  const byImpact = new Map<string, number>(IMPACTS.map((i) => [i, 0]));
  let total = 0;

  for (const rule of results.violations) {
    if (rule.nodes.length === 0) continue;
    const open: AxeNodeLike[] = [];
    const accepted: { node: AxeNodeLike; reason: string }[] = [];
    for (const node of rule.nodes) {
      const label = impactName(nodeImpact(node, rule));
      byImpact.set(label, (byImpact.get(label) ?? 0) + 1);
      total++;
      const a = allowFor(rule.id, node, allow);
      if (a) accepted.push({ node, reason: a.reason });
      else open.push(node);
    }
    // Severity of what is left: the worst remaining node (axe's rule impact is the worst of all its nodes).
    let worst = open.length > 0 ? nodeImpact(open[0]!, rule) : undefined;
    for (const n of open) if (rank(nodeImpact(n, rule)) > rank(worst)) worst = nodeImpact(n, rule);
    const fails = open.length > 0 && rank(worst) >= rank(failOn);
    const parts: string[] = [];
    if (open.length > 0) {
      const note = fails ? '' : ` (below failOn ${failOn}: reported, not failing)`;
      parts.push(`${impactName(worst)} impact${note}: ${rule.help} (${rule.helpUrl})`, nodeDetails(open));
    }
    for (const reason of new Set(accepted.map((x) => x.reason))) {
      const these = accepted.filter((x) => x.reason === reason).map((x) => x.node);
      parts.push(`allowed: ${reason} (${targetList(these)})`);
    }
    if (open.length === 0) parts.push(`${impactName(rule.impact)} impact: ${rule.help} (${rule.helpUrl})`);
    const shown = open.length > 0 ? open : accepted.map((x) => x.node);
    checks.push({
      name: `a11y ${rule.id}`,
      ok: !fails,
      expected: 'no violations',
      actual: `${plural(shown.length, 'node')}: ${targetList(shown)}`,
      message: parts.join('; '),
    });
    if (fails) failing.push(rule.id);
    else if (open.length > 0) below.push(rule.id);
    else allowedRules.push(rule.id);
  }

  // Most severe first: `2 critical, 1 serious`.
  const counts = [...byImpact].filter(([, n]) => n > 0).sort(([a], [b]) => rank(b) - rank(a)).map(([i, n]) => `${n} ${i}`);
  const violated = results.violations.filter((r) => r.nodes.length > 0).length;
  const parts = [
    total === 0 ? 'no violations' : `${plural(total, 'node')} in ${plural(violated, 'rule')} (${counts.join(', ')})`,
    ...(below.length ? [`below failOn ${failOn}: ${below.join(', ')}`] : []),
    ...(allowedRules.length ? [`allowed: ${allowedRules.join(', ')}`] : []),
    ...(results.incomplete?.length ? [`${plural(results.incomplete.length, 'rule')} to review by hand (axe could not decide; see axe-results.json)`] : []),
  ];
  const ok = failing.length === 0;
  checks.push({
    name: `accessibility (${standard})`,
    ok,
    expected: `no violations at or above ${failOn}`,
    actual: ok ? `none at or above ${failOn}` : `${plural(failing.length, 'rule')} failing: ${failing.join(', ')}`,
    message: parts.join('; '),
  });

  const metrics: A11yMetric[] = [...byImpact].map(([impact, value]) => ({ name: 'a11y_violations', value, unit: 'count', labels: { impact } }));
  metrics.push({ name: 'a11y_violations_total', value: total, unit: 'count' });
  return { checks, metrics, ok };
}

/** Scans the page, attaches axe's full result as `axe-results.json`, records checks and metrics; true when it passed. */
export async function runA11yCheck(page: Page, o: A11yOptionsSpec, ctx: ExecContext): Promise<boolean> {
  const results = await runAxe(page, o);
  await ctx.attach('axe-results.json', JSON.stringify(results, null, 2), 'application/json');
  const evaluation = a11yChecks(results, o);
  for (const c of evaluation.checks) ctx.check(c);
  for (const m of evaluation.metrics) ctx.metric(m.name, m.value, m.unit, m.labels);
  return evaluation.ok;
}
