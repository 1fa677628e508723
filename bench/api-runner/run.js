// Benchmark: 10,000 api tests through `aitest run --workers 16` vs a plain undici script at concurrency 16.
// Both are timed as whole processes against the bundled demo app. aitest runs both ways a person meets it:
// the first run of the plan (a new database) and a rerun (the database holds the runs before). Prints
// `ratio: aitest/raw` of the rerun last, the first run's ratio on the line before.
// usage: npm run build && node bench/api-runner/run.js [--tests 10000] [--reps 3]
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { median, ms, numberArg, root, startDemoApp, timeProcess } from '../common.js';

const TESTS = numberArg('--tests', 10_000);
const REPS = numberArg('--reps', 3);
const WORKERS = 16;
const cli = path.join(root, 'bin/aitest.js');

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
  const fresh = [];
  const raw = [];
  const run = (db) => timeProcess(process.execPath, [cli, 'run', plan, '--workers', String(WORKERS), '--db', db], { cwd: dir, env: { ...process.env, NO_COLOR: '1', CI: '' } });
  // Reruns share one database (its history grows as a person's does); each first run gets a new one.
  const rerunDb = path.join(dir, 'rerun.db');
  run(rerunDb);
  for (let rep = 0; rep < REPS; rep++) {
    raw.push(timeProcess(process.execPath, [path.join(root, 'bench/api-runner/raw.js'), target, String(TESTS), String(WORKERS)]));
    aitest.push(run(rerunDb));
    fresh.push(run(path.join(dir, `first-${rep}.db`)));
  }
  // The share of the run spent loading and validating the plan, for whoever works on the ratio next.
  const load = [];
  for (let i = 0; i < REPS; i++) load.push(timeProcess(process.execPath, [cli, 'validate', plan], { cwd: dir }));
  const cold = [];
  for (let i = 0; i < 10; i++) cold.push(timeProcess(process.execPath, [cli, '--version']));
  const nodeFloor = [];
  for (let i = 0; i < 10; i++) nodeFloor.push(timeProcess(process.execPath, ['-e', '0']));

  console.log(`tests: ${TESTS}, workers/concurrency: ${WORKERS}, reps: ${REPS} (median)`);
  console.log(`aitest run, rerun:          ${ms(median(aitest))}  (${aitest.map(ms).join(', ')})  ${(TESTS / (median(aitest) / 1000)).toFixed(0)} tests/s`);
  console.log(`aitest run, first run:       ${ms(median(fresh))}  (${fresh.map(ms).join(', ')})`);
  console.log(`raw undici:                 ${ms(median(raw))}  (${raw.map(ms).join(', ')})  ${(TESTS / (median(raw) / 1000)).toFixed(0)} req/s`);
  console.log(`of which startup + plan load (aitest validate): ${ms(median(load))}`);
  console.log(`aitest --version cold start: ${ms(median(cold))} (node -e 0: ${ms(median(nodeFloor))}; goal < 150 ms)`);
  console.log(`ratio of the first run (a new database): ${(median(fresh) / median(raw)).toFixed(2)}`);
  console.log(`ratio: ${(median(aitest) / median(raw)).toFixed(2)}`);
} finally {
  app.stop();
  rmSync(dir, { recursive: true, force: true });
}
