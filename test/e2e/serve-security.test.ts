// `aitest serve` treats every request as untrusted: a bundle's paths stay inside the bundle and errors
// quote only what the caller sent; tokens are checked before a body is read, and guessing them is
// rate-limited per address; module plans, deep plans and alias bombs are 400s; /events ends past the end
// of a finished run; a run's log says what the cluster does not do (webServer, browser.executablePath).
import { existsSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import Database from 'better-sqlite3';
import { request } from 'undici';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCliProcess, tempDir } from '../helpers/cli.js';
import { ADMIN, READER, TOKENS, useCluster } from '../helpers/cluster.js';
import { useRedis } from '../helpers/redis.js';

const r = useRedis();

const cluster = useCluster();
let dir: string;
let url: string;

/** `aitest serve` in `dir` with `args` (its tokens from a file there), on a free port; resolves to its URL. */
const serve = async (args: string[]): Promise<string> => (await cluster.serve({ cwd: dir, redis: r.redis.url, args })).url;

beforeAll(async () => {
  // The tokens in a file beside the orchestrator's database: what a bundle's plan must never reach.
  dir = tempDir({ 'tokens.json': TOKENS });
  url = await serve(['--tokens-file', 'tokens.json', '--db', 'orchestrator.db', '--auth-fail-limit', '1000']);
}, 60_000);

