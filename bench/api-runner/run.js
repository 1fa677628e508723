// Benchmark: 10,000 api tests through `aitest run --workers 16` vs a plain undici script at concurrency 16.
// Both are timed as whole processes against the bundled demo app. aitest runs both ways a person meets it:
// rerunning the plan (parsed and validated plan kept beside the database by the run before) and with
// --no-plan-cache (YAML parsed and validated from scratch, as on a first run). Prints `ratio: aitest/raw`
// of the rerun last, the from-scratch ratio on the line before.
// usage: npm run build && node bench/api-runner/run.js [--tests 10000] [--reps 3]
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freshDbWithPlanCache, median, ms, numberArg, root, startDemoApp, timeProcess } from '../common.js';

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
  const run = (db, ...flags) => timeProcess(process.execPath, [cli, 'run', plan, '--workers', String(WORKERS), '--db', db, ...flags], { cwd: dir, env: { ...process.env, NO_COLOR: '1', CI: '' } });
  // The first run keeps the parsed plan beside its database; every timed run gets a database of its own.
  const first = path.join(dir, 'first.db');
  run(first);
  for (let rep = 0; rep < REPS; rep++) {
    raw.push(timeProcess(process.execPath, [path.join(root, 'bench/api-runner/raw.js'), target, String(TESTS), String(WORKERS)]));
    aitest.push(run(await freshDbWithPlanCache(first, path.join(dir, `rerun-${rep}.db`))));
    fresh.push(run(path.join(dir, `scratch-${rep}.db`), '--no-plan-cache'));
  }
  // The share of the run spent loading and validating the plan, for whoever works on the ratio next.
  const load = [];
  for (let i = 0; i < REPS; i++) load.push(timeProcess(process.execPath, [cli, 'validate', plan, '--no-plan-cache'], { cwd: dir }));
  const cold = [];
  for (let i = 0; i < 10; i++) cold.push(timeProcess(process.execPath, [cli, '--version']));
  const nodeFloor = [];
  for (let i = 0; i < 10; i++) nodeFloor.push(timeProcess(process.execPath, ['-e', '0']));

  console.log(`tests: ${TESTS}, workers/concurrency: ${WORKERS}, reps: ${REPS} (median)`);
  console.log(`aitest run, rerun:          ${ms(median(aitest))}  (${aitest.map(ms).join(', ')})  ${(TESTS / (median(aitest) / 1000)).toFixed(0)} tests/s`);
  console.log(`aitest run --no-plan-cache: ${ms(median(fresh))}  (${fresh.map(ms).join(', ')})`);
  console.log(`raw undici:                 ${ms(median(raw))}  (${raw.map(ms).join(', ')})  ${(TESTS / (median(raw) / 1000)).toFixed(0)} req/s`);
  console.log(`of which startup + plan load from scratch (aitest validate --no-plan-cache): ${ms(median(load))}`);
  console.log(`aitest --version cold start: ${ms(median(cold))} (node -e 0: ${ms(median(nodeFloor))}; goal < 150 ms)`);
  console.log(`ratio with the plan parsed from scratch (--no-plan-cache): ${(median(fresh) / median(raw)).toFixed(2)}`);
  console.log(`ratio: ${(median(aitest) / median(raw)).toFixed(2)}`);
} finally {
  app.stop();
  rmSync(dir, { recursive: true, force: true });
}
