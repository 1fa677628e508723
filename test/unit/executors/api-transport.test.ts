import { describe, expect, it } from 'vitest';
import { freePort } from '../../helpers/ports.js';
import { apiTestCase } from '../../helpers/worker.js';
import { TOKEN, useApiFixture } from './fixture.js';

const f = useApiFixture();

describe('api executor: auth and secrets', () => {
  it('sends a bearer token from a secret var, and the token appears in no event or log', async () => {
    const tc = f.onApp(
      { request: { url: '/api/me', auth: { bearer: '${{ vars.token }}' } }, expect: { status: 200, jsonPath: { '$.username': { equals: 'demo' } } } },
      { vars: { token: { env: 'DEMO_TOKEN', secret: true } } },
    );
    const { result } = await f.worker.run(tc);
    expect(result.status, JSON.stringify(result.checks)).toBe('passed');

    // A failing test whose expectation and url carry the token, and an Authorization default header.
    const leaky = f.onApp(
      { request: { url: '/api/users/${{ vars.token }}' }, expect: { status: 200, body: '${{ vars.token }}', headers: { 'x-echo': '${{ vars.token }}' } } },
      { vars: { token: { env: 'DEMO_TOKEN', secret: true } }, headers: { Authorization: 'Bearer ${{ vars.token }}' } },
    );
    expect((await f.worker.run(leaky)).result.status).toBe('failed');

    const recorded = JSON.stringify([f.worker.events, f.worker.logs]);
    expect(recorded).toContain('[REDACTED]');
    expect(recorded).not.toContain(TOKEN);
    expect(recorded).not.toContain(Buffer.from(TOKEN).toString('base64'));
  });

  it('without a token /api/me is a 401', async () => {
    const { result } = await f.worker.run(f.onApp({ request: { url: '/api/me' }, expect: { status: 401 } }));
    expect(result.status).toBe('passed');
  });

  it('a token captured from a login is used as the bearer of the next step', async () => {
    const { result } = await f.worker.run(f.onApp({
      steps: [
        { name: 'login', request: { method: 'POST', url: '/api/login', json: { username: 'demo', password: 'demo' } }, expect: { status: 200 }, capture: { token: '$.token' } },
        { name: 'me', request: { url: '/api/me', auth: { bearer: '${{ captures.token }}' } }, expect: { status: 200, json: { username: 'demo' } } },
      ],
    }));
    expect(result.status, JSON.stringify(result.checks)).toBe('passed');
  });

  it('a captured token is a secret even where it is not sent as a credential', async () => {
    const before = { events: f.worker.events.length, logs: f.worker.logs.length };
    const { result } = await f.worker.run(f.onApp({
      steps: [
        { name: 'login', request: { method: 'POST', url: '/api/login', json: { username: 'demo', password: 'demo' } }, capture: { token: '$.token' } },
        { name: 'leak', request: { url: '/api/users/${{ captures.token }}' }, expect: { status: 200, jsonPath: { '$.error': { equals: '${{ captures.token }}' } } } },
      ],
    }));
    expect(result.status).toBe('failed');
    expect(result.checks.filter((c) => !c.ok).map((c) => c.step)).toEqual(['leak', 'leak']);
    const recorded = JSON.stringify([f.worker.events.slice(before.events), f.worker.logs.slice(before.logs)]);
    expect(recorded).toContain('[REDACTED]');
    expect(recorded).not.toMatch(/tok_[0-9a-f]{32}/);
  });

  it('basic auth and default headers reach the server; sensitive ones are never recorded', async () => {
    const { result } = await f.worker.run(apiTestCase(
      {
        request: { method: 'POST', url: '/echo', auth: { basic: { username: 'ann', password: 'pw-secret-99' } }, form: { a: 1 }, headers: { 'X-Trace': 'step' } },
        expect: { json: { method: 'POST', body: 'a=1', headers: { 'x-trace': 'step', 'x-team': 'qa', 'user-agent': 'aitest' } }, jsonPath: { '$.headers.authorization': { matches: '^Basic ' } } },
      },
      { baseUrl: f.echo.url, headers: { 'x-team': 'qa', 'X-Trace': 'default' } },
    ));
    expect(result.status, JSON.stringify(result.checks)).toBe('passed');
    const recorded = JSON.stringify(f.worker.events);
    expect(recorded).not.toContain('pw-secret-99');
    expect(recorded).not.toContain(Buffer.from('ann:pw-secret-99').toString('base64'));
  });
});

