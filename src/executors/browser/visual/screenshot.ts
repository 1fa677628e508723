// Taking a screenshot that can be compared with one taken on another run: still, masked, one pixel per CSS pixel.
import type { Page, PageScreenshotOptions } from 'playwright-core';
import type { SelectorSpec } from '../../../plan/types.js';
import { locatorFor } from '../selectors.js';

export interface ScreenshotTarget {
  selector?: SelectorSpec;
  fullPage?: boolean;
  mask?: SelectorSpec[];
}

export async function takeScreenshot(page: Page, t: ScreenshotTarget): Promise<Buffer> {
  const common = {
    // CSS animations and transitions jump to their end state and stay there, so a screenshot taken
    // mid-animation never differs from one taken after it.
    animations: 'disabled',
    // A blinking text cursor would differ from run to run.
    caret: 'hide',
    // One image pixel per CSS pixel: a baseline does not depend on the screen's density, and ignoreRegions
    // are in the same pixels as the page's CSS.
    scale: 'css',
    // Playwright paints each match with a solid box; both the baseline and the new screenshot get the same box.
    mask: (t.mask ?? []).map((s) => locatorFor(page, s)),
  } satisfies PageScreenshotOptions;
  if (t.selector !== undefined) return locatorFor(page, t.selector).screenshot(common);
  return page.screenshot({ ...common, fullPage: t.fullPage ?? false });
}
