// compare.ts on PNGs generated here: exact pixel counts, ignored regions, and sizes that do not match.
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { comparePngs } from '../../../src/executors/browser/visual/compare.js';

type Rgb = [number, number, number];

/** A solid `width`×`height` PNG, with optional solid rectangles painted on it. */
function png(width: number, height: number, bg: Rgb, rects: { x: number; y: number; w: number; h: number; c: Rgb }[] = []): Buffer {
  const img = new PNG({ width, height });
  const paint = (x: number, y: number, c: Rgb): void => {
    const i = (y * width + x) * 4;
    img.data[i] = c[0];
    img.data[i + 1] = c[1];
    img.data[i + 2] = c[2];
    img.data[i + 3] = 255;
  };
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) paint(x, y, bg);
  for (const r of rects) for (let y = r.y; y < r.y + r.h; y++) for (let x = r.x; x < r.x + r.w; x++) paint(x, y, r.c);
  return PNG.sync.write(img);
}

const WHITE: Rgb = [255, 255, 255];
const GREEN: Rgb = [34, 170, 102];
const RED: Rgb = [221, 51, 51];
const base = (): Buffer => png(200, 150, WHITE, [{ x: 100, y: 100, w: 50, h: 40, c: GREEN }]);
const changed = (): Buffer => png(200, 150, WHITE, [{ x: 100, y: 100, w: 50, h: 40, c: RED }]);

describe('comparePngs', () => {
  it('finds no difference between identical images and makes no diff image', async () => {
    const r = await comparePngs(base(), base());
    expect(r).toEqual({ kind: 'compared', width: 200, height: 150, diffPixels: 0, ratio: 0, diffPng: undefined });
  });

  it('counts exactly the pixels of a recoloured 50×40 block, and draws them in the diff image', async () => {
    const r = await comparePngs(base(), changed());
    if (r.kind !== 'compared') throw new Error(r.message);
    expect(r.diffPixels).toBe(2000);
    expect(r.ratio).toBeCloseTo(2000 / (200 * 150), 10);
    const diff = PNG.sync.read(r.diffPng!);
    expect([diff.width, diff.height]).toEqual([200, 150]);
    // pixelmatch paints differing pixels red (255, 0, 0): count them back out of the image.
    let red = 0;
    for (let i = 0; i < diff.data.length; i += 4) if (diff.data[i] === 255 && diff.data[i + 1] === 0 && diff.data[i + 2] === 0) red++;
    expect(red).toBe(2000);
  });

  it('leaves ignoreRegions out: one covering the block makes the images equal, one covering half of it halves the count', async () => {
    const whole = await comparePngs(base(), changed(), { ignoreRegions: [{ x: 100, y: 100, width: 50, height: 40 }] });
    expect(whole).toMatchObject({ kind: 'compared', diffPixels: 0 });
    const half = await comparePngs(base(), changed(), { ignoreRegions: [{ x: 100, y: 100, width: 25, height: 40 }] });
    expect(half).toMatchObject({ kind: 'compared', diffPixels: 1000 });
    // A region running off the image is clipped to it, not an error.
    const over = await comparePngs(base(), changed(), { ignoreRegions: [{ x: 90, y: 90, width: 1000, height: 1000 }] });
    expect(over).toMatchObject({ kind: 'compared', diffPixels: 0 });
  });

  it('applies the threshold: a slight shade change is equal at the default and different at 0', async () => {
    const shade = png(200, 150, WHITE, [{ x: 100, y: 100, w: 50, h: 40, c: [34, 172, 102] }]);
    expect(await comparePngs(base(), shade)).toMatchObject({ diffPixels: 0 });
    expect(await comparePngs(base(), shade, { threshold: 0 })).toMatchObject({ diffPixels: 2000 });
  });

  it('reports a size mismatch in plain words instead of comparing', async () => {
    const r = await comparePngs(png(800, 600, WHITE), png(800, 640, WHITE));
    expect(r).toEqual({ kind: 'size-mismatch', message: 'baseline is 800×600, actual is 800×640' });
  });
});
