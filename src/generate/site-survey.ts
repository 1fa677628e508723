// What a live site offers, read with the browser so a drafted plan uses real paths, labels and buttons:
// the start page and a few same-origin pages it links to, each with its title, headings, links and forms.
import type { Page } from 'playwright-core';
import { launchBrowser } from '../executors/browser/launch.js';

export interface PageSurvey {
  path: string;
  title: string;
  headings: string[];
  links: string[];
  forms: { fields: string[]; buttons: string[] }[];
}

const MAX_PAGES = 6;

// Runs in the page: plain DOM reading. A string, as this code base has no DOM types (it never runs in Node).
const READ_PAGE = `(() => {
  const text = (el) => ((el && el.textContent) || '').replace(/\\s+/g, ' ').trim();
  const labelOf = (input) => {
    const id = input.getAttribute('id');
    const byFor = id ? document.querySelector('label[for="' + CSS.escape(id) + '"]') : null;
    return text(byFor) || text(input.closest('label')) || input.getAttribute('aria-label') || input.getAttribute('placeholder') || input.getAttribute('name') || input.getAttribute('type') || 'field';
  };
  return {
    title: document.title,
    headings: [...document.querySelectorAll('h1, h2')].map(text).filter(Boolean).slice(0, 10),
    links: [...new Set([...document.querySelectorAll('a[href]')].map((a) => a.href))]
      .filter((h) => h.startsWith(location.origin)).map((h) => { const u = new URL(h); return u.pathname + u.search; }).slice(0, 20),
    forms: [...document.querySelectorAll('form')].slice(0, 5).map((f) => ({
      fields: [...f.querySelectorAll('input:not([type=hidden]):not([type=submit]), select, textarea')]
        .map((i) => labelOf(i) + ' (' + (i.tagName.toLowerCase() === 'input' ? (i.getAttribute('type') || 'text') : i.tagName.toLowerCase()) + ')'),
      buttons: [...f.querySelectorAll('button, input[type=submit]')].map((b) => text(b) || b.getAttribute('value') || 'submit'),
    })),
  };
})()`;

export async function surveySite(url: string, env: Readonly<Record<string, string | undefined>>): Promise<PageSurvey[]> {
  const browser = await launchBrowser({ env });
  try {
    const context = await browser.newContext();
    const page: Page = await context.newPage();
    const start = new URL(url);
    const queue = [start.pathname + start.search];
    const seen = new Set<string>();
    const out: PageSurvey[] = [];
    while (queue.length > 0 && out.length < MAX_PAGES) {
      const path = queue.shift()!;
      if (seen.has(path)) continue;
      seen.add(path);
      const res = await page.goto(new URL(path, start).href, { waitUntil: 'domcontentloaded', timeout: 15_000 }).catch(() => null);
      if (!res || !res.ok()) continue;
      const read = (await page.evaluate(READ_PAGE)) as Omit<PageSurvey, 'path'>;
      out.push({ path, ...read });
      for (const link of read.links) if (!seen.has(link)) queue.push(link);
    }
    return out;
  } finally {
    await browser.close();
  }
}

/** The survey as lines for the model. */
export function describeSurvey(pages: PageSurvey[]): string[] {
  return pages.map((p) => {
    const forms = p.forms.map((f) => `form: fields ${f.fields.join(', ') || 'none'}; buttons ${f.buttons.join(', ') || 'none'}`);
    return [`page ${p.path} — "${p.title}"`, p.headings.length ? `headings: ${p.headings.join(' | ')}` : '', ...forms, p.links.length ? `links: ${p.links.join(', ')}` : ''].filter(Boolean).join('; ');
  });
}
