// How many differing pixels a comparison allows, and how a count reads in a check.

export interface Tolerance {
  maxDiffPixels?: number;
  maxDiffPixelRatio?: number;
}

/**
 * Pixels allowed to differ out of `total`. Neither limit set: none (a visual test is exact unless told
 * otherwise). One set: that one. Both: the stricter, so adding a limit never loosens the test.
 */
export function allowedDiffPixels(t: Tolerance, total: number): number {
  if (t.maxDiffPixels === undefined && t.maxDiffPixelRatio === undefined) return 0;
  const byRatio = t.maxDiffPixelRatio === undefined ? Infinity : Math.floor(t.maxDiffPixelRatio * total);
  return Math.min(t.maxDiffPixels ?? Infinity, byRatio);
}

/** `2000 pixels (ratio 0.004167)`: four significant digits are enough to compare with a limit. */
export function describePixels(pixels: number, total: number): string {
  const ratio = total === 0 ? 0 : pixels / total;
  return `${pixels} pixels (ratio ${Number(ratio.toPrecision(4))})`;
}
