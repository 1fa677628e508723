// Secrets through the built CLI, locally: a URL's password, a secret in its encoded forms, a browser
// trace's cookies and tokens, and control characters from plans and servers on the terminal.
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliProcess, tempDir, type CliResult } from '../helpers/cli.js';

const rand = (): string => randomBytes(5).toString('hex');
// Spaces, quotes, a plus and a slash: what made the encoded forms differ from the raw value.
const SECRET = `sec "q" a+b/${rand()}`;
const CAPTURED = `cap tok/+${rand()}`;
const PLAN_PW = `plan-pw-${rand()}`;
const OTHER_PW = `other:pw@${rand()}`;
const REPLY_PW = `reply-pw-${rand()}`;
const COOKIE = `cookie-${rand()}`;
const TRACE_TOKEN = `bearer-${rand()}`;

const b64 = (s: string): string => Buffer.from(s).toString('base64');
// As the WHATWG URL parser writes a value into a query (space and quote encoded, `+` and `/` kept).
const queryEncoded = (s: string): string => new URL(`http://h/?q=${s}`).search.slice(3);

/** The forms a secret was seen leaving in: raw, URL- and form-encoded, JSON-escaped, base64 (alone and as user:secret). */
function forms(secret: string): string[] {
  return [...new Set([
    secret,
    encodeURIComponent(secret),
    encodeURIComponent(secret).replace(/%20/g, '+'),
    new URLSearchParams({ s: secret }).toString().slice(2),
    queryEncoded(secret),
    JSON.stringify(secret).slice(1, -1),
    b64(secret),
    Buffer.from(secret).toString('base64url'),
    b64(`basic-user:${secret}`),
  ])];
}

/** Each form of each secret found in the bytes of `dir` (zips searched unzipped) or in the CLI's output. */
function leaks(secrets: string[], dir: string, r: CliResult): string[] {
  const needles = secrets.flatMap(forms).map((s) => Buffer.from(s));
  const found: string[] = [];
  const search = (bytes: Uint8Array, where: string): void => {
    const buf = Buffer.from(bytes);
    for (const n of needles) if (buf.includes(n)) found.push(`${where}: ${n.toString()}`);
    if (buf.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) {
      for (const [name, entry] of Object.entries(unzipSync(buf))) search(entry, `${where}!${name}`);
    }
  };
  for (const rel of readdirSync(dir, { recursive: true }) as string[]) {
    const file = path.join(dir, rel);
    if (statSync(file).isFile() && !rel.endsWith('.yaml')) search(readFileSync(file), rel);
  }
  search(Buffer.from(r.stdout), 'stdout');
  search(Buffer.from(r.stderr), 'stderr');
  return found;
}

interface Server {
  url: string;
  /** Every request as the server saw it (proves the secret was really sent). */
  seen: string[];
  close(): Promise<void>;
}

