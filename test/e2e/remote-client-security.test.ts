// `aitest run --remote` against an orchestrator it cannot trust: it writes only a run's artifacts (under
// .aitest/artifacts/<run>/) and the plan's baselines (under __screenshots__/), through no symlink, and names
// nothing else in its reports; a plan's webServer is said not to start; the token comes from AITEST_TOKEN
// or --token-file, never only from the command line. The hostile side is a small HTTP server speaking the
// few routes the client uses; the token tests run on a real cluster.
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunEvent } from '../../src/events/types.js';
import { runCliProcess, tempDir } from '../helpers/cli.js';
import { useCluster } from '../helpers/cluster.js';
import { useRedis } from '../helpers/redis.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

interface FakeOrchestrator {
  url: string;
  /** The artifact routes asked for, as the request line named them. */
  fetched: string[];
  close(): Promise<void>;
}

/** An orchestrator that answers any plan with `runId` and streams `events`; each artifact's body names its route. */
async function fakeOrchestrator(runId: string, events: RunEvent[]): Promise<FakeOrchestrator> {
  const fetched: string[] = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (req.method === 'POST' && url.pathname === '/api/v1/tests/execute') {
      req.resume();
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ runId, total: 1 }));
      });
      return;
    }
    if (req.method === 'GET' && url.pathname.endsWith('/events')) {
      res.writeHead(200, { 'content-type': 'application/x-ndjson' });
      res.end(events.map((event, offset) => `${JSON.stringify({ offset, event })}\n`).join(''));
      return;
    }
    if (req.method === 'GET' && url.pathname.includes('/artifacts/')) {
      fetched.push(url.pathname);
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      res.end(`#!/bin/sh\necho written by the orchestrator: ${url.pathname}\n`);
      return;
    }
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: { code: 'NOT_FOUND', message: 'no such route' } }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    fetched,
    close: () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}

/** One test's run, its result naming `artifacts`. */
function runOf(runId: string, artifacts: { name: string; path: string; contentType?: string }[]): RunEvent[] {
  const test = { id: 't1', name: 'home', type: 'api' as const, plan: 'p', file: 'tests/plan.yaml', line: 3, column: 5, tags: [] };
  const at = Date.now();
  return [
    { type: 'run:start', run: { id: runId, plans: [{ name: 'p', file: 'tests/plan.yaml' }], startedAt: at, total: 1, workers: 1 } },
    { type: 'test:start', test, attempt: 0, worker: 'w', at },
    {
      type: 'test:end', test,
      result: { status: 'passed', attempt: 0, willRetry: false, startedAt: at, durationMs: 1, checks: [], steps: [], metrics: [], artifacts: artifacts.map((a) => ({ contentType: 'text/plain', ...a })) },
    },
    { type: 'run:end', summary: { runId, status: 'passed', startedAt: at, durationMs: 1, total: 1, passed: 1, failed: 0, flaky: 0, skipped: 0, timedOut: 0, errors: 0, notRun: 0 } },
  ];
}

const PLAN = 'name: p\ntests:\n  - { name: home, type: api, request: { url: "http://127.0.0.1:9/" } }\n';

