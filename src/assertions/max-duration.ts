// `maxDuration`: the response arrived within a time limit.
import { parseDuration } from '../plan/duration.js';
import type { Assertion } from './types.js';

export const maxDurationAssertion: Assertion<number | string> = (subject, expected) => {
  const limit = parseDuration(expected);
  const took = subject.durationMs;
  const ok = took !== undefined && took <= limit;
  return [{ name: 'maxDuration', ok, expected: `<= ${limit}ms`, actual: took === undefined ? undefined : `${Math.round(took)}ms` }];
};
