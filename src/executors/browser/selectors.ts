// Plan selectors → Playwright locators, and how a selector reads in step titles and checks.
import type { Locator, Page } from 'playwright-core';
import type { SelectorSpec } from '../../plan/types.js';

export function locatorFor(page: Page, s: SelectorSpec): Locator {
  if (typeof s === 'string') return page.locator(s);
  const base = baseLocator(page, s);
  if (!('nth' in s) || s.nth === undefined) return base;
  return s.nth === -1 ? base.last() : base.nth(s.nth);
}

function baseLocator(page: Page, s: Exclude<SelectorSpec, string>): Locator {
  const exact = 'exact' in s ? s.exact : undefined;
  if ('role' in s) return page.getByRole(s.role as Parameters<Page['getByRole']>[0], { name: s.name, exact });
  if ('label' in s) return page.getByLabel(s.label, { exact });
  if ('text' in s) return page.getByText(s.text, { exact });
  if ('placeholder' in s) return page.getByPlaceholder(s.placeholder, { exact });
  if ('testId' in s) return page.getByTestId(s.testId);
  return page.locator(s.css);
}

/** `#email`, `role=button "Sign in"`, `label "Password"`, `text "Welcome"` (+ `[2]` for nth). */
export function describeSelector(s: SelectorSpec): string {
  if (typeof s === 'string') return s;
  const nth = 'nth' in s && s.nth !== undefined ? `[${s.nth}]` : '';
  if ('role' in s) return `role=${s.role}${s.name !== undefined ? ` "${s.name}"` : ''}${nth}`;
  if ('label' in s) return `label "${s.label}"${nth}`;
  if ('text' in s) return `text "${s.text}"${nth}`;
  if ('placeholder' in s) return `placeholder "${s.placeholder}"${nth}`;
  if ('testId' in s) return `testId "${s.testId}"${nth}`;
  return `${s.css}${nth}`;
}