describe('against a hostile orchestrator', () => {
  const fakes: FakeOrchestrator[] = [];
  afterAll(async () => {
    await Promise.all(fakes.map((f) => f.close()));
  });
  const fake = async (runId: string, events: RunEvent[]): Promise<FakeOrchestrator> => {
    const f = await fakeOrchestrator(runId, events);
    fakes.push(f);
    return f;
  };

  it('writes a run\'s artifacts and the plan\'s baselines, refuses every other path with a warning, and never through a symlink', async () => {
    const RUN = 'mb3k9x1a-4f2c';
    // The project is a folder of its own, so that a path leaving it lands somewhere the test can look.
    const outer = tempDir({ 'outside-secret.txt': 'LOCAL-SECRET-OUTSIDE\n', 'victim.txt': 'untouched\n' });
    const cwd = path.join(outer, 'project');
    mkdirSync(path.join(cwd, 'tests'), { recursive: true });
    writeFileSync(path.join(cwd, 'tests/plan.yaml'), PLAN);
    mkdirSync(path.join(cwd, '.git/hooks'), { recursive: true });
    writeFileSync(path.join(cwd, '.env'), 'LOCAL-SECRET-ENV\n');
    // Symlinks already in the run's folder: a folder leading outside the project, and a file.
    mkdirSync(path.join(outer, 'elsewhere'));
    mkdirSync(path.join(cwd, `.aitest/artifacts/${RUN}/t1-0`), { recursive: true });
    symlinkSync(path.join(outer, 'elsewhere'), path.join(cwd, `.aitest/artifacts/${RUN}/linked`));
    symlinkSync(path.join(outer, 'victim.txt'), path.join(cwd, `.aitest/artifacts/${RUN}/t1-0/link.txt`));

    const legit = `.aitest/artifacts/${RUN}/t1-0/log.txt`;
    const baseline = 'tests/__screenshots__/p/home-chromium.png';
    const refused = [
      '.git/hooks/pre-commit', '../outside.txt', '../outside-secret.txt', '.env',
      '.aitest/artifacts/another-run/x.txt', 'tests/plan.yaml', '__screenshots__/p/home-chromium.png',
    ];
    const throughLinks = [`.aitest/artifacts/${RUN}/linked/evil.txt`, `.aitest/artifacts/${RUN}/t1-0/link.txt`];
    const f = await fake(RUN, runOf(RUN, [
      { name: 'log', path: legit },
      { name: 'baseline', path: baseline, contentType: 'image/png' },
      ...[...refused, ...throughLinks].map((p) => ({ name: `bad ${p}`, path: p })),
    ]));

    const r = await runCliProcess(['run', 'tests/plan.yaml', '--remote', f.url, '--reporter', 'list', '--reporter', 'html:report.html', '--reporter', 'json:report.json'], { cwd });
    const out = r.stdout + r.stderr;
    expect(r.code, out).toBe(0);

    // What belongs to the run is written where its path says.
    expect(readFileSync(path.join(cwd, legit), 'utf8')).toContain('written by the orchestrator');
    expect(readFileSync(path.join(cwd, baseline), 'utf8')).toContain('written by the orchestrator');
    // Nothing else: no hook, nothing beside the project, the plan and .env as they were.
    expect(existsSync(path.join(cwd, '.git/hooks/pre-commit'))).toBe(false);
    expect(existsSync(path.join(outer, 'outside.txt'))).toBe(false);
    expect(existsSync(path.join(cwd, '.aitest/artifacts/another-run'))).toBe(false);
    expect(existsSync(path.join(cwd, '__screenshots__'))).toBe(false);
    expect(readFileSync(path.join(cwd, 'tests/plan.yaml'), 'utf8')).toBe(PLAN);
    expect(readFileSync(path.join(cwd, '.env'), 'utf8')).toBe('LOCAL-SECRET-ENV\n');
    expect(readFileSync(path.join(outer, 'outside-secret.txt'), 'utf8')).toBe('LOCAL-SECRET-OUTSIDE\n');
    // Symlinks are not followed, neither a folder nor the file itself.
    expect(existsSync(path.join(outer, 'elsewhere/evil.txt'))).toBe(false);
    expect(readFileSync(path.join(outer, 'victim.txt'), 'utf8')).toBe('untouched\n');
    // Each refusal is said, naming the path.
    for (const p of [...refused, ...throughLinks]) expect(out).toContain(`${JSON.stringify(p)}`);
    expect(out).toMatch(/warn.*\.git\/hooks\/pre-commit.*not written/);
    // A refused path is not even asked for.
    expect(f.fetched.some((u) => u.includes('hooks'))).toBe(false);

    // The reports name only what was written: an HTML report never embeds a local file the orchestrator named.
    const html = readFileSync(path.join(cwd, 'report.html'), 'utf8');
    expect(html).not.toContain('LOCAL-SECRET-OUTSIDE');
    expect(html).not.toContain('LOCAL-SECRET-ENV');
    const json = readFileSync(path.join(cwd, 'report.json'), 'utf8');
    expect(json).toContain(legit);
    expect(json).not.toContain('pre-commit');
  }, 60_000);

  it('refuses a run id that is not a plain name, which would move the artifacts folder', async () => {
    const RUN = '../../.git/hooks';
    const cwd = tempDir({ 'plan.yaml': PLAN });
    mkdirSync(path.join(cwd, '.git/hooks'), { recursive: true });
    const f = await fake(RUN, runOf(RUN, [{ name: 'hook', path: '.git/hooks/pre-commit' }]));
    const r = await runCliProcess(['run', 'plan.yaml', '--remote', f.url, '--reporter', 'list'], { cwd });
    expect(r.code, r.stdout + r.stderr).toBe(3);
    expect(r.stderr).toContain('run id');
    expect(existsSync(path.join(cwd, '.git/hooks/pre-commit'))).toBe(false);
  }, 60_000);

  it('says before the run that a plan\'s webServer is not started, and which baseUrl the workers reach', async () => {
    const RUN = 'mb3k9x1a-0001';
    const cwd = tempDir({
      'plan.yaml': 'name: p\nbaseUrl: http://app.internal:4010\nwebServer: { command: "node server.js", url: "http://app.internal:4010/health" }\n'
        + 'tests:\n  - { name: home, type: api, request: { url: / } }\n',
    });
    const f = await fake(RUN, runOf(RUN, []));
    const r = await runCliProcess(['run', 'plan.yaml', '--remote', f.url, '--reporter', 'dot'], { cwd });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^warning: .*webServer.*not started/m);
    expect(r.stderr).toContain('http://app.internal:4010');
    // A plan without one hears nothing of it.
    const plain = await runCliProcess(['run', 'plan.yaml', '--remote', f.url, '--reporter', 'dot'], { cwd: tempDir({ 'plan.yaml': PLAN }) });
    expect(plain.code, plain.stderr).toBe(0);
    expect(plain.stderr).not.toContain('webServer');
  }, 60_000);
});

