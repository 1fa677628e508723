// Where baselines go, reading and writing them, and how many differing pixels a test allows.
import { mkdtempSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { baselinePath, readBaseline, slugify, writeBaseline } from '../../../src/executors/browser/visual/baseline.js';
import { allowedDiffPixels, describePixels } from '../../../src/executors/browser/visual/tolerance.js';

describe('baselinePath', () => {
  const test = { file: 'plans/shop.yaml', plan: 'Demo Shop', name: 'home looks the same' };

  it('is beside the plan, per plan and test, for chromium unless a project says otherwise', () => {
    expect(baselinePath(test)).toBe('plans/__screenshots__/demo-shop/home-looks-the-same-chromium.png');
    expect(baselinePath({ ...test, file: 'plan.yaml' })).toBe('__screenshots__/demo-shop/home-looks-the-same-chromium.png');
    expect(baselinePath({ ...test, project: { browser: 'firefox' } })).toBe('plans/__screenshots__/demo-shop/home-looks-the-same-firefox.png');
    expect(baselinePath({ ...test, project: { browser: 'chromium', device: 'Pixel 7' } })).toBe('plans/__screenshots__/demo-shop/home-looks-the-same-chromium-pixel-7.png');
  });

  it('tells named screenshots of one test apart', () => {
    expect(baselinePath(test, 'menu open')).toBe('plans/__screenshots__/demo-shop/home-looks-the-same-menu-open-chromium.png');
  });

  it('slugs names into portable file names', () => {
    expect(slugify('  Checkout: Step 2/3 (Café) ')).toBe('checkout-step-2-3-cafe');
    expect(slugify('../../etc/passwd')).toBe('etc-passwd');
    expect(slugify('!!!')).toBe('unnamed');
  });
});

describe('readBaseline / writeBaseline', () => {
  it('reads nothing before the first write, then the written bytes, leaving no temporary file', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'aitest-visual-'));
    const file = path.join(dir, '__screenshots__', 'plan', 'a-chromium.png');
    expect(await readBaseline(file)).toBeUndefined();
    await writeBaseline(file, Buffer.from('one'));
    await writeBaseline(file, Buffer.from('two'));
    expect((await readBaseline(file))?.toString()).toBe('two');
    expect(readdirSync(path.dirname(file))).toEqual(['a-chromium.png']);
  });
});

describe('allowedDiffPixels', () => {
  it('allows none by default, and the stricter limit when both are set', () => {
    expect(allowedDiffPixels({}, 480_000)).toBe(0);
    expect(allowedDiffPixels({ maxDiffPixels: 100 }, 480_000)).toBe(100);
    expect(allowedDiffPixels({ maxDiffPixelRatio: 0.01 }, 480_000)).toBe(4800);
    expect(allowedDiffPixels({ maxDiffPixels: 100, maxDiffPixelRatio: 0.01 }, 480_000)).toBe(100);
    expect(allowedDiffPixels({ maxDiffPixels: 10_000, maxDiffPixelRatio: 0.01 }, 480_000)).toBe(4800);
  });

  it('reads as pixels and a ratio', () => {
    expect(describePixels(2000, 480_000)).toBe('2000 pixels (ratio 0.004167)');
    expect(describePixels(0, 480_000)).toBe('0 pixels (ratio 0)');
  });
});