const api = async (method: 'GET' | 'POST' | 'PUT', route: string, token?: string, body?: unknown, base = url) => {
  const res = await request(`${base}${route}`, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await res.body.text();
  return { status: res.statusCode, headers: res.headers, text, body: (text && res.headers['content-type']?.toString().includes('application/json') ? JSON.parse(text) : text) as any };
};
const b64 = (s: string) => Buffer.from(s).toString('base64');
const bundleOf = (plan: string, name = 'plan.yaml') => ({ plan: name, files: { [name]: b64(plan) } });
/** The three ways a bundle reaches the orchestrator's loader. */
const submit = async (bundle: unknown) => [
  await api('POST', '/api/v1/tests/plans', ADMIN, { bundle }),
  await api('PUT', '/api/v1/tests/plans/p1', ADMIN, { bundle }),
  await api('POST', '/api/v1/tests/execute', ADMIN, { bundle }),
];

describe('bundles', () => {
  it('a bundle whose plan is a file of the orchestrator (absolute, or ../ out of its folder) is a 400 that quotes none of it', async () => {
    const tokensFile = path.join(dir, 'tokens.json');
    const up = `${'../'.repeat(12)}${tokensFile.slice(1)}`;
    for (const plan of [tokensFile, up]) {
      for (const res of await submit({ plan, files: {} })) {
        expect(res.status, res.text).toBe(400);
        expect(res.text).not.toContain(ADMIN);
        expect(res.text).not.toContain(READER);
        expect(res.body.error.message).toMatch(/is not a plain relative path inside the bundle/);
      }
    }
    // A plan stored before bundles were checked (written into the orchestrator's store as it keeps them)
    // is checked when it runs.
    const db = new Database(path.join(dir, 'orchestrator.db'));
    db.prepare('INSERT INTO plan_bundles (id, name, bundle, created_at, updated_at) VALUES (?, ?, ?, ?, ?)').run('old', 'old', JSON.stringify({ plan: tokensFile, files: {} }), Date.now(), Date.now());
    db.close();
    const old = await api('POST', '/api/v1/tests/execute', ADMIN, { planId: 'old' });
    expect(old.status).toBe(400);
    expect(old.text).not.toContain(ADMIN);
  });

  it('every file of a bundle has a plain relative path, and its plan is one of them', async () => {
    const plan = b64('name: p\ntests: []\n');
    for (const bad of ['/tmp/evil.yaml', '../evil.yaml', 'a/../../evil.yaml', './plan2.yaml', 'a\\b.yaml', 'a//b.yaml']) {
      for (const res of await submit({ plan: 'plan.yaml', files: { 'plan.yaml': plan, [bad]: plan } })) {
        expect(res.status, bad).toBe(400);
        expect(res.body.error.message).toBe(`The bundle's file ${JSON.stringify(bad)} is not a plain relative path inside the bundle.`);
        expect(res.body.error.hint).toMatch(/no `\.\.`/);
      }
    }
    for (const res of await submit({ plan: 'plan.yaml', files: { 'other.yaml': plan } })) {
      expect(res.status).toBe(400);
      expect(res.body.error.message).toBe('The bundle\'s plan "plan.yaml" is not one of its files.');
    }
    // The same bundle, its paths fixed, is taken.
    expect((await api('POST', '/api/v1/tests/plans', ADMIN, { bundle: { plan: 'plan.yaml', files: { 'plan.yaml': plan, 'a/b.yaml': plan } } })).status).toBe(201);
  });

  it('a module plan is refused whatever the case of its extension, and its code never runs', async () => {
    const marker = path.join(tempDir(), 'ran');
    const code = `import { writeFileSync } from 'node:fs';\nwriteFileSync(${JSON.stringify(marker)}, 'ran');\nexport default { name: 'evil', tests: [] };\n`;
    for (const name of ['evil.TS', 'evil.Ts', 'evil.JS', 'evil.MJS', 'evil.cts', 'evil.CJS', 'evil.mts']) {
      for (const res of await submit(bundleOf(code, name))) {
        expect(res.status, name).toBe(400);
        expect(res.body.error.message).toBe(`${JSON.stringify(name)}: a TypeScript or JavaScript plan does not run on an orchestrator.`);
        expect(res.body.error.hint).toMatch(/runs locally only/);
      }
    }
    expect(existsSync(marker)).toBe(false);
  });
});

describe('plans that would exhaust the orchestrator', () => {
  const api1 = '{ "name": "t", "type": "api", "request": { "url": "http://127.0.0.1:9/", "method": "POST", "json": BODY } }';
  const levels = 200_000;

  it('a JSON plan nested 200,000 levels deep is a 400 with its location, and the orchestrator goes on', async () => {
    const text = `{ "name": "deep", "tests": [${api1.replace('BODY', `${'['.repeat(levels)}${']'.repeat(levels)}`)}] }`;
    for (const res of await submit(bundleOf(text, 'deep.json'))) {
      expect(res.status, res.text.slice(0, 300)).toBe(400);
      expect(res.body.error.code).toBe('PLAN_INVALID');
      expect(res.body.error.issues[0]).toMatchObject({ message: 'nests more than 100 levels of maps and lists deep', location: { file: 'deep.json', line: 1 } });
    }
    expect((await api('GET', '/health')).status).toBe(200);
  });

  it('a YAML plan nested deep (flow or block style) or an alias bomb is a 400 with its location', async () => {
    const flow = `name: deep\ntests:\n  - ${api1.replace('BODY', `${'['.repeat(levels)}${']'.repeat(levels)}`)}\n`;
    const block = `name: deep\ntests:\n  - name: t\n    type: api\n    request:\n      url: http://127.0.0.1:9/\n      json:\n        ${'- '.repeat(20_000)}x\n`;
    for (const [text, line] of [[flow, 3], [block, 8]] as const) {
      for (const res of await submit(bundleOf(text))) {
        expect(res.status).toBe(400);
        expect(res.body.error.issues[0]).toMatchObject({ message: 'nests more than 100 levels of maps and lists deep', location: { file: 'plan.yaml', line } });
      }
    }
    // 10^6 values from 600 bytes (the 482-byte billion laughs took 55 s and 1.4 GB before it was bounded).
    const levelsOf = Array.from({ length: 7 }, (_, i) => `        a${i}: &a${i} [${Array(10).fill(i === 0 ? '"lol"' : `*a${i - 1}`).join(', ')}]`);
    const bomb = `name: bomb\ntests:\n  - name: t\n    type: api\n    request:\n      url: http://127.0.0.1:9/\n      method: POST\n      json:\n${levelsOf.join('\n')}\n`;
    for (const res of await submit(bundleOf(bomb))) {
      expect(res.status, res.text.slice(0, 300)).toBe(400);
      expect(res.body.error.issues[0]).toMatchObject({ path: '(yaml)', location: { file: 'plan.yaml', line: 11 } });
      expect(res.body.error.issues[0].message).toMatch(/aliases expand the plan/);
    }
  });

  it('locally too: validate and run exit 2 on an alias bomb and a deep plan, with file:line and a hint', async () => {
    const levelsOf = Array.from({ length: 7 }, (_, i) => `        a${i}: &a${i} [${Array(10).fill(i === 0 ? '"lol"' : `*a${i - 1}`).join(', ')}]`);
    const cwd = tempDir({
      'bomb.yaml': `name: bomb\ntests:\n  - name: t\n    type: api\n    request:\n      url: http://127.0.0.1:9/\n      method: POST\n      json:\n${levelsOf.join('\n')}\n`,
      'deep.json': `{ "name": "deep", "tests": [${api1.replace('BODY', `${'['.repeat(levels)}${']'.repeat(levels)}`)}] }`,
    });
    for (const [cmd, file, at, hint] of [
      ['validate', 'bomb.yaml', 'bomb.yaml:11:', /<<: \*defaults/],
      ['run', 'bomb.yaml', 'bomb.yaml:11:', /<<: \*defaults/],
      ['validate', 'deep.json', 'deep.json:1:', /at most 100 levels/],
      ['run', 'deep.json', 'deep.json:1:', /at most 100 levels/],
    ] as const) {
      const res = await runCliProcess([cmd, file], { cwd });
      expect(res.code, `${cmd} ${file}: ${res.stderr}`).toBe(2);
      expect(res.stderr + res.stdout).toContain(at);
      expect(res.stderr + res.stdout).toMatch(hint);
    }
  });
});

/** Sends the headers of a request announcing `length` bytes of body but only its first `sent` bytes; resolves to the status line. */
function partialRequest(base: string, headers: Record<string, string>, body: Buffer, sent: number): Promise<string> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname, () => {
      const head = [`POST /api/v1/tests/plans HTTP/1.1`, `host: ${hostname}:${port}`, 'content-type: application/json', `content-length: ${body.length}`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)];
      socket.write(`${head.join('\r\n')}\r\n\r\n`);
      socket.write(body.subarray(0, sent));
    });
    let got = '';
    socket.on('data', (d) => {
      got += d;
      const end = got.indexOf('\r\n\r\n');
      if (end >= 0) {
        resolve(got.slice(0, end));
        socket.destroy();
      }
    });
    socket.on('error', reject);
  });
}

