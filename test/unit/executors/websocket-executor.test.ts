// The websocket executor through the real worker (runTestCase), against the demo app and a small ws server of its own.
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import type { TestCase, VarValue, WebSocketTestSpec } from '../../../src/plan/types.js';
import { startDemoApp, type RunningApp } from '../../helpers/demo-app.js';
import { freePort } from '../../helpers/ports.js';
import { createWorkerHarness, type WorkerHarness } from '../../helpers/worker.js';

let app: RunningApp;
let worker: WorkerHarness;
let local: WebSocketServer;
let localUrl: string;
/** Server-side closes seen by the local server, by path. */
const serverCloses: { path: string }[] = [];

beforeAll(async () => {
  app = await startDemoApp();
  worker = createWorkerHarness();
  local = new WebSocketServer({
    port: 0,
    host: '127.0.0.1',
    // `/no-protocol` accepts the upgrade but picks none of the offered subprotocols.
    handleProtocols: (protocols, req) => (req.url === '/no-protocol' ? false : [...protocols][0] ?? false),
  });
  await new Promise<void>((resolve) => local.once('listening', () => resolve()));
  localUrl = `ws://127.0.0.1:${(local.address() as AddressInfo).port}`;
  local.on('connection', (ws, req) => {
    const path = req.url ?? '/';
    ws.on('close', () => serverCloses.push({ path }));
    if (path === '/greet') ws.send('hello, you');
    if (path === '/headers') ws.send(JSON.stringify(req.headers));
  });
});

afterAll(async () => {
  await worker?.close();
  for (const ws of local?.clients ?? []) ws.terminate();
  await new Promise((resolve) => local?.close(resolve));
  await app?.stop();
});

let counter = 0;
function wsCase(spec: Omit<WebSocketTestSpec, 'name' | 'type'>, o: { baseUrl?: string; timeoutMs?: number; headers?: Record<string, string>; vars?: Record<string, VarValue> } = {}): TestCase {
  const name = `ws test ${++counter}`;
  const tc: TestCase = {
    id: `ws${counter}`, plan: 'unit', file: 'plan.yaml', name, type: 'websocket', location: { file: 'plan.yaml', line: 1, column: 1 },
    spec: { ...spec, name, type: 'websocket' }, timeoutMs: o.timeoutMs ?? 15_000, retries: 0, tags: [], headers: o.headers ?? {}, vars: o.vars ?? {},
  };
  tc.baseUrl = o.baseUrl ?? app.url;
  return tc;
}

/** Waits until the local server has seen a connection to `path` close, since the `before`-th close. */
function closedByClient(path: string, before: number): Promise<void> {
  return vi.waitFor(() => expect(serverCloses.slice(before).map((c) => c.path)).toContain(path), { timeout: 10_000, interval: 20 });
}

const checksOf = (r: { checks: { name: string; ok: boolean }[] }) => r.checks.map((c) => [c.name, c.ok]);

