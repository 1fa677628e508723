// Benchmark: 60 UI tests (open a demo page, click, assert text) with 2 workers, run by aitest and by
// Playwright Test on the same Chromium, each timed as a whole process. Prints `ratio: aitest/playwright` last.
// usage: npm run build && node bench/ui-runner/run.js [--tests 60] [--reps 3]
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const arg = (name, dflt) => {
  const i = process.argv.indexOf(name);
  return i === -1 ? dflt : Number(process.argv[i + 1]);
};
const TESTS = arg('--tests', 60);
const REPS = arg('--reps', 3);
const WORKERS = 2;
const BROWSER = process.env.AITEST_BROWSER_PATH || '/usr/bin/chromium';
// The same flags aitest passes (src/executors/browser/launch.ts), so both drive an identical browser.
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-default-apps', '--no-first-run', '--mute-audio'];

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x) => `${x.toFixed(0)} ms`;

function timeProcess(cmd, args, opts = {}) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024, ...opts });
  const elapsed = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}:\n${r.stdout}\n${r.stderr}`);
  return elapsed;
}

async function startDemoApp() {
  const child = spawn(process.execPath, [path.join(root, 'examples/demo-app/server.js'), '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`demo app exited ${code}`)));
  });
  return { url, stop: () => child.kill('SIGTERM') };
}

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
