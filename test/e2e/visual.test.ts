// visual tests in real Chromium against the demo app's /visual page, through the built CLI.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { runCliProcess, tempDir, type CliResult } from '../helpers/cli.js';
import { readReport, testNamed as byName, useDemoApp, type JsonTest } from '../helpers/report.js';

const demo = useDemoApp();


// 800×600 at deviceScaleFactor 1: the demo page's rectangles all lie inside it, so pixel counts are exact.
const VIEWPORT = 'viewport: { width: 800, height: 600 }';
const TOTAL = 800 * 600;

/** A plan whose tests keep their names (and so their baselines) while their URLs change between runs. */
const plan = (tests: Record<string, string>): string => `name: visual e2e
baseUrl: ${demo.app.url}
tests:
${Object.entries(tests).map(([name, body]) => `  - name: ${name}\n    type: visual\n    ${body.trim().split('\n').join('\n    ')}\n`).join('')}`;

const baseline = (dir: string, test: string): string => path.join(dir, '__screenshots__/visual-e2e', `${test}-chromium.png`);

async function run(dir: string, planText: string, args: string[] = [], env: Record<string, string> = {}): Promise<{ r: CliResult; tests: JsonTest[] }> {
  writeFileSync(path.join(dir, 'plan.yaml'), planText);
  const r = await runCliProcess(['run', 'plan.yaml', '--reporter', 'list', '--reporter', 'json:report.json', ...args], { cwd: dir, env });
  const tests = readReport(dir);
  return { r, tests };
}

const check = (t: JsonTest, name: string) => t.checks.find((c) => c.name === name);
const metric = (t: JsonTest, name: string) => t.metrics?.find((m) => m.name === name)?.value;
const artifact = (dir: string, t: JsonTest, name: string): Buffer => {
  const a = t.artifacts?.find((x) => x.name === name);
  if (!a) throw new Error(`${t.name} has no ${name}: ${JSON.stringify(t.artifacts)}`);
  expect(a.contentType).toBe('image/png');
  return readFileSync(path.join(dir, a.path));
};
/** Pixels pixelmatch painted as different (pure red) in a diff image. */
const redPixels = (png: PNG): number => {
  let n = 0;
  for (let i = 0; i < png.data.length; i += 4) if (png.data[i] === 255 && png.data[i + 1] === 0 && png.data[i + 2] === 0) n++;
  return n;
};

