// The ui `judge` step: the LLM judge scores the page as it is now: its visible text, one element's text,
// or a screenshot sent as an image.
import type { Page } from 'playwright-core';
import type { ExecContext } from '../types.js';
import type { JudgeContent } from '../../judge/types.js';
import type { SelectorSpec } from '../../plan/types.js';
import { locatorFor } from './selectors.js';

export interface UiJudgeSpec {
  rubric: string;
  on?: 'text' | 'screenshot' | { selector: SelectorSpec };
  criteria?: { name: string; weight?: number; description?: string }[];
  threshold?: number;
  reference?: string;
  samples?: number;
}

export async function runJudgeStep(page: Page, spec: UiJudgeSpec, ctx: ExecContext): Promise<boolean> {
  const { on, ...assertion } = spec;
  let content: JudgeContent;
  if (on === 'screenshot') {
    const png = await page.screenshot({ type: 'png' });
    content = { kind: 'image', png, caption: `A screenshot of ${page.url()}.` };
  } else if (on !== undefined && on !== 'text') {
    content = { kind: 'text', text: await locatorFor(page, on.selector).first().innerText({ timeout: 5000 }) };
  } else {
    content = { kind: 'text', text: await page.locator('body').innerText() };
  }
  return ctx.judge(assertion, content);
}
