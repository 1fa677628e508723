// Comparing two PNG screenshots pixel by pixel (pixelmatch), with regions left out.
import type { PNG } from 'pngjs';

interface Region {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface CompareOptions {
  /** Per-pixel colour distance still counted as equal, 0 to 1 (pixelmatch's `threshold`). */
  threshold?: number;
  /** Rectangles blanked out in both images, so nothing inside them can differ. */
  ignoreRegions?: readonly Region[];
}

export type Comparison =
  /** Same size: how many pixels differ, and a diff image when any do (encoding one costs time, so only then). */
  | { kind: 'compared'; width: number; height: number; diffPixels: number; ratio: number; diffPng: Buffer | undefined }
  /** Different sizes cannot be compared pixel by pixel: the page's layout or the viewport changed. */
  | { kind: 'size-mismatch'; message: string };

const DEFAULT_THRESHOLD = 0.2;

export async function comparePngs(expected: Buffer, actual: Buffer, o: CompareOptions = {}): Promise<Comparison> {
  // Loaded here, not at start-up: the registry imports this module and only visual tests need these.
  const [{ PNG }, { default: pixelmatch }] = await Promise.all([import('pngjs'), import('pixelmatch')]);
  const a = PNG.sync.read(expected);
  const b = PNG.sync.read(actual);
  if (a.width !== b.width || a.height !== b.height) {
    return { kind: 'size-mismatch', message: `baseline is ${a.width}×${a.height}, actual is ${b.width}×${b.height}` };
  }
  const { width, height } = a;
  for (const r of o.ignoreRegions ?? []) {
    blank(a, r);
    blank(b, r);
  }
  const diff = new PNG({ width, height });
  // includeAA false: pixels pixelmatch recognises as anti-aliasing are not counted, so a font edge rendered
  // a shade differently does not fail the test.
  const diffPixels = pixelmatch(a.data, b.data, diff.data, width, height, { threshold: o.threshold ?? DEFAULT_THRESHOLD, includeAA: false });
  const total = width * height;
  return { kind: 'compared', width, height, diffPixels, ratio: total === 0 ? 0 : diffPixels / total, diffPng: diffPixels > 0 ? PNG.sync.write(diff) : undefined };
}

/** Zeroes (transparent black) the part of `r` that lies inside the image. */
function blank(img: PNG, r: Region): void {
  const x0 = clamp(r.x, img.width);
  const x1 = clamp(r.x + r.width, img.width);
  const y0 = clamp(r.y, img.height);
  const y1 = clamp(r.y + r.height, img.height);
  if (x1 <= x0) return;
  for (let y = y0; y < y1; y++) img.data.fill(0, (y * img.width + x0) * 4, (y * img.width + x1) * 4);
}

const clamp = (v: number, max: number): number => Math.min(Math.max(0, Math.floor(v)), max);