describe('visual tests', () => {
  it('writes baselines on the first run, passes on an identical page, and fails with a diff where the page changed', async () => {
    const dir = tempDir();
    const tests = (variant: string, masked: string) => ({
      page: `url: /visual${variant}\n${VIEWPORT}`,
      box: `url: /visual${variant}\n${VIEWPORT}\nselector: "#box"`,
      'masked clock': `url: /visual${masked}\n${VIEWPORT}\nmask: [".clock"]`,
      'unmasked clock': `url: /visual${masked}\n${VIEWPORT}`,
    });

    // 1. No baselines yet: each test writes its own and passes, saying where.
    const first = await run(dir, plan(tests('', '')));
    expect(first.r.code, first.r.stdout + first.r.stderr).toBe(0);
    for (const name of ['page', 'box', 'masked clock', 'unmasked clock']) {
      const t = byName(first.tests, name);
      const file = `__screenshots__/visual-e2e/${name.replace(' ', '-')}-chromium.png`;
      expect(t.checks).toEqual([{ name: 'baseline', ok: true, message: `no baseline yet: wrote ${file}`, step: 'match screenshot of ' + (name === 'box' ? '#box' : 'page') }]);
      expect(existsSync(path.join(dir, file))).toBe(true);
    }
    const pageBaseline = readFileSync(baseline(dir, 'page'));
    const decoded = PNG.sync.read(pageBaseline);
    expect([decoded.width, decoded.height]).toEqual([800, 600]);
    const boxBaseline = PNG.sync.read(readFileSync(baseline(dir, 'box')));
    expect([boxBaseline.width, boxBaseline.height]).toEqual([50, 40]);

    // 2. The same page again: every comparison passes with no pixel different.
    const second = await run(dir, plan(tests('', '')));
    expect(second.r.code, second.r.stdout + second.r.stderr).toBe(0);
    const same = byName(second.tests, 'page');
    expect(check(same, 'screenshot matches baseline')).toMatchObject({ ok: true, expected: '≤ 0 pixels (ratio 0)', actual: '0 pixels (ratio 0)' });
    expect(metric(same, 'visual_diff_pixels')).toBe(0);
    expect(same.artifacts ?? []).toEqual([]);

    // 3. #box recoloured (and .clock, in the masked variant): exactly the changed pixels differ.
    const third = await run(dir, plan(tests('?variant=changed', '?variant=masked')));
    expect(third.r.code, third.r.stdout + third.r.stderr).toBe(1);

    const page = byName(third.tests, 'page');
    expect(page.status).toBe('failed');
    const c = check(page, 'screenshot matches baseline')!;
    expect(c).toMatchObject({ ok: false, expected: '≤ 0 pixels (ratio 0)', actual: '2000 pixels (ratio 0.004167)' });
    expect(c.message).toContain('__screenshots__/visual-e2e/page-chromium.png');
    expect(c.message).toContain('--update-snapshots');
    expect(metric(page, 'visual_diff_pixels')).toBe(2000);
    expect(metric(page, 'visual_diff_ratio')).toBeCloseTo(2000 / TOTAL, 10);
    const diff = PNG.sync.read(artifact(dir, page, 'diff.png'));
    expect([diff.width, diff.height]).toEqual([800, 600]);
    expect(redPixels(diff)).toBe(2000);
    expect(artifact(dir, page, 'expected.png').equals(pageBaseline)).toBe(true);
    const actual = PNG.sync.read(artifact(dir, page, 'actual.png'));
    // The box's pixels in the new screenshot are the changed colour, #d33.
    const at = (120 * 800 + 110) * 4;
    expect([...actual.data.subarray(at, at + 3)]).toEqual([0xdd, 0x33, 0x33]);
    // A failed comparison never touches the baseline.
    expect(readFileSync(baseline(dir, 'page')).equals(pageBaseline)).toBe(true);

    const box = byName(third.tests, 'box');
    expect(check(box, 'screenshot matches baseline')).toMatchObject({ ok: false, actual: '2000 pixels (ratio 1)' });

    // The mask is what makes the clock change pass: without it the same change fails (60×20 pixels).
    expect(byName(third.tests, 'masked clock').status).toBe('passed');
    expect(metric(byName(third.tests, 'masked clock'), 'visual_diff_pixels')).toBe(0);
    const unmasked = byName(third.tests, 'unmasked clock');
    expect(unmasked.status).toBe('failed');
    expect(metric(unmasked, 'visual_diff_pixels')).toBe(1200);
  });

  it('ignoreRegions and maxDiffPixels let a known difference through, and a different size fails in plain words', async () => {
    const dir = tempDir();
    const tests = (variant: string, height: number) => ({
      ignored: `url: /visual${variant}\n${VIEWPORT}\nignoreRegions: [{ x: 100, y: 100, width: 50, height: 40 }]`,
      tolerated: `url: /visual${variant}\n${VIEWPORT}\nmaxDiffPixels: 2000`,
      'nearly tolerated': `url: /visual${variant}\n${VIEWPORT}\nmaxDiffPixels: 1999`,
      resized: `url: /visual\nviewport: { width: 800, height: ${height} }`,
    });
    expect((await run(dir, plan(tests('', 600)))).r.code).toBe(0);
    const { r, tests: results } = await run(dir, plan(tests('?variant=changed', 640)));
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(check(byName(results, 'ignored'), 'screenshot matches baseline')).toMatchObject({ ok: true, actual: '0 pixels (ratio 0)' });
    expect(check(byName(results, 'tolerated'), 'screenshot matches baseline')).toMatchObject({ ok: true, expected: '≤ 2000 pixels (ratio 0.004167)', actual: '2000 pixels (ratio 0.004167)' });
    expect(check(byName(results, 'nearly tolerated'), 'screenshot matches baseline')).toMatchObject({ ok: false, actual: '2000 pixels (ratio 0.004167)' });
    const resized = byName(results, 'resized');
    expect(resized.status).toBe('failed');
    expect(check(resized, 'screenshot matches baseline')?.message).toMatch(/^baseline is 800×600, actual is 800×640 /);
  });

  it('on CI a missing baseline fails; --update-snapshots writes it, and rewrites one that differs', async () => {
    const dir = tempDir();
    const base = plan({ page: `url: /visual\n${VIEWPORT}` });
    const changed = plan({ page: `url: /visual?variant=changed\n${VIEWPORT}` });

    const ci = await run(dir, base, [], { CI: '1' });
    expect(ci.r.code, ci.r.stdout + ci.r.stderr).toBe(1);
    const missing = check(byName(ci.tests, 'page'), 'baseline')!;
    expect(missing.ok).toBe(false);
    expect(missing.message).toContain('no baseline at __screenshots__/visual-e2e/page-chromium.png');
    expect(missing.message).toContain('--update-snapshots');
    expect(existsSync(baseline(dir, 'page'))).toBe(false);

    const written = await run(dir, base, ['--update-snapshots'], { CI: '1' });
    expect(written.r.code, written.r.stdout + written.r.stderr).toBe(0);
    expect(check(byName(written.tests, 'page'), 'baseline')).toMatchObject({ ok: true, message: 'no baseline yet: wrote __screenshots__/visual-e2e/page-chromium.png' });
    const original = readFileSync(baseline(dir, 'page'));

    // The page changed on purpose: without the flag it fails, with it the baseline becomes the new page.
    expect((await run(dir, changed, [], { CI: '1' })).r.code).toBe(1);
    const update = await run(dir, changed, ['--update-snapshots'], { CI: '1' });
    expect(update.r.code, update.r.stdout + update.r.stderr).toBe(0);
    expect(check(byName(update.tests, 'page'), 'screenshot matches baseline')).toMatchObject({
      ok: true,
      message: '2000 pixels (ratio 0.004167) differed: updated the baseline __screenshots__/visual-e2e/page-chromium.png',
    });
    expect(readFileSync(baseline(dir, 'page')).equals(original)).toBe(false);
    const after = await run(dir, changed, [], { CI: '1' });
    expect(after.r.code, after.r.stdout + after.r.stderr).toBe(0);
    expect(metric(byName(after.tests, 'page'), 'visual_diff_pixels')).toBe(0);
  });

  it('runs ui steps before the screenshot and fails the test when the screenshot element never appears', async () => {
    const dir = tempDir();
    const { r, tests } = await run(dir, plan({
      'after a step': `url: /visual\n${VIEWPORT}\nsteps:\n  - expect: { selector: "#box", visible: true }\n  - goto: /visual?variant=changed`,
      'no such element': `url: /visual\n${VIEWPORT}\nselector: { css: "#nope" }\ntimeout: 20s`,
    }));
    expect(r.code, r.stdout + r.stderr).toBe(1);
    const stepped = byName(tests, 'after a step');
    expect(stepped.status).toBe('passed');
    // The screenshot is of where the steps left the page: the changed variant, red box.
    const shot = PNG.sync.read(readFileSync(baseline(dir, 'after-a-step')));
    const at = (120 * 800 + 110) * 4;
    expect([...shot.data.subarray(at, at + 3)]).toEqual([0xdd, 0x33, 0x33]);
    const none = byName(tests, 'no such element');
    expect(none.status).toBe('failed');
    expect(check(none, 'screenshot')).toMatchObject({ ok: false });
    expect(check(none, 'screenshot')?.message).toMatch(/#nope/);
    expect(existsSync(baseline(dir, 'no-such-element'))).toBe(false);
  });
});
