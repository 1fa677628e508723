// Durations as users write them in plans and flags.
import { expect, it } from 'vitest';
import { parseDuration } from '../../../src/plan/duration.js';

it('reads units, decimals and plain milliseconds', () => {
  expect(parseDuration('500ms')).toBe(500);
  expect(parseDuration('30s')).toBe(30_000);
  expect(parseDuration('1.5s')).toBe(1500);
  expect(parseDuration('2m')).toBe(120_000);
  expect(parseDuration('1h')).toBe(3_600_000);
  expect(parseDuration(' 10 s ')).toBe(10_000);
  expect(parseDuration(250)).toBe(250);
  expect(parseDuration('250')).toBe(250);
});

it('refuses what is not a duration, with the fix', () => {
  for (const bad of ['soon', '5 minutes', '-1s', '1d', '']) expect(() => parseDuration(bad), bad).toThrow('is not a duration');
  expect(() => parseDuration(-5)).toThrow('is not a duration');
  expect(() => parseDuration(Number.NaN)).toThrow('is not a duration');
});
