// k6's threshold language: what parses, into which numbers, and what each mistake says.
import { describe, expect, it } from 'vitest';
import { holds, parseThreshold, ThresholdSyntaxError } from '../../../src/plan/threshold-syntax.js';

describe('parseThreshold', () => {
  it('reads trends in ms, s or m; rates as ratios or percents; counters as counts or per second', () => {
    expect(parseThreshold('http_req_duration', 'p(95) < 200ms')).toMatchObject({ metric: 'http_req_duration', agg: { kind: 'p', p: 95 }, op: '<', value: 200 });
    expect(parseThreshold('http_req_duration', 'p(99.9)<=1.5s')).toMatchObject({ agg: { kind: 'p', p: 99.9 }, op: '<=', value: 1500 });
    expect(parseThreshold('iteration_duration', 'avg < 2m').value).toBe(120_000);
    expect(parseThreshold('http_req_duration', 'med < 30').value).toBe(30);
    expect(parseThreshold('http_req_failed', 'rate < 0.01')).toMatchObject({ kind: 'rate', value: 0.01 });
    expect(parseThreshold('checks', 'rate > 99%').value).toBeCloseTo(0.99, 12);
    expect(parseThreshold('iterations', 'rate > 100/s')).toMatchObject({ kind: 'counter', agg: { kind: 'rate' }, value: 100 });
    expect(parseThreshold('http_reqs', 'count >= 1000')).toMatchObject({ agg: { kind: 'count' }, op: '>=', value: 1000 });
  });

  it('reads a step filter', () => {
    expect(parseThreshold('http_req_duration{step:GET /api/items}', 'p(95) < 1s')).toMatchObject({ metric: 'http_req_duration', step: 'GET /api/items', value: 1000 });
  });

  it.each([
    ['http_req_duraton', 'p(95) < 1s', 'unknown load metric `http_req_duraton`'],
    ['http_req_duration', 'p95 < 1s', '`p95 < 1s` is not a threshold condition'],
    ['http_req_duration', 'rate < 0.1', '`rate < 0.1` does not apply to http_req_duration'],
    ['http_req_duration', 'p(95) < 5/s', '`p(95) < 5/s`: http_req_duration is a duration'],
    ['http_req_duration', 'p(0) < 5', '`p(0) < 5`: a percentile is between 0 and 100'],
    ['http_req_failed', 'rate < 5ms', '`rate < 5ms`: http_req_failed is a ratio between 0 and 1'],
    ['http_reqs', 'count > 5ms', '`count > 5ms`: http_reqs is a count'],
    ['http_req_duration{step:}', 'p(95) < 1s', '`http_req_duration{step:}` names no step'],
  ])('%s: %s → %s', (key, source, message) => {
    let err: unknown;
    try {
      parseThreshold(key, source);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ThresholdSyntaxError);
    expect((err as Error).message).toBe(message);
  });
});

it('holds compares with each operator', () => {
  expect([holds({ op: '<', value: 2 }, 1), holds({ op: '<', value: 2 }, 2), holds({ op: '<=', value: 2 }, 2), holds({ op: '>', value: 2 }, 3), holds({ op: '>=', value: 2 }, 1), holds({ op: '==', value: 2 }, 2), holds({ op: '!=', value: 2 }, 2)])
    .toEqual([true, false, true, true, false, true, false]);
});
