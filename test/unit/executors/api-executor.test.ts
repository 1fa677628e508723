import { describe, expect, it } from 'vitest';
import type { HttpResponseView } from '../../../src/plan/types.js';
import { apiTestCase } from '../../helpers/worker.js';
import { stepEvents, useApiFixture } from './fixture.js';

const f = useApiFixture();

describe('api executor: single request', () => {
  it('passes, records every check and a duration metric, and emits no step', async () => {
    const { result, events } = await f.worker.run(f.onApp({ request: { method: 'GET', url: '/health' }, expect: { status: 200, json: { status: 'ok' }, maxDuration: '5s' } }));
    expect(result.status).toBe('passed');
    expect(result.checks.map((c) => [c.name, c.ok])).toEqual([['status', true], ['json', true], ['maxDuration', true]]);
    expect(result.metrics).toHaveLength(1);
    expect(result.metrics[0]).toMatchObject({ name: 'http_req_duration', unit: 'ms', labels: { step: 'GET /health', method: 'GET', status: '200' } });
    expect(result.metrics[0].value).toBeGreaterThan(0);
    expect(stepEvents(events)).toEqual([]);
    expect(events.map((e) => e.type)).toEqual(['test:start', 'test:end']);
  });

  it('a wrong status fails with expected and actual', async () => {
    const { result } = await f.worker.run(f.onApp({ request: { url: '/api/error' }, expect: { status: '2xx' } }));
    expect(result.status).toBe('failed');
    expect(result.checks[0]).toMatchObject({ name: 'status', ok: false, expected: '2xx', actual: 500 });
    expect(result.error?.message).toContain('expected 2xx, got 500');
  });

  it('query parameters and list expectations', async () => {
    const { result } = await f.worker.run(f.onApp({
      request: { url: '/api/users', query: { limit: 1 } },
      expect: { status: 200, headers: { 'content-type': '/application\\/json/' }, jsonPath: { $: { type: 'array', length: 1 }, '$[0].email': { matches: '@' } } },
    }));
    expect(result.status, JSON.stringify(result.checks)).toBe('passed');
  });

  it('a schema violation fails with the problems in plain words', async () => {
    const { result } = await f.worker.run(f.onApp({
      request: { url: '/api/items/1' },
      expect: { schema: { type: 'object', required: ['id', 'sku'], properties: { price: { type: 'string' } } } },
    }));
    expect(result.status).toBe('failed');
    const schema = result.checks.find((c) => c.name === 'schema');
    expect(schema?.actual).toEqual(["(root) must have required property 'sku'", '/price must be string']);
  });

  it('a body that is not JSON fails a json expectation, showing the body', async () => {
    const { result } = await f.worker.run(f.onApp({ request: { url: '/text' }, expect: { status: 200, json: { ok: true } } }));
    expect(result.status).toBe('failed');
    expect(result.checks[1]).toMatchObject({ name: 'json', ok: false, actual: 'hello from the demo app\n', message: 'json: response body is not JSON' });
    expect(result.error?.message).toContain('response body is not JSON');
  });

  it('truncated JSON counts as not JSON too', async () => {
    const { result } = await f.worker.run(apiTestCase({ request: { url: `${f.echo.url}/broken-json` }, expect: { jsonPath: { '$.id': { equals: 1 } } } }));
    expect(result.status).toBe('failed');
    expect(result.checks[0]).toMatchObject({ name: 'jsonPath', ok: false, actual: '{"id": 1,' });
  });
});