describe('websocket executor against the demo app', () => {
  it('runs a chat conversation: steps, checks, a capture used in later steps, metrics', async () => {
    const { result, events } = await worker.run(wsCase({
      url: '/ws/chat?room=unit-flow',
      headers: { 'x-team': 'qa' },
      protocols: ['chat.v1'],
      steps: [
        { send: { json: { type: 'hello', name: 'ada' } } },
        { expect: { json: { type: 'welcome', name: 'ada', team: 'qa', protocol: 'chat.v1' }, within: '5s' } },
        { capture: { memberId: '$.id' } },
        { send: { json: { type: 'say', text: 'I am ${{ captures.memberId }}' } } },
        { expect: { jsonPath: { '$.type': { equals: 'said' }, '$.text': { equals: 'I am ${{ captures.memberId }}' } } } },
        { expectNoMessage: '100ms' },
        { close: 1000 },
        { expectClose: { code: 1000 } },
      ],
    }));
    expect(result.status, JSON.stringify(result)).toBe('passed');
    expect(result.steps.map((s) => [s.title, s.status])).toEqual([
      ['send {"type":"hello","name":"ada"}', 'passed'],
      ['expect json {"type":"welcome","name":"ada","team":"q… within 5s', 'passed'],
      ['capture memberId from $.id', 'passed'],
      ['send {"type":"say","text":"I am ${{ captures.…', 'passed'],
      ['expect jsonPath {"$.type":{"equals":"said"},"$.text":{"e…', 'passed'],
      ['expect no message for 100ms', 'passed'],
      ['close 1000', 'passed'],
      ['expect close 1000', 'passed'],
    ]);
    expect(checksOf(result)).toEqual([['expect json', true], ['expect jsonPath', true], ['expectNoMessage', true], ['expectClose', true]]);
    // The said message carries the id the welcome gave: the capture went into the send and the expectation.
    const said = result.checks[1] as { actual: { text: string }; expected: unknown };
    expect(said.actual.text).toMatch(/^I am [0-9a-f-]{36}$/);
    expect(JSON.stringify(said.expected)).toContain(said.actual.text);
    expect(result.checks[3]).toMatchObject({ expected: { code: 1000 }, actual: { code: 1000, reason: '' } });

    const metrics = result.metrics.map((m) => m.name);
    expect(metrics).toEqual(['ws_connect_duration', 'ws_message_rtt', 'ws_message_rtt']);
    expect(result.metrics[0]).toMatchObject({ unit: 'ms', labels: { url: '/ws/chat?room=unit-flow' } });
    expect(result.metrics[1]).toMatchObject({ unit: 'ms', labels: { step: result.steps[1]!.title } });
    for (const m of result.metrics) expect(m.value).toBeGreaterThanOrEqual(0);
    expect(events.filter((e) => e.type === 'test:step')).toHaveLength(8);
  });

  it('skipOthers passes over unrelated messages; without it the next message must match', async () => {
    // Bob is in the room first; when Ada (the test) joins, he says two things.
    const bob = new WebSocket(`${app.url.replace('http', 'ws')}/ws/chat?room=unit-skip`);
    await new Promise((resolve) => bob.once('open', resolve));
    bob.send(JSON.stringify({ type: 'hello', name: 'bob' }));
    bob.on('message', (data) => {
      const m = JSON.parse(String(data));
      if (m.type === 'joined') {
        bob.send(JSON.stringify({ type: 'say', text: 'one' }));
        bob.send(JSON.stringify({ type: 'say', text: 'two' }));
      }
    });
    try {
      const hello = { send: { json: { type: 'hello', name: 'ada' } } };
      const welcome = { expect: { json: { type: 'welcome' } } };
      const skipping = await worker.run(wsCase({ url: '/ws/chat?room=unit-skip', steps: [hello, welcome, { expect: { json: { type: 'said', text: 'two' }, skipOthers: true } }] }));
      expect(skipping.result.status, JSON.stringify(skipping.result.checks)).toBe('passed');

      const strict = await worker.run(wsCase({ url: '/ws/chat?room=unit-skip', steps: [hello, welcome, { expect: { json: { type: 'said', text: 'two' } } }] }));
      expect(strict.result.status).toBe('failed');
      const check = strict.result.checks[1]!;
      expect(check).toMatchObject({ name: 'expect json', ok: false, expected: { json: { type: 'said', text: 'two' } }, actual: [{ type: 'said', name: 'bob', text: 'one' }] });
      expect(check.message).toBe('expect json: the next message did not match: {"type":"said","name":"bob","text":"one"} (json does not match: $.text: expected "two", got "one"); add `skipOthers: true` to skip messages that do not match');
      expect(check.message).toContain('skipOthers: true');
    } finally {
      bob.terminate();
    }
  });

  it('a server that pushes and then closes: ticks in order, then expectClose', async () => {
    const { result } = await worker.run(wsCase({
      url: '/ws/push',
      steps: [
        { expect: { json: { type: 'tick', n: 1 } } },
        { expect: { jsonPath: { '$.n': { equals: 5 } }, skipOthers: true, within: '5s' } },
        { expectClose: { code: 1000, reason: 'done' } },
      ],
    }));
    expect(result.status, JSON.stringify(result.checks)).toBe('passed');
    // Nothing was sent, so no round trip was measured.
    expect(result.metrics.map((m) => m.name)).toEqual(['ws_connect_duration']);
  });

  it('a wrong close code fails with both codes', async () => {
    const { result } = await worker.run(wsCase({ url: '/ws/push', steps: [{ expectClose: { code: 4000 } }] }));
    expect(result.status).toBe('failed');
    expect(result.checks[0]).toMatchObject({ name: 'expectClose', ok: false, expected: { code: 4000 }, actual: { code: 1000, reason: 'done' } });
    expect(result.error?.message).toBe('expectClose: expected {"code":4000}, got code 1000 (normal closure), reason "done"');
  });

  it('a message that never comes is a failed check after `within`, long before the test timeout', async () => {
    // Had it waited for the test timeout instead, the status would be timedOut.
    const { result } = await worker.run(wsCase({ url: '/ws/silent', steps: [{ send: 'anyone?' }, { expect: { text: '/./', within: '200ms' } }, { send: 'never sent' }] }, { timeoutMs: 20_000 }));
    expect(result.status).toBe('failed');
    expect(result.error?.message).toBe('expect text: no message within 200ms');
    expect(result.checks[0]).toMatchObject({ expected: { text: '/./' }, actual: 'no message' });
    // Steps after a failed one do not run.
    expect(result.steps).toHaveLength(2);
  });

  it('echo: text and JSON come back; a close code and reason of our own are confirmed', async () => {
    const { result } = await worker.run(wsCase({
      url: '/ws/echo',
      steps: [
        { send: 'ping' },
        { expect: { text: 'ping' } },
        { send: { text: '{"not":"parsed by us"}' } },
        { expect: { json: { not: 'parsed by us' } } },
        { close: { code: 4000, reason: 'bye' } },
        { expectClose: { code: 4000, reason: '/^by/' } },
      ],
    }));
    expect(result.status, JSON.stringify(result.checks)).toBe('passed');
  });

  it('an unknown path is an error naming the status of the refused upgrade', async () => {
    const { result } = await worker.run(wsCase({ url: '/ws/nope', steps: [{ send: 'x' }] }));
    expect(result.status).toBe('error');
    expect(result.error?.message).toMatch(/^could not open a WebSocket to ws:\/\/127\.0\.0\.1:\d+\/ws\/nope: the server answered the upgrade with 404 Not Found$/);
    expect(result.error?.hint).toContain('Check the path');
    expect(result.steps).toEqual([]);
  });

  it('send after the server closed, and capture before any match, are failed checks', async () => {
    const closed = await worker.run(wsCase({ url: '/ws/push', steps: [{ expectClose: true }, { send: 'late' }] }));
    expect(closed.result.status).toBe('failed');
    expect(closed.result.error?.message).toBe('send: the connection is closed (code 1000 (normal closure), reason "done"); nothing was sent');

    const early = await worker.run(wsCase({ url: '/ws/echo', steps: [{ capture: { id: '$.id' } }] }));
    expect(early.result.status).toBe('failed');
    expect(early.result.error?.message).toContain('no message has matched an `expect` yet');
  });

  it('an expect with nothing to match is a plan error, before connecting', async () => {
    const { result } = await worker.run(wsCase({ url: '/ws/echo', steps: [{ expect: { within: '1s' } }] }));
    expect(result.status).toBe('error');
    expect(result.error?.message).toContain('needs `json`, `text` or `jsonPath`');
    expect(result.metrics).toEqual([]);
  });
});

