// Estimated judge cost from the price table.
import { expect, it } from 'vitest';
import { estimateCostUsd } from '../../../src/judge/prices.js';

it('prices known models per million tokens, dated names by their family, unknown ones not at all', () => {
  expect(estimateCostUsd('gpt-4o-mini', 1_000_000, 1_000_000)).toBeCloseTo(0.75, 10);
  // gpt-4o-mini-… is the mini's price, not gpt-4o's.
  expect(estimateCostUsd('gpt-4o-mini-2024-07-18', 2000, 100)).toBeCloseTo((2000 * 0.15 + 100 * 0.6) / 1e6, 15);
  expect(estimateCostUsd('gpt-4o-2024-08-06', 1000, 0)).toBeCloseTo(0.0025, 12);
  expect(estimateCostUsd('llama3.1', 1000, 1000)).toBeUndefined();
});
