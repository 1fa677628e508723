// websocket tests as a user runs them: the built CLI, a YAML plan, the demo app's /ws/* endpoints, a JSON report.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JsonReport, JsonTest } from '../../src/reporters/json-report.js';
import { repoRoot, runCliProcess, tempDir } from '../helpers/cli.js';
import { queryDb } from '../helpers/db.js';
import { startDemoApp, type RunningApp } from '../helpers/demo-app.js';
import { demoPortEnv, freePort } from '../helpers/ports.js';

let app: RunningApp;
beforeAll(async () => {
  app = await startDemoApp();
});
afterAll(() => app.stop());

describe('aitest run: websocket tests', () => {
  let report: JsonReport;
  let code: number | null;
  let output: string;
  let refusedPort: number;
  const test = (name: string): JsonTest => {
    const t = report.tests.find((x) => x.name === name);
    if (!t) throw new Error(`no test "${name}" in the report`);
    return t;
  };

  beforeAll(async () => {
    refusedPort = await freePort();
    const dir = tempDir({
      'plan.yaml': `name: websocket e2e
baseUrl: ${app.url}
tests:
  - name: chat flow
    type: websocket
    url: /ws/chat?room=e2e
    headers: { x-team: qa }
    protocols: [chat.v1]
    steps:
      - send: { json: { type: hello, name: ada } }
      - expect: { json: { type: welcome, name: ada, team: qa, protocol: chat.v1 }, within: 5s }
      - capture: { id: $.id }
      - send: { json: { type: say, text: "I am \${{ captures.id }}" } }
      - expect: { json: { type: said, name: ada, text: "I am \${{ captures.id }}" }, within: 5s }
      - close: 1000
      - expectClose: { code: 1000 }
  - name: push then close
    type: websocket
    url: /ws/push
    steps:
      - expect: { json: { type: tick, n: 1 } }
      - expect: { json: { type: tick, n: 5 }, skipOthers: true }
      - expectClose: { code: 1000, reason: done }
  - name: silent server
    type: websocket
    url: /ws/silent
    timeout: 60s
    steps:
      - send: anyone?
      - expect: { text: "/./", within: 300ms }
  - name: nobody listening
    type: websocket
    url: ws://127.0.0.1:${refusedPort}/ws/echo
    steps:
      - send: hello
`,
    });
    const r = await runCliProcess(['run', 'plan.yaml', '--reporter', 'list', '--reporter', 'json:out/report.json'], { cwd: dir });
    code = r.code;
    output = r.stdout + r.stderr;
    report = JSON.parse(readFileSync(path.join(dir, 'out/report.json'), 'utf8')) as JsonReport;
  });

  it('exits 1 and reports every test with its own status', () => {
    expect(code, output).toBe(1);
    expect(report.tests.map((t) => [t.name, t.type, t.status])).toEqual(expect.arrayContaining([
      ['chat flow', 'websocket', 'passed'],
      ['push then close', 'websocket', 'passed'],
      ['silent server', 'websocket', 'failed'],
      ['nobody listening', 'websocket', 'error'],
    ]));
    expect(report.summary).toMatchObject({ total: 4, passed: 2, failed: 1, errors: 1, timedOut: 0 });
  });

  it('the chat flow passes, a captured id going into a later send and expectation, with round-trip metrics', () => {
    const chat = test('chat flow');
    expect(chat.steps?.map((s) => s.status)).toEqual(Array(7).fill('passed'));
    expect(chat.steps?.[0]?.title).toBe('send {"type":"hello","name":"ada"}');
    const said = chat.checks.find((c) => c.step?.startsWith('expect json {"type":"said"'));
    expect(said?.ok).toBe(true);
    expect((said?.actual as { text: string }).text).toMatch(/^I am [0-9a-f-]{36}$/);
    const rtt = chat.metrics?.filter((m) => m.name === 'ws_message_rtt') ?? [];
    expect(rtt).toHaveLength(2);
    for (const m of rtt) {
      expect(m.unit).toBe('ms');
      expect(m.value).toBeGreaterThanOrEqual(0);
    }
    expect(chat.metrics?.some((m) => m.name === 'ws_connect_duration')).toBe(true);
  });

  it('push: five ticks, then the server closes with 1000 "done"', () => {
    const push = test('push then close');
    expect(push.checks.map((c) => [c.name, c.ok])).toEqual([['expect json', true], ['expect json', true], ['expectClose', true]]);
    expect(push.checks[1]?.actual).toEqual({ type: 'tick', n: 5 });
    expect(push.checks[2]?.actual).toEqual({ code: 1000, reason: 'done' });
  });

  it('a message that never comes fails after `within` with a clear message, not at the test timeout', () => {
    const silent = test('silent server');
    expect(silent.error).toBe('expect text: no message within 300ms');
    expect(silent.checks[0]).toMatchObject({ name: 'expect text', ok: false, expected: { text: '/./' }, actual: 'no message' });
    // Failed on its own check: had it waited for the 60s test timeout, it would have timed out instead.
    expect(silent.status).toBe('failed');
    expect(output).toContain('no message within 300ms');
  });

  it('a refused connection is an error with a hint', () => {
    const refused = test('nobody listening');
    expect(refused.error).toBe(`could not connect to ws://127.0.0.1:${refusedPort}/ws/echo: connection refused`);
    expect(refused.errorHint).toContain('Is the server running?');
    expect(refused.checks).toEqual([]);
  });
});

describe('examples/websocket.yaml', () => {
  it('starts the demo app (on the port DEMO_PORT names) and passes', async () => {
    const db = path.join(tempDir(), 'results.db');
    const r = await runCliProcess(['run', 'examples/websocket.yaml', '--db', db], { cwd: repoRoot, env: await demoPortEnv() });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const results = queryDb<{ status: string; n: number }>(db, 'select status, count(*) as n from results group by status');
    expect(results).toEqual([{ status: 'passed', n: 4 }]);
  });
});