describe('api executor: redirects', () => {
  it('follows redirects by default', async () => {
    const { result } = await f.worker.run(f.onApp({ request: { url: '/redirect' }, expect: { status: 200, json: { status: 'ok' } } }));
    expect(result.status).toBe('passed');
  });

  it('followRedirects: false returns the 3xx itself', async () => {
    const { result } = await f.worker.run(f.onApp({ request: { url: '/redirect', followRedirects: false }, expect: { status: 302, headers: { location: '/health' } } }));
    expect(result.status, JSON.stringify(result.checks)).toBe('passed');
  });

  const via = (status: number, location: string) => `/to?status=${status}&location=${encodeURIComponent(location)}`;
  const echoed = (spec: Parameters<typeof f.onApp>[0]) => f.worker.run(apiTestCase(spec, { baseUrl: f.echo.url }));

  it('a 303 after a POST fetches the new location with GET and no body; a 307 replays method and body', async () => {
    const see = await echoed({ request: { method: 'POST', url: via(303, '/after'), json: { a: 1 } }, expect: { json: { method: 'GET', url: '/after', body: '' } } });
    expect(see.result.status, JSON.stringify(see.result.checks)).toBe('passed');
    const replay = await echoed({ request: { method: 'POST', url: via(307, '/again'), json: { a: 1 } }, expect: { json: { method: 'POST', url: '/again', body: '{"a":1}', headers: { 'content-type': 'application/json' } } } });
    expect(replay.result.status, JSON.stringify(replay.result.checks)).toBe('passed');
  });

  it('credentials follow a same-origin redirect but are not handed to another origin', async () => {
    const same = await echoed({ request: { url: via(302, '/landed'), auth: { bearer: TOKEN }, headers: { 'x-keep': 'yes' } }, expect: { json: { url: '/landed', headers: { authorization: `Bearer ${TOKEN}`, 'x-keep': 'yes' } } } });
    expect(same.result.status, JSON.stringify(same.result.checks)).toBe('passed');
    // The demo app answers /api/me with 200 for this token and 401 without one.
    const other = await echoed({ request: { url: via(302, `${f.app.url}/api/me`), auth: { bearer: TOKEN } }, expect: { status: 401 } });
    expect(other.result.status, JSON.stringify(other.result.checks)).toBe('passed');
  });

  it('a redirect loop ends in a clear error after 20 hops, not a hang', async () => {
    const { result } = await echoed({ request: { url: '/loop' }, expect: { status: 200 } });
    expect(result.status).toBe('error');
    expect(result.error?.message).toMatch(/stopped after 20 redirects/);
    expect(result.error?.hint).toMatch(/followRedirects: false/);
  });
});

describe('api executor: when there is no response', () => {
  it('connection refused is an `error` with a clear message and hint, and no stack', async () => {
    const port = await freePort();
    const { result } = await f.worker.run(apiTestCase({ request: { url: '/health' }, expect: { status: 200 } }, { baseUrl: `http://127.0.0.1:${port}` }));
    expect(result.status).toBe('error');
    expect(result.error?.message).toBe(`could not connect to http://127.0.0.1:${port}/health: connection refused`);
    expect(result.error?.hint).toMatch(/server running.*webServer/);
    expect(result.error?.stack).toBeUndefined();
  });

  it('an unknown host is a DNS error', async () => {
    const { result } = await f.worker.run(apiTestCase({ request: { url: 'http://no-such-host.invalid/health' } }));
    expect(result.status).toBe('error');
    expect(result.error?.message).toMatch(/could not resolve host no-such-host\.invalid .*DNS/);
    expect(result.error?.stack).toBeUndefined();
  });

  it('a connection the server drops is an `error` saying so', async () => {
    const { result } = await f.worker.run(apiTestCase({ request: { url: `${f.echo.url}/reset` } }));
    expect(result.status).toBe('error');
    expect(result.error?.message).toMatch(/closed the connection before responding/);
    expect(result.error?.stack).toBeUndefined();
  });

  it('a slow response past the test timeout is `timedOut`', async () => {
    // Without the timeout, the answer after 5 s would make it pass.
    const { result } = await f.worker.run(f.onApp({ request: { url: '/api/slow', query: { ms: 5000 } } }, { timeoutMs: 200 }));
    expect(result.status).toBe('timedOut');
  });

  it('a slow response past the request timeout is an `error` naming the timeout', async () => {
    const { result } = await f.worker.run(f.onApp({ request: { url: '/api/slow?ms=5000', timeout: '150ms' } }));
    expect(result.status).toBe('error');
    expect(result.error?.message).toBe(`GET ${f.app.url}/api/slow?ms=5000 timed out after 150ms without a complete response`);
  });

  it('a relative url without baseUrl is an `error` that says how to fix it', async () => {
    const { result } = await f.worker.run(apiTestCase({ request: { url: '/health' } }));
    expect(result.status).toBe('error');
    expect(result.error?.message).toContain('no baseUrl');
  });

  it('the worker keeps working after all of these', async () => {
    const { result } = await f.worker.run(f.onApp({ request: { url: '/api/items/2' }, expect: { status: 200, jsonPath: { '$.id': { equals: 2 } } } }));
    expect(result.status).toBe('passed');
  });
});
