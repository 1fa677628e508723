// Running axe-core on a Playwright page: which rules (by WCAG level), on which part of the page.
import type { AxeResults } from 'axe-core';
import type { Page } from 'playwright-core';
import type { A11yOptionsSpec } from '../../../plan/types.js';

export type A11yStandard = NonNullable<A11yOptionsSpec['standard']>;

export const DEFAULT_STANDARD: A11yStandard = 'wcag21aa';

// axe tags each rule with the one criterion level that introduced it (`wcag21aa` rules are only the ones new
// in 2.1 AA), so a standard is the union of its own tag and every level below it.
const STANDARD_TAGS: Record<A11yStandard, readonly string[]> = {
  wcag2a: ['wcag2a'],
  wcag2aa: ['wcag2a', 'wcag2aa'],
  wcag21aa: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'],
  wcag22aa: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'],
};

/** The axe tags a scan runs: the standard's levels, plus `best-practice` when asked for. */
export function axeTags(o: Pick<A11yOptionsSpec, 'standard' | 'bestPractice'>): string[] {
  const tags = [...STANDARD_TAGS[o.standard ?? DEFAULT_STANDARD]];
  if (o.bestPractice) tags.push('best-practice');
  return tags;
}

/**
 * Scans the page as it is now. The page must come from `browser.newContext()`: @axe-core/playwright opens
 * a blank page in the same context to finish the run and throws on a default context's page.
 */
export async function runAxe(page: Page, o: A11yOptionsSpec): Promise<AxeResults> {
  // Loaded here, not at start-up: only runs with accessibility checks pay for axe (~1 MB of script source).
  const { AxeBuilder } = await import('@axe-core/playwright');
  let builder = new AxeBuilder({ page }).withTags(axeTags(o));
  for (const s of o.include ?? []) builder = builder.include(s);
  for (const s of o.exclude ?? []) builder = builder.exclude(s);
  if (o.disableRules?.length) builder = builder.disableRules(o.disableRules);
  return builder.analyze();
}
