// Benchmark: 10,000 api tests through `aitest run --workers 16` vs a plain undici script at concurrency 16.
// Both are timed as whole processes against the bundled demo app. Prints `ratio: aitest/raw` last.
// usage: npm run build && node bench/api-runner/run.js [--tests 10000] [--reps 3]
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
const TESTS = arg('--tests', 10_000);
const REPS = arg('--reps', 3);
const WORKERS = 16;
const cli = path.join(root, 'bin/aitest.js');

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x) => `${x.toFixed(0)} ms`;

function timeProcess(cmd, args, opts = {}) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'], ...opts });
  const elapsed = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
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

const dir = mkdtempSync(path.join(os.tmpdir(), 'aitest-bench-'));
const app = await startDemoApp();
try {
  const target = `${app.url}/api/items/1`;
  const lines = [`name: bench`, `baseUrl: ${app.url}`, `tests:`];
  for (let i = 0; i < TESTS; i++) lines.push(`  - { name: "get item ${i}", type: api, request: { url: /api/items/1 }, expect: { status: 200 } }`);
  const plan = path.join(dir, 'plan.yaml');
  writeFileSync(plan, `${lines.join('\n')}\n`);

  // Warm the server and the OS page cache once for both sides.
  timeProcess(process.execPath, [path.join(root, 'bench/api-runner/raw.js'), target, '2000', String(WORKERS)]);

  const aitest = [];
  const raw = [];
  for (let rep = 0; rep < REPS; rep++) {
    raw.push(timeProcess(process.execPath, [path.join(root, 'bench/api-runner/raw.js'), target, String(TESTS), String(WORKERS)]));
    const db = path.join(dir, `results-${rep}.db`);
    aitest.push(timeProcess(process.execPath, [cli, 'run', plan, '--workers', String(WORKERS), '--db', db], { cwd: dir, env: { ...process.env, NO_COLOR: '1', CI: '' } }));
  }
  // The share of the run spent loading and validating the plan, for whoever works on the ratio next.
  const load = [];
  for (let i = 0; i < REPS; i++) load.push(timeProcess(process.execPath, [cli, 'validate', plan], { cwd: dir }));
  const cold = [];
  for (let i = 0; i < 10; i++) cold.push(timeProcess(process.execPath, [cli, '--version']));
  const nodeFloor = [];
  for (let i = 0; i < 10; i++) nodeFloor.push(timeProcess(process.execPath, ['-e', '0']));

  console.log(`tests: ${TESTS}, workers/concurrency: ${WORKERS}, reps: ${REPS} (median)`);
  console.log(`aitest run:   ${ms(median(aitest))}  (${aitest.map(ms).join(', ')})  ${(TESTS / (median(aitest) / 1000)).toFixed(0)} tests/s`);
  console.log(`raw undici:   ${ms(median(raw))}  (${raw.map(ms).join(', ')})  ${(TESTS / (median(raw) / 1000)).toFixed(0)} req/s`);
  console.log(`of which startup + plan load (aitest validate): ${ms(median(load))}`);
  console.log(`aitest --version cold start: ${ms(median(cold))} (node -e 0: ${ms(median(nodeFloor))}; goal < 150 ms)`);
  console.log(`ratio: ${(median(aitest) / median(raw)).toFixed(2)}`);
} finally {
  app.stop();
  rmSync(dir, { recursive: true, force: true });
}
