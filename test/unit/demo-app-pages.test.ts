// The demo app's HTML pages over plain HTTP: what the browser tests rely on is there, and the JSON API is untouched.
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoApp, type RunningApp } from '../helpers/demo-app.js';

let app: RunningApp;
beforeAll(async () => {
  app = await startDemoApp();
});
afterAll(async () => {
  await app?.stop();
});

/** undici's request follows no redirect, so a 303 stays a 303. */
async function fetchPage(path: string, init: { method?: 'GET' | 'POST'; form?: Record<string, string> } = {}) {
  const res = await request(app.url + path, {
    method: init.method ?? 'GET',
    headers: init.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {},
    body: init.form ? new URLSearchParams(init.form).toString() : undefined,
  });
  return { status: res.statusCode, headers: res.headers, body: await res.body.text() };
}

describe('demo app pages', () => {
  const pages: Array<[string, string[]]> = [
    ['/', ['<html lang="en">', '<title>Demo shop</title>', '<main>', '<h1>Demo shop</h1>', 'href="/login"', 'href="/a11y/good"', 'href="/a11y/bad"', 'href="/visual"']],
    ['/login', ['<label for="email">Email</label><input id="email" name="email" type="email">', '<label for="password">Password</label><input id="password" name="password" type="password">', '<select id="remember"', '<option value="no">no</option>', '<option value="yes">yes</option>', '<input type="checkbox" id="terms"', '<label for="terms">I accept the terms</label>', '<button type="submit">Sign in</button>']],
    ['/dashboard', ['<h1>Welcome, Demo User</h1>', '<li class="todo">Write tests</li>', '<li class="todo">Run aitest</li>', '<li class="todo">Ship it</li>', '<input id="search" aria-label="Search" placeholder="Search todos">', '<p id="search-result"', '<button data-testid="add-todo">Add todo</button>', '<span class="clock">']],
    ['/a11y/good', ['<h1>Accessible page</h1>', 'alt="Demo shop logo"', '<label for="newsletter">']],
    ['/a11y/bad', ['<img id="logo" src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">', '<input id="nolabel" type="text">', '<p id="faint" style="color:#ccc;background:#fff">Low contrast text</p>', '<button id="empty-button"></button>']],
    ['/visual', ['<div id="box"></div>', '<div class="clock"></div>']],
    ['/slow-page?ms=0', ['<h1>Slow page</h1>', 'class="block"']],
  ];
  for (const [path, fragments] of pages) {
    it(`GET ${path} is an HTML page`, async () => {
      const res = await fetchPage(path);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.body).toMatch(/^<!doctype html>/);
      for (const fragment of fragments) expect(res.body).toContain(fragment);
      // Self-contained: nothing is loaded from another host.
      expect(res.body).not.toMatch(/(src|href)="(https?:)?\/\//);
    });
  }

  it('the home page nav has exactly the four links', async () => {
    const { body } = await fetchPage('/');
    const nav = /<nav[^>]*>([\s\S]*?)<\/nav>/.exec(body)![1];
    expect([...nav.matchAll(/href="([^"]+)"/g)].map((m) => m[1])).toEqual(['/login', '/a11y/good', '/a11y/bad', '/visual']);
  });

  it('the dashboard has exactly three todos and a clock that changes on every request', async () => {
    const first = await fetchPage('/dashboard');
    const second = await fetchPage('/dashboard');
    expect(first.body.match(/<li class="todo">/g)).toHaveLength(3);
    const clock = (body: string) => /<span class="clock">([^<]*)<\/span>/.exec(body)![1];
    expect(clock(first.body)).not.toBe(clock(second.body));
    expect(first.headers['cache-control']).toBe('no-store');
  });

  it('POST /login with the demo credentials redirects to the dashboard with a 303', async () => {
    const res = await fetchPage('/login', { method: 'POST', form: { email: 'demo@example.com', password: 'demo', remember: 'yes', terms: 'on' } });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/dashboard');
  });

  it('POST /login with a wrong password re-renders the form with a 401 and an alert', async () => {
    const res = await fetchPage('/login', { method: 'POST', form: { email: 'demo@example.com', password: 'wrong' } });
    expect(res.status).toBe(401);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.body).toContain('<p role="alert" class="error">Wrong email or password</p>');
    expect(res.body).toContain('<input id="email" name="email" type="email">');
    expect((await fetchPage('/login')).body).not.toContain('role="alert"');
  });

  it('/visual?variant=changed differs from /visual only in the colour of #box', async () => {
    const base = (await fetchPage('/visual')).body;
    const changed = (await fetchPage('/visual?variant=changed')).body;
    expect(base).toMatch(/#box \{[^}]*width: 50px; height: 40px; background: #2a6; \}/);
    expect(changed).toMatch(/#box \{[^}]*background: #d33; \}/);
    expect(base).not.toContain('#d33');
    expect(changed.replace('#d33', '#2a6')).toBe(base);
  });

  it('/visual?variant=masked differs from /visual only in the colour of .clock', async () => {
    const base = (await fetchPage('/visual')).body;
    const masked = (await fetchPage('/visual?variant=masked')).body;
    const clockRule = (body: string) => /\.clock \{[^}]*\}/.exec(body)![0];
    expect(clockRule(masked)).not.toBe(clockRule(base));
    expect(masked.replace(clockRule(masked), clockRule(base))).toBe(base);
    // An unknown variant is the baseline.
    expect((await fetchPage('/visual?variant=constructor')).body).toBe(base);
  });

  it('/slow-page arrives after ?ms=', async () => {
    const started = Date.now();
    const res = await fetchPage('/slow-page?ms=300');
    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(res.body).toContain('delayed by 300 ms');
  });

  it('pages answer only GET and HEAD; the JSON API is unchanged', async () => {
    expect((await fetchPage('/dashboard', { method: 'POST' })).status).toBe(405);
    const health = await fetchPage('/health');
    expect(health.status).toBe(200);
    expect(JSON.parse(health.body)).toEqual({ status: 'ok' });
    const missing = await fetchPage('/no-such-page');
    expect(missing.status).toBe(404);
    expect(JSON.parse(missing.body)).toEqual({ error: 'route not found' });
  });
});