describe('api executor: steps', () => {
  it('runs steps in order; a capture feeds the next url and expectation', async () => {
    const { result, events } = await f.worker.run(f.onApp({
      steps: [
        {
          name: 'create',
          request: { method: 'POST', url: '/api/users', json: { name: '${{ faker.person.fullName }}', email: '${{ faker.internet.email }}' } },
          expect: { status: 201, schema: { type: 'object', required: ['id', 'email'], properties: { id: { type: 'string', format: 'uuid' }, email: { type: 'string', format: 'email' } } } },
          capture: { userId: '$.id', location: { header: 'Location' } },
        },
        { name: 'fetch', request: { url: '/api/users/${{ captures.userId }}' }, expect: { status: 200, jsonPath: { '$.id': { equals: '${{ captures.userId }}' } } } },
        { request: { url: '${{ captures.location }}' }, expect: { status: 200 } },
        { request: { method: 'DELETE', url: '/api/users/${{ captures.userId }}' }, expect: { status: 204 } },
        { name: 'gone', request: { url: '/api/users/${{ captures.userId }}' }, expect: { status: 404, jsonPath: { '$.error': { contains: 'not found' } } } },
      ],
    }));
    expect(result.status, JSON.stringify(result.checks, null, 1)).toBe('passed');
    expect(stepEvents(events).map((s) => [s.title, s.status])).toEqual([
      ['create', 'passed'],
      ['fetch', 'passed'],
      ['GET ${{ captures.location }}', 'passed'],
      ['DELETE /api/users/${{ captures.userId }}', 'passed'],
      ['gone', 'passed'],
    ]);
    const equals = result.checks.find((c) => c.name === 'jsonPath $.id equals');
    expect(equals?.step).toBe('fetch');
    expect(equals?.expected).toMatch(/^[0-9a-f-]{36}$/);
    expect(result.metrics.map((m) => m.labels?.step)).toEqual(['create', 'fetch', 'GET ${{ captures.location }}', 'DELETE /api/users/${{ captures.userId }}', 'gone']);
  });

  it('the demo app rejects invalid users (400 with details) and duplicate emails (409)', async () => {
    const { result } = await f.worker.run(f.onApp({
      steps: [
        {
          name: 'invalid',
          request: { method: 'POST', url: '/api/users', json: { name: '', email: 'nope' } },
          expect: { status: 400, jsonPath: { '$.error': { exists: true }, '$.details[*].field': { equals: ['name', 'email'] } } },
        },
        { name: 'duplicate', request: { method: 'POST', url: '/api/users', json: { name: 'Ada', email: 'ADA@example.com' } }, expect: { status: 409 } },
      ],
    }));
    expect(result.status, JSON.stringify(result.checks)).toBe('passed');
  });

  it('stops at the first step whose checks failed', async () => {
    const { result, events } = await f.worker.run(f.onApp({
      steps: [
        { name: 'broken', request: { url: '/api/error' }, expect: { status: 200 } },
        { name: 'never', request: { url: '/health' } },
      ],
    }));
    expect(result.status).toBe('failed');
    expect(stepEvents(events).map((s) => [s.title, s.status])).toEqual([['broken', 'failed']]);
  });

  it('a capture that finds nothing is a failed check, and the next step does not run', async () => {
    const { result, events } = await f.worker.run(f.onApp({
      steps: [
        { name: 'list', request: { url: '/api/items' }, capture: { firstSku: '$[0].sku' } },
        { name: 'use', request: { url: '/api/items/${{ captures.firstSku }}' } },
      ],
    }));
    expect(result.status).toBe('failed');
    expect(result.checks).toEqual([{ name: 'capture firstSku', ok: false, expected: 'a value at $[0].sku', message: 'capture firstSku: nothing at $[0].sku', step: 'list' }]);
    expect(stepEvents(events)).toHaveLength(1);
  });

  it('a JSONPath capture from a body that is not JSON is a failed check', async () => {
    const { result } = await f.worker.run(f.onApp({ steps: [{ request: { url: '/text' }, capture: { x: '$.x' } }] }));
    expect(result.status).toBe('failed');
    expect(result.checks[0]).toMatchObject({ name: 'capture x', ok: false, message: 'capture x: response body is not JSON' });
  });
});

describe('api executor: check functions (TypeScript plans)', () => {
  const items = (check: (res: HttpResponseView) => void | boolean | string | Promise<void | boolean | string>) =>
    f.onApp({ request: { url: '/api/items' }, expect: { status: 200 }, check });

  it('passes when the function returns nothing or true', async () => {
    expect((await f.worker.run(items((res) => { if (!Array.isArray(res.json)) throw new Error('no list'); }))).result.status).toBe('passed');
    expect((await f.worker.run(items(async (res) => res.headers['content-type'].includes('json')))).result.status).toBe('passed');
  });

  it('a returned message fails the test with it', async () => {
    const { result } = await f.worker.run(items((res) => `found ${(res.json as unknown[]).length} items, wanted 100`));
    expect(result.status).toBe('failed');
    expect(result.checks[1]).toEqual({ name: 'check', ok: false, message: 'check: found 5 items, wanted 100' });
    expect(result.error?.message).toBe('check: found 5 items, wanted 100');
  });

  it('false or a throw fail the test (a throw is a failed check, not an error)', async () => {
    expect((await f.worker.run(items(() => false))).result.checks[1]).toMatchObject({ name: 'check', ok: false, message: 'check returned false' });
    const { result } = await f.worker.run(items(() => { throw new Error('price missing'); }));
    expect(result.status).toBe('failed');
    expect(result.checks[1].message).toBe('check threw: price missing');
  });
});