describe('authentication', () => {
  it('a request without a valid token is answered on its headers: its 2 MB nested body is never waited for, read or parsed', async () => {
    const nested = Buffer.from(`{"bundle":${'['.repeat(1_000_000)}${']'.repeat(1_000_000)}}`);
    // Only the first 64 KB of the body are sent: an answer can only come from the headers.
    const unknown = await partialRequest(url, { authorization: 'Bearer not-a-token-0123456789abcdef' }, nested, 64 * 1024);
    expect(unknown).toMatch(/^HTTP\/1\.1 401 /);
    expect(unknown.toLowerCase()).toContain('connection: close');
    const missing = await partialRequest(url, {}, nested, 64 * 1024);
    expect(missing).toMatch(/^HTTP\/1\.1 401 /);
    // The whole body, sent without a token: a 401, and the orchestrator is not held up.
    const whole = await request(`${url}/api/v1/tests/plans`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: nested }).catch((e: Error) => e);
    if (!(whole instanceof Error)) expect(whole.statusCode).toBe(401);
    expect((await api('GET', '/health')).body).toEqual({ status: 'ok' });
    // With a valid token of the wrong role, still no body is read: 403 on the headers.
    expect(await partialRequest(url, { authorization: `Bearer ${READER}` }, nested, 64 * 1024)).toMatch(/^HTTP\/1\.1 403 /);
    // An unknown route needs a token too; the open routes need none.
    expect((await api('GET', '/api/v1/nothing-here')).status).toBe(401);
    expect((await api('GET', '/api/v1/nothing-here', READER)).status).toBe(404);
    expect((await api('GET', '/ready')).status).toBe(200);
    expect((await api('GET', '/metrics')).status).toBe(200);
  });

  it('guessing tokens from one address hits 429 after 10 failed tries a minute, while valid tokens go on', async () => {
    const limited = await serve(['--tokens-file', 'tokens.json', '--db', 'limited.db', '--rate-limit', '30']);
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++) statuses.push((await api('GET', '/api/v1/resources/capacity', `guess-${i}-0123456789abcdef`, undefined, limited)).status);
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(statuses.slice(10)).toEqual(Array(30).fill(429));
    const refused = await api('GET', '/api/v1/resources/capacity', undefined, undefined, limited);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(refused.body.error.message).toMatch(/without a valid token from this address/);
    // A valid token is not held back by the guesses; it has its own limit per minute (--rate-limit 30).
    const valid: number[] = [];
    for (let i = 0; i < 31; i++) valid.push((await api('GET', '/api/v1/resources/capacity', READER, undefined, limited)).status);
    expect(valid.slice(0, 30)).toEqual(Array(30).fill(200));
    expect(valid[30]).toBe(429);
  });
});

