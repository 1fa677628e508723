// One ui step: its title in reports, and what it does to the page. Actions auto-wait as Playwright's do.
import type { Locator, Page } from 'playwright-core';
import { compileRegex, isRegexLiteral } from '../../assertions/regex.js';
import { AitestError } from '../../errors.js';
import { parseDuration } from '../../plan/duration.js';
import type { A11yOptionsSpec, BudgetsSpec, DurationInput, SelectorSpec, UiStepSpec } from '../../plan/types.js';
import { resolveUrl } from '../api/request.js';
import type { ExecContext } from '../types.js';
import { runA11yCheck } from './a11y/a11y-checks.js';
import { runJudgeStep, type UiJudgeSpec } from './judge-step.js';
import { vitalsInitScript } from './perf/page-probe.js';
import { readVitals, reportVitals } from './perf/vitals-now.js';
import { condense } from './playwright-errors.js';
import { describeExpect, evaluateUiExpect } from './ui-expect.js';
import { baselinePath } from './visual/baseline.js';
import type { MatchOptions } from './visual/match.js';
import { matchPage } from './visual/match-page.js';
import { describeSelector, locatorFor } from './selectors.js';

type Target = { selector: SelectorSpec; timeout?: DurationInput };
// `click: SELECTOR` or `click: { selector: SELECTOR, timeout }`.
type TargetInput = SelectorSpec | Target;

function target(v: TargetInput): Target {
  return typeof v === 'object' && v !== null && 'selector' in v ? v : { selector: v };
}
const ms = (d: DurationInput | undefined): number | undefined => (d === undefined ? undefined : parseDuration(d));

function stepKind(step: UiStepSpec): string {
  return Object.keys(step)[0] ?? 'step';
}

/** `click role=button "Sign in"`, `fill #email`, `goto /login`, `expect url "/dashboard"`. */
export function describeUiStep(step: UiStepSpec): string {
  const kind = stepKind(step);
  const v = (step as Record<string, unknown>)[kind];
  switch (kind) {
    case 'goto': return `goto ${String(v)}`;
    case 'expect': return describeExpect(v as never);
    case 'screenshot': return `screenshot ${typeof v === 'string' ? v : (v as { name: string }).name}`;
    case 'evaluate': return 'evaluate';
    case 'a11y': return `a11y scan (${(v as A11yOptionsSpec).standard ?? 'wcag21aa'})`;
    case 'vitals': return 'web vitals';
    case 'judge': return `judge ${typeof (v as UiJudgeSpec).on === 'object' ? describeSelector(((v as UiJudgeSpec).on as { selector: SelectorSpec }).selector) : ((v as UiJudgeSpec).on ?? 'text')}`;
    case 'matchScreenshot': return `match screenshot ${(v as { name: string }).name}`;
    case 'press': {
      const p = v as { selector?: SelectorSpec; key: string };
      return `press ${p.key}${p.selector !== undefined ? ` on ${describeSelector(p.selector)}` : ''}`;
    }
    case 'waitFor': {
      const w = v as { selector?: SelectorSpec; state?: string; url?: string };
      return w.url !== undefined ? `wait for url "${w.url}"` : `wait for ${w.selector === undefined ? 'page' : describeSelector(w.selector)} ${w.state ?? 'visible'}`;
    }
    default: return `${kind} ${describeSelector(target(v as TargetInput).selector)}`;
  }
}

export interface UiStepEnv {
  page: Page;
  baseUrl: string | undefined;
}

/** Runs a resolved step; returns false when it failed (a failed check was recorded) and the test should stop. */
export async function runUiStep(step: UiStepSpec, title: string, ctx: ExecContext, env: UiStepEnv): Promise<boolean> {
  const { page } = env;
  const kind = stepKind(step);
  const v = (step as Record<string, unknown>)[kind];
  if (kind === 'expect') {
    let ok = true;
    for (const c of await evaluateUiExpect(page, v as never, () => ctx.abort.aborted)) ok = ctx.check(c) && ok;
    return ok;
  }
  if (kind === 'goto') {
    await goto(page, String(v), env.baseUrl);
    return true;
  }
  if (kind === 'a11y') return runA11yCheck(page, v as A11yOptionsSpec, ctx);
  if (kind === 'judge') return runJudgeStep(page, v as UiJudgeSpec, ctx);
  if (kind === 'vitals') return reportVitals([await readVitals(page)], (v as { budgets?: BudgetsSpec }).budgets, page.url(), ctx);
  if (kind === 'matchScreenshot') {
    const { name, ...o } = v as MatchOptions & { name: string };
    return matchPage(page, o, baselinePath(ctx.test, name), ctx);
  }
  try {
    await act(kind, v, ctx, env);
    return true;
  } catch (e) {
    if (ctx.abort.aborted || e instanceof AitestError) throw e;
    // The element never became actionable, several matched, the page went away: the test failed here.
    return ctx.check({ name: kind, ok: false, message: condense(e) });
  }
}