describe('the token, on a real cluster', () => {
  const redis = useRedis();
  const cluster = useCluster();
  const TOKEN = 'client-token-0123456789abcdef';
  let url: string;
  let server: TestServer;
  let cwd: string;

  beforeAll(async () => {
    server = await startTestServer();
    cwd = tempDir({
      'plan.yaml': `name: tokens\nbaseUrl: ${server.url}\ntests:\n  - { name: ok, type: api, request: { url: /ok }, expect: { status: 200 } }\n`,
      'token.txt': `  ${TOKEN}\n`,
    });
    ({ url } = await cluster.serve({ cwd, redis: redis.redis.url, tokens: JSON.stringify({ [TOKEN]: ['admin'] }) }));
    await cluster.worker({ cwd, redis: redis.redis.url });
  }, 60_000);
  afterAll(async () => {
    await server?.close();
  });

  it('run --remote and remote status take it from --token-file or AITEST_TOKEN; an unreadable file is a usage error', async () => {
    const fromFile = await runCliProcess(['run', 'plan.yaml', '--remote', url, '--token-file', 'token.txt', '--db', 'file.db', '--reporter', 'json:file.json'], { cwd, env: { AITEST_TOKEN: undefined } });
    expect(fromFile.code, fromFile.stderr).toBe(0);
    const { id } = (JSON.parse(readFileSync(path.join(cwd, 'file.json'), 'utf8')) as { run: { id: string } }).run;
    expect(id).toBeTruthy();

    const fromEnv = await runCliProcess(['run', 'plan.yaml', '--remote', url, '--db', 'env.db', '--reporter', 'dot'], { cwd, env: { AITEST_TOKEN: TOKEN } });
    expect(fromEnv.code, fromEnv.stderr).toBe(0);

    const status = await runCliProcess(['remote', 'status', id, '--remote', url, '--token-file', path.join(cwd, 'token.txt')], { cwd, env: { AITEST_TOKEN: undefined } });
    expect(status.code, status.stderr).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({ runId: id, status: 'passed' });
    const envStatus = await runCliProcess(['remote', 'status', id, '--remote', url], { cwd, env: { AITEST_TOKEN: TOKEN } });
    expect(envStatus.code, envStatus.stderr).toBe(0);

    // Without one, the orchestrator refuses: the token really came from the file and the variable.
    const none = await runCliProcess(['remote', 'status', id, '--remote', url], { cwd, env: { AITEST_TOKEN: undefined } });
    expect(none.code).toBe(2);
    // (Or, past the orchestrator's limit of requests without a valid token from one address, its 429.)
    expect(none.stderr).toMatch(/refused the token|without a valid token/);

    for (const args of [['run', 'plan.yaml', '--remote', url], ['remote', 'status', id, '--remote', url]]) {
      const missing = await runCliProcess([...args, '--token-file', 'no-such-token.txt'], { cwd, env: { AITEST_TOKEN: TOKEN } });
      expect(missing.code, missing.stderr).toBe(2);
      expect(missing.stderr).toContain('no-such-token.txt');
      expect(missing.stderr).toMatch(/hint: .*token/i);
    }
    const both = await runCliProcess(['remote', 'status', id, '--remote', url, '--token', TOKEN, '--token-file', 'token.txt'], { cwd });
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('not both');
  }, 90_000);
});