describe('runs', () => {
  /** A run that finishes at once: none of its plan's tests is selected, so no worker is needed. */
  const finishedRun = async (plan: string) => {
    const started = await api('POST', '/api/v1/tests/execute', ADMIN, { bundle: bundleOf(plan), grep: '^no such test$' });
    expect(started.status, started.text).toBe(202);
    const { runId } = started.body as { runId: string };
    const events = await api('GET', `/api/v1/runs/${runId}/events`, READER);
    const lines = (events.text as string).trim().split('\n').map((l) => JSON.parse(l) as { offset: number; event: { type: string; level?: string; message?: string } });
    expect(lines.at(-1)!.event.type).toBe('run:end');
    return { runId, lines };
  };

  it('/events from an offset past the end of a finished run ends at once; a negative or non-numeric offset is a 400', async () => {
    const { runId, lines } = await finishedRun('name: empty\ntests: []\n');
    for (const offset of [lines.length, lines.length + 5, 1_000_000]) {
      for (const format of ['', '&format=sse']) {
        const res = await api('GET', `/api/v1/runs/${runId}/events?offset=${offset}${format}`, READER);
        expect(res.status).toBe(200);
        expect(res.text).toBe('');
      }
    }
    const last = await api('GET', `/api/v1/runs/${runId}/events?offset=${lines.length - 1}`, READER);
    expect(JSON.parse(last.text).event.type).toBe('run:end');
    for (const offset of ['-1', 'abc', '1.5']) {
      const res = await api('GET', `/api/v1/runs/${runId}/events?offset=${offset}`, READER);
      expect(res.status, offset).toBe(400);
      expect(res.body.error.message).toMatch(/offset/);
    }
  });

  it('a plan with webServer or browser.executablePath: the run\'s log says at its start what the cluster does instead', async () => {
    const { lines } = await finishedRun('name: served\nbaseUrl: http://127.0.0.1:9\nwebServer: { command: "node server.js", url: "http://127.0.0.1:9/health" }\nbrowser: { executablePath: /opt/evil/chrome }\ntests: []\n');
    const warnings = lines.filter((l) => l.event.type === 'run:log' && l.event.level === 'warn').map((l) => l.event.message);
    expect(lines[0]!.event.type).toBe('run:start');
    expect(warnings).toEqual([
      'webServer is not started on the cluster: the workers run the tests against baseUrl as the plan gives it, so the server must already be running and reachable from the workers.',
      'browser.executablePath is ignored on the cluster: each worker uses its own browser.',
    ]);
    // A test's own executablePath is warned about as well; a plan with neither gets no warning.
    const own = await finishedRun('name: own\ntests:\n  - { name: t, type: ui, url: "http://127.0.0.1:9/", browser: { executablePath: /opt/evil/chrome }, steps: [] }\n');
    expect(own.lines.filter((l) => l.event.type === 'run:log').map((l) => l.event.message)).toEqual(['browser.executablePath is ignored on the cluster: each worker uses its own browser.']);
  });
});
