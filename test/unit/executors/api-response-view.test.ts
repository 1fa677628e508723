import { describe, expect, it } from 'vitest';
import { createResponseView } from '../../../src/executors/api/response.js';

// What a `check` function receives: a plain-looking object whose headers and JSON are read on demand.
describe('response view', () => {
  const received = () => {
    let reads = 0;
    return {
      res: { status: 201, body: '{"id":7}', get headers() { reads++; return { 'Content-Type': 'application/json', 'set-cookie': ['a=1', 'b=2'] }; } },
      reads: () => reads,
    };
  };

  it('parses headers and JSON on first read only, once', () => {
    const r = received();
    const view = createResponseView(r.res, 12.5);
    expect(view).toMatchObject({ status: 201, body: '{"id":7}', durationMs: 12.5 });
    expect(r.reads()).toBe(0);
    expect(view.headers).toEqual({ 'content-type': 'application/json', 'set-cookie': 'a=1, b=2' });
    expect(view.headers).toBe(view.headers);
    expect(r.reads()).toBe(1);
    expect(view.json).toEqual({ id: 7 });
    expect(view.json).toBe(view.json);
  });

  it('spreads, lists its keys and serializes like a plain object, headers and json included', () => {
    const view = createResponseView(received().res, 3);
    expect(Object.keys(view)).toEqual(['status', 'body', 'durationMs', 'headers', 'json']);
    expect({ ...view }).toEqual({ status: 201, body: '{"id":7}', durationMs: 3, headers: { 'content-type': 'application/json', 'set-cookie': 'a=1, b=2' }, json: { id: 7 } });
    expect(JSON.parse(JSON.stringify(view))).toEqual({ ...view });
  });

  it('a body that is not JSON reads as no JSON, and so does an empty one', () => {
    expect(createResponseView({ status: 200, body: '<html>', headers: {} }, 1).json).toBeUndefined();
    expect(createResponseView({ status: 204, body: '', headers: {} }, 1).json).toBeUndefined();
  });
});
