// Benchmark: 60 UI tests (open a demo page, click, assert text) with 2 workers, run by aitest and by
// Playwright Test on the same Chromium, each timed as a whole process. Prints `ratio: aitest/playwright` last.
// usage: npm run build && node bench/ui-runner/run.js [--tests 60] [--reps 3]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { median, ms, numberArg, root, startDemoApp, timeProcess } from '../common.js';

const TESTS = numberArg('--tests', 60);
const REPS = numberArg('--reps', 3);
const WORKERS = 2;
const BROWSER = process.env.AITEST_BROWSER_PATH || '/usr/bin/chromium';
// The same flags aitest passes (src/executors/browser/launch.ts), so both drive an identical browser.
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-default-apps', '--no-first-run', '--mute-audio'];

const dir = mkdtempSync(path.join(os.tmpdir(), 'aitest-uibench-'));
const app = await startDemoApp();
try {
  // aitest: the plan.
  const lines = ['name: ui bench', `baseUrl: ${app.url}`, 'tests:'];
  for (let i = 0; i < TESTS; i++) {
    lines.push(`  - name: "add a todo ${i}"`, '    type: ui', '    url: /dashboard', '    steps:',
      '      - click: { testId: add-todo }', '      - expect: { selector: { css: ".todo", nth: 3 }, text: New todo }');
  }
  writeFileSync(path.join(dir, 'plan.yaml'), `${lines.join('\n')}\n`);

  // Playwright Test: the same tests, the same browser and flags, 2 workers sharing one file.
  const spec = [`import { test, expect } from '@playwright/test';`];
  for (let i = 0; i < TESTS; i++) {
    spec.push(`test('add a todo ${i}', async ({ page }) => {`,
      `  await page.goto('/dashboard');`,
      `  await page.getByTestId('add-todo').click();`,
      `  await expect(page.locator('.todo').nth(3)).toContainText('New todo');`,
      `});`);
  }
  writeFileSync(path.join(dir, 'ui.spec.mjs'), `${spec.join('\n')}\n`);
  writeFileSync(path.join(dir, 'playwright.config.mjs'), `export default {
  testDir: '.', testMatch: /.*\\.spec\\.mjs/, workers: ${WORKERS}, fullyParallel: true, reporter: 'dot', retries: 0,
  use: { baseURL: ${JSON.stringify(app.url)}, headless: true, viewport: { width: 1280, height: 720 },
    launchOptions: { executablePath: ${JSON.stringify(BROWSER)}, args: ${JSON.stringify(ARGS)} } },
};
`);
  // node_modules for the spec's `@playwright/test` import: the repo's.
  const env = { ...process.env, NODE_PATH: path.join(root, 'node_modules'), NO_COLOR: '1', CI: '', PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1' };
  rmSync(path.join(dir, 'node_modules'), { force: true, recursive: true });
  spawnSync('ln', ['-s', path.join(root, 'node_modules'), path.join(dir, 'node_modules')]);
  const pwCli = path.join(root, 'node_modules/@playwright/test/cli.js');
  const cli = path.join(root, 'bin/aitest.js');

  const aitest = [];
  const pw = [];
  for (let rep = 0; rep < REPS; rep++) {
    pw.push(timeProcess(process.execPath, [pwCli, 'test', '-c', 'playwright.config.mjs'], { cwd: dir, env }));
    aitest.push(timeProcess(process.execPath, [cli, 'run', 'plan.yaml', '--workers', String(WORKERS), '--db', path.join(dir, `r${rep}.db`)], { cwd: dir, env }));
  }
  console.log(`tests: ${TESTS}, workers: ${WORKERS}, browser: ${BROWSER}, reps: ${REPS} (median)`);
  console.log(`aitest run:      ${ms(median(aitest))}  (${aitest.map(ms).join(', ')})`);
  console.log(`playwright test: ${ms(median(pw))}  (${pw.map(ms).join(', ')})`);
  console.log(`ratio: ${(median(aitest) / median(pw)).toFixed(2)}`);
} finally {
  app.stop();
  rmSync(dir, { recursive: true, force: true });
}
