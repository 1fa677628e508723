// The HTML report, from a run (`--reporter html:FILE`) and from the store (`aitest report`): one file with
// no network references, each test with its checks, a failure's screenshot embedded, load charts as SVG.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { runCliProcess, tempDir } from '../helpers/cli.js';
import { useDemoApp } from '../helpers/report.js';

const demo = useDemoApp();

it('writes a self-contained report with checks, an embedded screenshot, load charts and filters; aitest report rebuilds it from the store', async () => {
  const dir = tempDir({
    'plan.yaml': `name: html report
baseUrl: ${demo.app.url}
tests:
  - { name: health is fine, type: api, tags: [smoke], request: { url: /health }, expect: { status: 200 } }
  - { name: items are wrong, type: api, request: { url: /api/items }, expect: { status: 418 } }
  - name: home heading is wrong
    type: ui
    url: /
    timeout: 10s
    steps:
      - expect: { selector: h1, text: "Not the demo shop", timeout: 300ms }
  - name: short load
    type: load
    vus: 2
    duration: 2500ms
    scenario:
      - request: { url: /health }
`,
  });
  const r = await runCliProcess(['run', 'plan.yaml', '--reporter', 'dot', '--reporter', 'html:report.html'], { cwd: dir });
  expect(r.code, r.stdout + r.stderr).toBe(1);
  for (const file of ['report.html', 'again.html']) {
    if (file === 'again.html') {
      const again = await runCliProcess(['report', 'last', '-o', 'again.html'], { cwd: dir });
      expect(again.code, again.stderr).toBe(0);
      expect(again.stdout).toMatch(/report of run \S+ → again\.html/);
    }
    const html = readFileSync(path.join(dir, file), 'utf8');
    expect(html.startsWith('<!doctype html>')).toBe(true);
    // Nothing fetched from the network: no external scripts, styles or images.
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)="https?:/);
    for (const name of ['health is fine', 'items are wrong', 'home heading is wrong', 'short load']) expect(html).toContain(name);
    // The failing api check with expected and actual, open by default.
    expect(html).toMatch(/<details class="test s-failed" data-status="failed" data-type="api"[^>]*open>[^]*items are wrong[^]*<code>418<\/code> → <code>200<\/code>/);
    // The ui failure's screenshot, embedded.
    expect(html).toMatch(/<img alt="[^"]*" src="data:image\/png;base64,iVBORw0KGgo/);
    // The load test's per-second series as inline SVG charts.
    expect(html).toMatch(/<svg viewBox="0 0 320 60"[^>]*aria-label="requests per second"><polyline/);
    expect(html).toContain('<select id="f-tag" aria-label="Tag"><option value="">all tags</option><option value="smoke">smoke</option></select>');
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
  }
});

it('shows a visual mismatch side by side, accessibility rules with their help links, and the plan\'s trend', async () => {
  const plan = (variant: string) => `name: html visual
baseUrl: ${demo.app.url}
tests:
  - { name: visual page, type: visual, url: "/visual?variant=${variant}" }
  - { name: bad page, type: accessibility, url: /a11y/bad }
`;
  const dir = tempDir({ 'plan.yaml': plan('') });
  // The first run writes the baseline; the second, with a changed page, differs from it.
  await runCliProcess(['run', 'plan.yaml', '--reporter', 'dot'], { cwd: dir });
  const { writeFileSync } = await import('node:fs');
  writeFileSync(path.join(dir, 'plan.yaml'), plan('changed'));
  const r = await runCliProcess(['run', 'plan.yaml', '--reporter', 'dot'], { cwd: dir });
  expect(r.code).toBe(1);
  const rep = await runCliProcess(['report', '-o', 'report.html'], { cwd: dir });
  expect(rep.code, rep.stderr).toBe(0);
  const html = readFileSync(path.join(dir, 'report.html'), 'utf8');
  expect(html).toMatch(/<div class="diffs"><figure class="shot"><img alt="expected\.png"[^>]*><figcaption>expected\.png<\/figcaption><\/figure><figure class="shot"><img alt="actual\.png"[^>]*>[^]*<img alt="diff\.png"/);
  expect(html).toMatch(/<a href="https:\/\/dequeuniversity\.com\/rules\/axe\/[^"]+" rel="noreferrer">/);
  // Two runs of the plan: the pass-rate trend line.
  expect(html).toMatch(/<section class="trend" aria-label="Trend"><figure class="chart"><svg[^>]*aria-label="pass rate over recent runs"/);
});