describe('websocket executor: connections', () => {
  it('a refused connection is an error with a hint', async () => {
    const port = await freePort();
    const { result } = await worker.run(wsCase({ url: `ws://127.0.0.1:${port}/ws/echo`, steps: [{ send: 'x' }] }));
    expect(result.status).toBe('error');
    expect(result.error?.message).toBe(`could not connect to ws://127.0.0.1:${port}/ws/echo: connection refused`);
    expect(result.error?.hint).toContain('Is the server running?');
  });

  it('relative urls follow baseUrl: https becomes wss', async () => {
    const { resolveWsUrl } = await import('../../../src/executors/websocket/connection.js');
    expect(resolveWsUrl('/ws/chat', 'http://h:1/base').href).toBe('ws://h:1/base/ws/chat');
    expect(resolveWsUrl('/ws/chat', 'https://h').href).toBe('wss://h/ws/chat');
    expect(resolveWsUrl('wss://other/x', 'http://h').href).toBe('wss://other/x');
    expect(() => resolveWsUrl('/x', undefined)).toThrow(/relative but the plan has no baseUrl/);
    expect(() => resolveWsUrl('ftp://h/x', undefined)).toThrow(/unsupported url scheme/);
  });

  it('messages are buffered from the moment the socket opens: one that came while no step waited is not lost', async () => {
    // The server greets on connect. Closing waits for the server's close frame, which comes after the
    // greeting: so the greeting arrived while no expect was waiting, and is still there to be expected.
    const later = await worker.run(wsCase({ url: `${localUrl}/greet`, steps: [{ close: 1000 }, { expect: { text: 'hello, you' } }, { expectClose: { code: 1000 } }] }));
    expect(later.result.status, JSON.stringify(later.result.checks)).toBe('passed');
    // expectNoMessage fails on the greeting as soon as it is there, without waiting its window out:
    // waiting out an hour would end in the test's 15 s timeout (timedOut), not in this failed check.
    const { result } = await worker.run(wsCase({ url: `${localUrl}/greet`, steps: [{ expectNoMessage: '1h' }] }));
    expect(result.status).toBe('failed');
    expect(result.error?.message).toBe('expectNoMessage: a message arrived within 1h: "hello, you"');
  });

  it('sends defaults.headers and the test headers on the upgrade; a sensitive one is redacted everywhere', async () => {
    const secret = 'tok-ws-very-secret-9182';
    const { result, events } = await worker.run(wsCase({
      url: `${localUrl}/headers`,
      headers: { 'X-Team': 'qa', authorization: `Bearer ${secret}` },
      steps: [{ expect: { json: { 'x-team': 'qa', 'x-default': 'd', 'user-agent': 'aitest' }, jsonPath: { '$.authorization': { exists: true } } } }],
    }, { headers: { 'x-default': 'd' } }));
    expect(result.status, JSON.stringify(result.checks)).toBe('passed');
    expect(JSON.stringify(events)).not.toContain(secret);
  });

  it('a server that picks none of the offered subprotocols is an error that says so', async () => {
    const { result } = await worker.run(wsCase({ url: `${localUrl}/no-protocol`, protocols: ['chat.v1'] }));
    expect(result.status).toBe('error');
    expect(result.error?.message).toMatch(/could not open a WebSocket to .*\/no-protocol: .*subprotocol/i);
    expect(result.error?.hint).toContain('protocols');
  });

  it('the test timeout aborts a long wait and closes the socket', async () => {
    const before = serverCloses.length;
    // 2 s: time enough to connect on a loaded machine, far less than `within`.
    const { result } = await worker.run(wsCase({ url: `${localUrl}/hold`, steps: [{ expect: { text: 'never', within: '1h' } }] }, { timeoutMs: 2000 }));
    expect(result.status).toBe('timedOut');
    // The server sees the connection go, without waiting for `within`.
    await closedByClient('/hold', before);
  });

  it('a test without steps just connects and closes', async () => {
    const before = serverCloses.length;
    const { result } = await worker.run(wsCase({ url: `${localUrl}/plain` }));
    expect(result.status).toBe('passed');
    expect(result.metrics.map((m) => m.name)).toEqual(['ws_connect_duration']);
    await closedByClient('/plain', before);
  });
});

describe('websocket executor: loading', () => {
  it('loads `ws` only when a websocket test runs: no module of the executor imports it up front', async () => {
    const { readdirSync, readFileSync } = await import('node:fs');
    const dir = new URL('../../../src/executors/websocket/', import.meta.url);
    const files = readdirSync(dir).filter((f) => f.endsWith('.ts'));
    expect(files.length).toBeGreaterThan(3);
    for (const f of files) {
      const text = readFileSync(new URL(f, dir), 'utf8');
      expect(text, f).not.toMatch(/^import (?!type )[^;]*'ws';/m);
    }
    const registry = readFileSync(new URL('../../../src/executors/registry.ts', import.meta.url), 'utf8');
    expect(registry).toMatch(/websocket: \{ resource: 'network', load: async \(\) => \(await import\('\.\/websocket\/executor\.js'\)\)/);
    expect(registry).not.toMatch(/^import .*websocket/m);
  });
});