// Echoes each request (URL, headers, body) into a 500 reply, so the checks' messages and values hold it.
async function startEchoServer(): Promise<Server> {
  const seen: string[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      const url = req.url ?? '/';
      seen.push(`${url} ${JSON.stringify(req.headers)} ${body}`);
      if (url === '/login') {
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end(JSON.stringify({ token: CAPTURED }));
      }
      if (url === '/page') {
        res.writeHead(200, { 'content-type': 'text/html', 'set-cookie': `sid=${COOKIE}; Path=/; HttpOnly` });
        return res.end('<html><body><h1>loading</h1><input id="pw"><script>fetch("/api").then((r) => r.text()).then((t) => { document.querySelector("h1").textContent = "done " + t; })</script></body></html>');
      }
      if (url === '/api') {
        res.writeHead(200, { 'content-type': 'text/plain' });
        return res.end(`auth ${req.headers.authorization ?? 'none'} cookie ${req.headers.cookie ?? 'none'}`);
      }
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(`url=${url} auth=${req.headers.authorization ?? ''} body=${body} next=http://svc:${REPLY_PW}@10.0.0.1/ \u0007\rFAKE \u001b]0;pwned\u0007 \u009b2J`);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}

let server: Server;
beforeAll(async () => {
  server = await startEchoServer();
});
afterAll(() => server?.close());

const REPORTERS = ['--reporter', 'list', '--reporter', 'json:report.json', '--reporter', 'junit:junit.xml', '--reporter', 'html:report.html', '--reporter', 'blob:blob'];

describe('secrets in every form', () => {
  it('a URL\'s password is in no error, store, report, log or terminal line; the URL still shows, password redacted', async () => {
    const hostPort = server.url.replace('http://', '');
    const dir = tempDir({
      'plan.yaml': `name: url passwords
baseUrl: http://svc-user:${PLAN_PW}@${hostPort}
tests:
  - name: the server replies with a URL holding a password
    type: api
    request: { url: /echo }
    expect: { status: 200 }
  - name: a request URL with a password is refused
    type: api
    request: { url: "http://bob:${encodeURIComponent(OTHER_PW)}@127.0.0.1:1/x" }
    expect: { status: 200 }
`,
    });
    const r = await runCliProcess(['run', 'plan.yaml', ...REPORTERS, '--verbose'], { cwd: dir });
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(leaks([PLAN_PW, OTHER_PW, REPLY_PW], dir, r)).toEqual([]);
    expect(r.stdout).toContain('http://bob:[REDACTED]@127.0.0.1:1/x');
    expect(r.stdout).toContain('http://svc:[REDACTED]@10.0.0.1/');
  });

  it('a secret var with a space and quotes, and a captured token, are redacted URL-encoded, form-encoded, JSON-escaped and in base64', async () => {
    const dir = tempDir({
      'plan.yaml': `name: encoded secrets
baseUrl: ${server.url}
vars:
  token: { env: SECRET_TOKEN, secret: true }
tests:
  - name: secret in a query
    type: api
    request: { url: "/echo?t=\${{ vars.token }}" }
    expect: { status: 200 }
  - name: secret in a form
    type: api
    request: { method: POST, url: /echo, form: { t: "\${{ vars.token }}" } }
    expect: { status: 200 }
  - name: secret in JSON
    type: api
    request: { method: POST, url: /echo, json: { t: "\${{ vars.token }}" } }
    expect: { status: 200 }
  - name: secret in basic auth
    type: api
    request: { url: /echo, auth: { basic: { username: basic-user, password: "\${{ vars.token }}" } } }
    expect: { status: 200 }
  - name: captured token in a query
    type: api
    steps:
      - request: { method: POST, url: /login }
        capture: { token: $.token }
      - request: { url: "/echo?c=\${{ captures.token }}" }
        expect: { status: 200 }
`,
    });
    const r = await runCliProcess(['run', 'plan.yaml', ...REPORTERS, '--verbose'], { cwd: dir, env: { SECRET_TOKEN: SECRET } });
    expect(r.code, r.stdout + r.stderr).toBe(1);
    // Really sent, in its encoded forms.
    const sent = server.seen.join('\n');
    expect(sent).toContain(b64(`basic-user:${SECRET}`));
    expect(sent).toContain(`t=${encodeURIComponent(SECRET).replace(/%20/g, '+')}`);
    expect(sent).toContain(JSON.stringify(SECRET));
    expect(sent).toContain(`c=${queryEncoded(CAPTURED)}`);
    expect(leaks([SECRET, CAPTURED], dir, r)).toEqual([]);
  });

  it('a kept Playwright trace holds no secret, cookie or Authorization value', async () => {
    const dir = tempDir({
      'plan.yaml': `name: trace
baseUrl: ${server.url}
vars:
  token: { env: TRACE_TOKEN, secret: true }
  typed: { env: TYPED_SECRET, secret: true }
browser:
  trace: 'on'
  extraHTTPHeaders:
    Authorization: "Bearer \${{ vars.token }}"
tests:
  - name: a page with a session cookie and a token
    type: ui
    url: /page
    steps:
      - fill: { selector: "#pw", value: "\${{ vars.typed }}" }
      - expect: { selector: h1, text: done auth Bearer }
`,
    });
    const r = await runCliProcess(['run', 'plan.yaml', '--reporter', 'list'], { cwd: dir, env: { TRACE_TOKEN, TYPED_SECRET: SECRET } });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const traces = (readdirSync(dir, { recursive: true }) as string[]).filter((f) => f.endsWith('trace.zip'));
    expect(traces).toHaveLength(1);
    const entries = unzipSync(readFileSync(path.join(dir, traces[0]!)));
    // The trace is still a trace: its actions and network log are there.
    expect(Object.keys(entries)).toEqual(expect.arrayContaining(['trace.trace', 'trace.network']));
    const network = Buffer.from(entries['trace.network']!).toString();
    expect(network).toMatch(/"name":"Authorization","value":"\[REDACTED\]"/i);
    expect(network).toMatch(/"cookies":\[\{"name":"sid","value":"\[REDACTED\]"/);
    expect(server.seen.join('\n')).toContain(`Bearer ${TRACE_TOKEN}`);
    expect(leaks([TRACE_TOKEN, COOKIE, SECRET], dir, r)).toEqual([]);
  });
});

describe('control characters on the terminal', () => {
  const RAW = /[\u0007\u001b\r\u009b]/;

  it('a test name and a server reply with escape sequences are shown escaped, never obeyed', async () => {
    const dir = tempDir({
      'plan.yaml': `name: escapes
baseUrl: ${server.url}
tests:
  - name: "title \\e]0;pwned\\a here"
    type: api
    request: { url: /echo }
    expect: { status: 200 }
`,
    });
    const r = await runCliProcess(['run', 'plan.yaml', '--reporter', 'list'], { cwd: dir });
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(r.stdout).not.toMatch(RAW);
    expect(r.stderr).not.toMatch(RAW);
    expect(r.stdout).toContain('title \\x1b]0;pwned\\x07 here');
    expect(r.stdout).toContain('\\x07\\rFAKE \\x1b]0;pwned\\x07 \\x9b2J');
  });

  it('a plan error quoting a hostile test name is printed escaped', async () => {
    const dir = tempDir({
      'plan.yaml': `name: dup
tests:
  - name: "dup \\e]0;pwned\\a"
    type: api
    request: { url: ${server.url}/echo }
  - name: "dup \\e]0;pwned\\a"
    type: api
    request: { url: ${server.url}/echo }
`,
    });
    const r = await runCliProcess(['run', 'plan.yaml'], { cwd: dir });
    expect(r.code, r.stdout + r.stderr).toBe(2);
    expect(r.stderr).toContain('dup \\x1b]0;pwned\\x07');
    expect(r.stderr).not.toMatch(RAW);
    expect(r.stdout).not.toMatch(RAW);
  });
});