async function act(kind: string, v: unknown, ctx: ExecContext, { page }: UiStepEnv): Promise<void> {
  const on = (t: Target): Locator => locatorFor(page, t.selector);
  switch (kind) {
    case 'click': case 'dblclick': case 'hover': case 'check': case 'uncheck': case 'scroll': {
      const t = target(v as TargetInput);
      const timeout = ms(t.timeout);
      const el = on(t);
      if (kind === 'click') await el.click({ timeout });
      else if (kind === 'dblclick') await el.dblclick({ timeout });
      else if (kind === 'hover') await el.hover({ timeout });
      else if (kind === 'check') await el.check({ timeout });
      else if (kind === 'uncheck') await el.uncheck({ timeout });
      else await el.scrollIntoViewIfNeeded({ timeout });
      return;
    }
    case 'fill': {
      const f = v as Target & { value: string };
      await on(f).fill(f.value, { timeout: ms(f.timeout) });
      return;
    }
    case 'type': {
      const t = v as Target & { text: string; delay?: DurationInput };
      await on(t).pressSequentially(t.text, { timeout: ms(t.timeout), delay: ms(t.delay) });
      return;
    }
    case 'press': {
      const p = v as { selector?: SelectorSpec; key: string; timeout?: DurationInput };
      if (p.selector === undefined) await page.keyboard.press(p.key);
      else await locatorFor(page, p.selector).press(p.key, { timeout: ms(p.timeout) });
      return;
    }
    case 'select': {
      const s = v as Target & { value?: string | string[]; label?: string };
      await on(s).selectOption(s.label !== undefined ? { label: s.label } : (s.value ?? null), { timeout: ms(s.timeout) });
      return;
    }
    case 'upload': {
      const u = v as Target & { files: string | string[] };
      // Inside the job's bundle on a remote worker: a plan must not post the worker's files to its own URL.
      const files = (Array.isArray(u.files) ? u.files : [u.files]).map((f) => ctx.sandbox.file(f, ctx.test.file, '`upload` file'));
      await on(u).setInputFiles(files, { timeout: ms(u.timeout) });
      return;
    }
    case 'waitFor': {
      const w = v as { selector?: SelectorSpec; state?: 'visible' | 'hidden' | 'attached' | 'detached'; url?: string; timeout?: DurationInput };
      if (w.url !== undefined) {
        const want = w.url;
        const re = isRegexLiteral(want) ? compileRegex(want) : undefined;
        await page.waitForURL((u) => (re ? re.test(u.href) : u.href.includes(want)), { timeout: ms(w.timeout) });
      }
      if (w.selector !== undefined) await locatorFor(page, w.selector).waitFor({ state: w.state ?? 'visible', timeout: ms(w.timeout) });
      return;
    }
    case 'screenshot': {
      const s = typeof v === 'string' ? { name: v } : (v as { name: string; fullPage?: boolean; selector?: SelectorSpec });
      const png = s.selector !== undefined ? await locatorFor(page, s.selector).screenshot() : await page.screenshot({ fullPage: s.fullPage });
      await ctx.attach(s.name.endsWith('.png') ? s.name : `${s.name}.png`, png, 'image/png');
      return;
    }
    case 'evaluate': {
      if (typeof v !== 'function') throw new AitestError('PLAN_INVALID', '`evaluate` must be a function (TypeScript plans only).');
      await (v as (a: { page: Page }) => unknown)({ page });
      return;
    }
    default:
      throw new AitestError('PLAN_INVALID', `unknown ui step \`${kind}\``);
  }
}

async function goto(page: Page, url: string, baseUrl: string | undefined): Promise<void> {
  const href = resolveUrl(url, baseUrl).href;
  try {
    await page.goto(href);
  } catch (e) {
    const msg = condense(e);
    if (/net::ERR_|NS_ERROR_/.test(msg)) {
      throw new AitestError('INFRA', `could not open ${href}: ${msg.replace(/^page\.goto:\s*/, '')}`, {
        hint: 'Is the server running? Start it first, or let aitest start it with `webServer` in the plan.',
      });
    }
    throw e;
  }
}


/**
 * `goto url` (when given) and the steps, in order, each a titled step of the test; false at the first
 * that failed (its failed check is recorded). Templates resolve per step, so values captured or
 * computed earlier are visible.
 */
export async function runUiSteps(url: string | undefined, steps: readonly UiStepSpec[] | undefined, ctx: ExecContext, page: Page): Promise<boolean> {
  const env = { page, baseUrl: ctx.test.baseUrl };
  // A `vitals` step reads a probe that must be in the page from its first byte: add it before the first goto.
  if (steps?.some((s) => 'vitals' in s)) await page.context().addInitScript({ content: vitalsInitScript() });
  const all: UiStepSpec[] = [...(url !== undefined ? [{ goto: url }] : []), ...(steps ?? [])];
  for (const raw of all) {
    const step = ctx.resolve(raw);
    const title = describeUiStep(step);
    if (!(await ctx.step(title, () => runUiStep(step, title, ctx, env)))) return false;
  }
  return true;
}
