import { describe, expect, it } from 'vitest';
import { createAssertionCache } from '../../../src/assertions/cache.js';
import { maxDurationAssertion } from '../../../src/assertions/max-duration.js';
import { jsonSubject } from './subject.js';

const cache = createAssertionCache();

describe('maxDuration assertion', () => {
  it('passes within the limit (duration text or milliseconds)', () => {
    expect(maxDurationAssertion(jsonSubject({}, { durationMs: 120.4 }), '500ms', cache)).toEqual([{ name: 'maxDuration', ok: true, expected: '<= 500ms', actual: '120ms' }]);
    expect(maxDurationAssertion(jsonSubject({}, { durationMs: 900 }), '1s', cache)[0].ok).toBe(true);
    expect(maxDurationAssertion(jsonSubject({}, { durationMs: 90 }), 100, cache)[0].ok).toBe(true);
  });

  it('fails over the limit with both durations', () => {
    expect(maxDurationAssertion(jsonSubject({}, { durationMs: 750 }), '500ms', cache)).toEqual([{ name: 'maxDuration', ok: false, expected: '<= 500ms', actual: '750ms' }]);
  });
});
