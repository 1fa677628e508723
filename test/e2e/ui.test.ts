// ui tests in real Chromium against the demo app, through the built CLI.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCliProcess, tempDir } from '../helpers/cli.js';
import { readReport, testNamed as byName, useDemoApp } from '../helpers/report.js';

const demo = useDemoApp();

const plan = (tests: string) => `name: ui e2e
baseUrl: ${demo.app.url}
tests:
${tests}`;

const report = (dir: string) => readReport(dir);

describe('ui tests', () => {
  it('a sign-in flow passes; a broken flow fails with the failing step and a screenshot', async () => {
    const dir = tempDir({
      'plan.yaml': plan(`
  - name: sign in reaches the dashboard
    type: ui
    url: /login
    steps:
      - fill: { selector: "#email", value: demo@example.com }
      - fill: { selector: { label: Password }, value: demo }
      - check: { label: I accept the terms }
      - select: { selector: "#remember", value: "yes" }
      - click: { role: button, name: Sign in }
      - expect: { url: /dashboard }
      - expect: { selector: h1, text: Welcome }
      - expect: { selector: ".todo", count: 3 }
      - fill: { selector: "#search", value: RUN }
      - press: { selector: "#search", key: Enter }
      - expect: { selector: "#search-result", exactText: 1 matching }
      - click: { testId: add-todo }
      - expect: { selector: ".todo", count: 4 }
  - name: wrong password stays on the login page
    type: ui
    url: /login
    steps:
      - fill: { selector: "#email", value: demo@example.com }
      - fill: { selector: "#password", value: nope }
      - click: { role: button, name: Sign in }
      - expect: { selector: "[role=alert]", text: Wrong email or password }
      - expect: { url: /dashboard, timeout: 500ms }
  - name: a button that is not there
    type: ui
    url: /dashboard
    steps:
      - click: { selector: { role: button, name: Delete everything }, timeout: 300ms }
      - expect: { selector: h1, text: never reached }
`),
    });
    const r = await runCliProcess(['run', 'plan.yaml', '--reporter', 'list', '--reporter', 'json:report.json'], { cwd: dir });
    expect(r.code, r.stdout + r.stderr).toBe(1);
    const tests = report(dir);

    const flow = byName(tests, 'sign in reaches the dashboard');
    expect(flow.status, JSON.stringify(flow.checks)).toBe('passed');
    expect(flow.checks.map((c) => c.name)).toEqual(['url', 'text of h1', 'count of .todo', 'text of #search-result', 'count of .todo']);
    expect(flow.artifacts ?? []).toEqual([]);

    const wrong = byName(tests, 'wrong password stays on the login page');
    expect(wrong.status).toBe('failed');
    const urlCheck = wrong.checks.find((c) => c.name === 'url')!;
    expect(urlCheck).toMatchObject({ ok: false, expected: '/dashboard' });
    expect(String(urlCheck.actual)).toMatch(/\/login$/);
    expect(wrong.checks.find((c) => c.name === 'text of [role=alert]')?.ok).toBe(true);

    const missing = byName(tests, 'a button that is not there');
    expect(missing.status).toBe('failed');
    // The test stops at the failing action: the expectation after it never ran.
    expect(missing.checks).toHaveLength(1);
    expect(missing.checks[0]).toMatchObject({ name: 'click', ok: false });
    expect(missing.checks[0]!.message).toMatch(/timed out after 300ms waiting for getByRole\('button', \{ name: 'Delete everything' \}\)/);
    const shot = missing.artifacts?.find((a) => a.name === 'failure.png');
    expect(shot?.contentType).toBe('image/png');
    const png = readFileSync(path.join(dir, shot!.path));
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    // The list reporter names the failing step and where the screenshot is.
    expect(r.stdout).toContain('click role=button "Delete everything" › click');
    expect(r.stdout).toContain(shot!.path);
  });

  it('a missing browser makes browser tests `error` with the fix, and the api tests still run', async () => {
    const dir = tempDir({
      'plan.yaml': plan(`
  - name: page opens
    type: ui
    url: /
  - name: health answers
    type: api
    request: { url: /health }
    expect: { status: 200 }
`),
    });
    const r = await runCliProcess(['run', 'plan.yaml', '--reporter', 'json:report.json'], { cwd: dir, env: { AITEST_BROWSER_PATH: '/nonexistent/chrome' } });
    expect(r.code).toBe(1);
    const tests = report(dir);
    expect(byName(tests, 'health answers').status).toBe('passed');
    const ui = byName(tests, 'page opens');
    expect(ui.status).toBe('error');
    expect(ui.error).toBe('AITEST_BROWSER_PATH is /nonexistent/chrome, which is not an executable browser.');
  });

  it('a browser that dies mid-test is relaunched: only the test on it fails', async () => {
    const dir = tempDir({
      // A plain object: defineConfig only adds types, and 'aitest' does not resolve from a temp dir.
      'plan.ts': `export default {
  name: 'crash',
  baseUrl: ${JSON.stringify(demo.app.url)},
  tests: [
    // SIGKILL to the browser processes aitest started (its direct children), as a crash would.
    { name: 'a kills its browser', type: 'ui', url: '/', steps: [{ evaluate: async () => {
      const { readdirSync, readFileSync } = await import('node:fs');
      const statOf = (pid) => { try { return readFileSync('/proc/' + pid + '/stat', 'utf8'); } catch { return ''; } };
      const killed = [];
      for (const pid of readdirSync('/proc').filter((d) => /^\\d+$/.test(d))) {
        const stat = statOf(pid);
        const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        if (stat && ppid === process.pid) {
          process.kill(Number(pid), 'SIGKILL');
          killed.push(pid);
        }
      }
      // Until they are gone (or zombies waiting for Playwright to reap them), so the next step meets the crash.
      const gone = (pid) => { const st = statOf(pid); return st === '' || st.slice(st.lastIndexOf(')') + 2)[0] === 'Z'; };
      while (!killed.every(gone)) await new Promise((r) => setTimeout(r, 10));
    } }, { expect: { selector: 'h1', text: 'Demo shop' } }] },
    { name: 'b runs on a fresh one', type: 'ui', url: '/', steps: [{ expect: { selector: 'h1', text: 'Demo shop' } }] },
  ],
};
`,
    });
    const r = await runCliProcess(['run', path.join(dir, 'plan.ts'), '--workers', '1', '--reporter', 'json:report.json'], { cwd: dir });
    expect(r.code, r.stdout + r.stderr).toBe(1);
    const tests = report(dir);
    expect(byName(tests, 'a kills its browser').status).not.toBe('passed');
    expect(byName(tests, 'b runs on a fresh one').status).toBe('passed');
  });

  it('runs each browser test per project: devices emulate their viewport, a browser that is not installed is a clear error, --project filters', async () => {
    const dir = tempDir({
      'plan.ts': `export default {
  name: 'matrix',
  baseUrl: ${JSON.stringify(demo.app.url)},
  browsers: ['chromium', 'firefox'],
  devices: ['Desktop Chrome', 'iPhone 13'],
  tests: [
    // Fails on purpose, saying what the page saw, so the test below can read each project's viewport.
    { name: 'viewport', type: 'ui', url: '/', steps: [{ evaluate: async ({ page }: any) => { throw new Error('width=' + (await page.evaluate('innerWidth'))); } }] },
    { name: 'health', type: 'api', request: { url: '/health' }, expect: { status: 200 } },
  ],
};
`,
    });
    const r = await runCliProcess(['run', 'plan.ts', '--reporter', 'json:report.json', '--db', 'results.db'], { cwd: dir });
    expect(r.code).toBe(1);
    const tests = report(dir);
    const viewport = Object.fromEntries(tests.filter((t) => t.name === 'viewport').map((t) => [t.project, t.error]));
    expect(viewport['chromium / Desktop Chrome']).toBe('width=1280');
    expect(viewport['chromium / iPhone 13']).toBe('width=390');
    expect(viewport['firefox / Desktop Chrome']).toBe('firefox is not installed for Playwright.');
    expect(viewport['firefox / iPhone 13']).toBe('firefox is not installed for Playwright.');
    expect(byName(tests, 'health').status).toBe('passed');

    const only = await runCliProcess(['run', 'plan.ts', '--project', 'iPhone 13', '--project', 'chromium / Desktop Chrome', '--reporter', 'json:only.json', '--db', 'results.db'], { cwd: dir });
    const picked = readReport(dir, 'only.json');
    expect(only.code).toBe(1);
    expect(picked.map((t) => t.project).sort()).toEqual(['chromium / Desktop Chrome', 'chromium / iPhone 13', 'firefox / iPhone 13']);
  });

  it('checks accessibility, screenshots and vitals in the middle of a flow', async () => {
    const dir = tempDir({
      'plan.yaml': plan(`
  - name: in-flow checks
    type: ui
    url: /dashboard
    viewport: { width: 800, height: 600 }
    steps:
      - click: { testId: add-todo }
      - vitals: { budgets: { inp: 5s, lcp: 10s, cls: 0.1 } }
      - expect: { selector: ".todo", count: 4 }
      - matchScreenshot: { name: list, selector: "#todos" }
      - a11y: { standard: wcag21aa }
  - name: bad page in a flow
    type: ui
    url: /a11y/bad
    steps:
      - a11y: { failOn: critical }
      - expect: { selector: h1, visible: true }
`),
    });
    const first = await runCliProcess(['run', 'plan.yaml', '--reporter', 'json:report.json'], { cwd: dir });
    expect(first.code).toBe(1);
    let tests = report(dir);
    const flow = byName(tests, 'in-flow checks');
    expect(flow.status, JSON.stringify(flow.checks)).toBe('passed');
    const names = flow.checks.map((c) => c.name);
    expect(names).toEqual(expect.arrayContaining(['budget inp', 'budget lcp', 'budget cls', 'count of .todo', 'baseline', 'accessibility (wcag21aa)']));
    const bad = byName(tests, 'bad page in a flow');
    expect(bad.status).toBe('failed');
    expect(bad.checks.filter((c) => !c.ok).map((c) => c.name).sort()).toEqual(['a11y button-name', 'a11y image-alt', 'a11y label', 'accessibility (wcag21aa)']);
    // The flow stops at the failed scan.
    expect(bad.checks.some((c) => c.name.startsWith('visible'))).toBe(false);

    // Second run: the screenshot taken in the flow now has a baseline, and still matches.
    const second = await runCliProcess(['run', 'plan.yaml', '--grep', 'in-flow', '--reporter', 'json:report.json'], { cwd: dir });
    expect(second.code, second.stdout).toBe(0);
    tests = report(dir);
    expect(byName(tests, 'in-flow checks').checks.find((c) => c.name === 'screenshot matches baseline')?.ok).toBe(true);
  });

  // Video is not in this test: Playwright records it with its own ffmpeg build, which can't be downloaded here.
  it('keeps a trace and the browser log of a failing test, and can fail on console errors', async () => {
    const dir = tempDir({
      'plan.yaml': `name: artifacts
baseUrl: ${demo.app.url}
browser: { trace: retain-on-failure, failOnConsoleError: true }
tests:
  - name: wrong password logs a 401
    type: ui
    url: /login
    steps:
      - fill: { selector: "#email", value: demo@example.com }
      - fill: { selector: "#password", value: nope }
      - click: { role: button, name: Sign in }
      - expect: { selector: "[role=alert]", visible: true }
  - name: clean page
    type: ui
    url: /
`,
    });
    const r = await runCliProcess(['run', 'plan.yaml', '--reporter', 'json:report.json'], { cwd: dir });
    expect(r.code).toBe(1);
    const tests = report(dir);
    const noisy = byName(tests, 'wrong password logs a 401');
    expect(noisy.status).toBe('failed');
    expect(noisy.checks.find((c) => c.name === 'no console errors')).toMatchObject({ ok: false, expected: 0 });
    const files = Object.fromEntries((noisy.artifacts ?? []).map((a) => [a.name, readFileSync(path.join(dir, a.path))]));
    expect(Object.keys(files).sort()).toEqual(['browser-log.txt', 'failure.png', 'trace.zip']);
    expect(files['trace.zip']!.subarray(0, 2).toString()).toBe('PK');
    expect(files['browser-log.txt']!.toString()).toMatch(/request failed: POST .*\/login: 401/);
    // A test that passes keeps nothing under retain-on-failure.
    const clean = byName(tests, 'clean page');
    expect(clean.status).toBe('passed');
    expect(clean.artifacts ?? []).toEqual([]);
  });

  it('applies the plan\'s browser options to the page, and waits for elements and urls', async () => {
    const dir = tempDir({
      'plan.ts': `export default {
  name: 'options',
  baseUrl: ${JSON.stringify(demo.app.url)},
  browser: { locale: 'de-DE', timezone: 'Asia/Tokyo', colorScheme: 'dark' },
  tests: [
    // Fails on purpose with what the page saw, so the test can read it back.
    { name: 'page settings', type: 'ui', url: '/', steps: [{ evaluate: async ({ page }: any) => {
      throw new Error(await page.evaluate(() => [navigator.language, Intl.DateTimeFormat().resolvedOptions().timeZone, matchMedia('(prefers-color-scheme: dark)').matches].join(' ')));
    } }] },
    { name: 'test overrides', type: 'ui', url: '/', browser: { locale: 'fr-FR' }, steps: [{ evaluate: async ({ page }: any) => {
      throw new Error(await page.evaluate(() => navigator.language));
    } }] },
    { name: 'waits', type: 'ui', url: '/login', steps: [
      { fill: { selector: '#email', value: 'demo@example.com' } },
      { fill: { selector: '#password', value: 'demo' } },
      { click: { role: 'button', name: 'Sign in' } },
      { waitFor: { url: '/dashboard' } },
      { click: { testId: 'add-todo' } },
      { waitFor: { selector: { css: '.todo', nth: 3 }, state: 'visible' } },
      { waitFor: { selector: '.no-such-thing', state: 'detached', timeout: '1s' } },
    ] },
  ],
};
`,
    });
    const r = await runCliProcess(['run', 'plan.ts', '--reporter', 'json:report.json'], { cwd: dir });
    expect(r.code).toBe(1);
    const tests = report(dir);
    expect(byName(tests, 'page settings').error).toBe('de-DE Asia/Tokyo true');
    expect(byName(tests, 'test overrides').error).toBe('fr-FR');
    expect(byName(tests, 'waits').status, JSON.stringify(byName(tests, 'waits').checks)).toBe('passed');
  });
});

