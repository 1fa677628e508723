// `expect` steps of ui tests: each key becomes a check; they are retried together until they hold or
// time out, the way Playwright's web-first assertions wait for a page that is still settling.
import type { Page } from 'playwright-core';
import { compileRegex, isRegexLiteral } from '../../assertions/regex.js';
import { parseDuration } from '../../plan/duration.js';
import type { UiExpectSpec } from '../../plan/types.js';
import type { CheckInput } from '../types.js';
import { describeSelector, locatorFor } from './selectors.js';

const DEFAULT_EXPECT_TIMEOUT_MS = 5000;
const POLL_MS = 50;

type Probe = () => Promise<CheckInput>;

/** `contains` for plain text, a regex test for `/re/flags`. */
function matchesText(actual: string | null | undefined, expected: string): boolean {
  if (actual === null || actual === undefined) return false;
  return isRegexLiteral(expected) ? compileRegex(expected).test(actual) : actual.includes(expected);
}

function probesFor(page: Page, e: UiExpectSpec): Probe[] {
  const probes: Probe[] = [];
  if (e.url !== undefined) {
    const want = e.url;
    probes.push(async () => {
      const url = page.url();
      return { name: 'url', ok: matchesText(url, want), expected: want, actual: url };
    });
  }
  if (e.title !== undefined) {
    const want = e.title;
    probes.push(async () => {
      const title = await page.title();
      return { name: 'title', ok: matchesText(title, want), expected: want, actual: title };
    });
  }
  if (e.selector === undefined) return probes;
  const what = describeSelector(e.selector);
  const all = locatorFor(page, e.selector);
  const one = all.first();
  const el = async <T>(read: () => Promise<T>): Promise<T | undefined> => ((await all.count()) === 0 ? undefined : read());
  if (e.count !== undefined) {
    const want = e.count;
    probes.push(async () => {
      const n = await all.count();
      return { name: `count of ${what}`, ok: n === want, expected: want, actual: n };
    });
  }
  if (e.visible !== undefined || e.hidden !== undefined) {
    const wantVisible = e.visible ?? !e.hidden;
    probes.push(async () => {
      const visible = (await el(() => one.isVisible())) ?? false;
      return { name: `${what} is ${wantVisible ? 'visible' : 'hidden'}`, ok: visible === wantVisible, expected: wantVisible ? 'visible' : 'hidden', actual: visible ? 'visible' : 'hidden or absent' };
    });
  }
  if (e.text !== undefined) {
    const want = e.text;
    probes.push(async () => {
      const text = await el(() => one.innerText());
      return { name: `text of ${what}`, ok: matchesText(text, want), expected: want, actual: text ?? 'no such element' };
    });
  }
  if (e.exactText !== undefined) {
    const want = e.exactText;
    probes.push(async () => {
      const text = (await el(() => one.innerText()))?.trim();
      return { name: `text of ${what}`, ok: text === want, expected: want, actual: text ?? 'no such element' };
    });
  }
  if (e.value !== undefined) {
    const want = e.value;
    probes.push(async () => {
      const value = await el(() => one.inputValue());
      return { name: `value of ${what}`, ok: value === want, expected: want, actual: value ?? 'no such element' };
    });
  }
  if (e.attribute !== undefined) {
    const { name, value: want } = e.attribute;
    probes.push(async () => {
      const value = await el(() => one.getAttribute(name));
      return { name: `${name} of ${what}`, ok: value === want, expected: want, actual: value ?? 'absent' };
    });
  }
  if (e.enabled !== undefined || e.disabled !== undefined) {
    const wantEnabled = e.enabled ?? !e.disabled;
    probes.push(async () => {
      const enabled = await el(() => one.isEnabled());
      return { name: `${what} is ${wantEnabled ? 'enabled' : 'disabled'}`, ok: enabled === wantEnabled, expected: wantEnabled ? 'enabled' : 'disabled', actual: enabled === undefined ? 'no such element' : enabled ? 'enabled' : 'disabled' };
    });
  }
  if (probes.length === 0) {
    // `expect: { selector: X }` alone: the element is there and visible.
    probes.push(async () => {
      const visible = (await el(() => one.isVisible())) ?? false;
      return { name: `${what} is visible`, ok: visible, expected: 'visible', actual: visible ? 'visible' : 'hidden or absent' };
    });
  }
  return probes;
}

/** Runs the expectations until all hold or the timeout passes; returns one check per expectation. */
export async function evaluateUiExpect(page: Page, e: UiExpectSpec, aborted: () => boolean): Promise<CheckInput[]> {
  const probes = probesFor(page, e);
  const deadline = Date.now() + (e.timeout === undefined ? DEFAULT_EXPECT_TIMEOUT_MS : parseDuration(e.timeout));
  for (;;) {
    const results = await Promise.all(probes.map((p) => p()));
    if (results.every((r) => r.ok) || Date.now() >= deadline || aborted()) return results;
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

/** What an expect step is called in reports: `expect url /dashboard`, `expect h1 text "Welcome"`. */
export function describeExpect(e: UiExpectSpec): string {
  const parts: string[] = [];
  if (e.selector !== undefined) parts.push(describeSelector(e.selector));
  for (const key of ['url', 'title', 'text', 'exactText', 'value'] as const) if (e[key] !== undefined) parts.push(`${key} "${e[key]}"`);
  if (e.count !== undefined) parts.push(`count ${e.count}`);
  if (e.visible !== undefined) parts.push(e.visible ? 'visible' : 'not visible');
  if (e.hidden !== undefined) parts.push(e.hidden ? 'hidden' : 'not hidden');
  if (e.enabled !== undefined) parts.push(e.enabled ? 'enabled' : 'not enabled');
  if (e.disabled !== undefined) parts.push(e.disabled ? 'disabled' : 'not disabled');
  if (e.attribute !== undefined) parts.push(`${e.attribute.name}="${e.attribute.value}"`);
  return `expect ${parts.join(' ')}`;
}
