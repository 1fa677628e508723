// Benchmark: does the live view slow a run? The api-runner plan (10,000 one-request tests) run in a
// pseudo-terminal (util-linux `script`) with the live view (the default there: the list reporter's lines
// scrolling above its area) and with `--reporter dot`, alternating (and which goes first alternates too),
// in one invocation. Prints both and `ratio: ui_time/dot_time` last. Goal: <= 1.10.
// usage: npm run build && node bench/dashboard/run.js [--tests 10000] [--reps 11]
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { median, ms, numberArg, root, startDemoApp, timeProcess } from '../common.js';

const TESTS = numberArg('--tests', 10_000);
const REPS = numberArg('--reps', 11);
const cli = path.join(root, 'bin/aitest.js');

const dir = mkdtempSync(path.join(os.tmpdir(), 'aitest-bench-dashboard-'));
const app = await startDemoApp();
try {
  const lines = [`name: bench`, `baseUrl: ${app.url}`, `tests:`];
  for (let i = 0; i < TESTS; i++) lines.push(`  - { name: "get item ${i}", type: api, request: { url: /api/items/1 }, expect: { status: 200 } }`);
  const plan = path.join(dir, 'plan.yaml');
  writeFileSync(plan, `${lines.join('\n')}\n`);
  // A terminal of 120x40 where a person would watch it; CI unset, as on a developer's machine.
  const env = { ...process.env, COLUMNS: '120', LINES: '40' };
  delete env.CI;
  delete env.GITHUB_ACTIONS;
  const inPty = (args) => timeProcess('script', ['-qfec', `${process.execPath} ${cli} ${args}`, '/dev/null'], { cwd: dir, env });

  // Warm-up, one of each (every timed run gets a database of its own).
  inPty(`run ${plan} --workers 16 --reporter dot --db first.db`);
  inPty(`run ${plan} --workers 16 --db warm.db`);
  const ui = [];
  const dot = [];
  for (let rep = 0; rep < REPS; rep++) {
    const dotDb = path.join(dir, `dot-${rep}.db`);
    const uiDb = path.join(dir, `ui-${rep}.db`);
    const kinds = [
      () => dot.push(inPty(`run ${plan} --workers 16 --reporter dot --db ${dotDb}`)),
      () => ui.push(inPty(`run ${plan} --workers 16 --db ${uiDb}`)),
    ];
    // Each kind goes first in every other rep, so that neither gains from the order.
    if (rep % 2) kinds.reverse();
    for (const run of kinds) run();
  }
  console.log(`tests: ${TESTS}, workers: 16, reps: ${REPS} (median), in a pseudo-terminal`);
  console.log(`live view:      ${ms(median(ui))}  (${ui.map(ms).join(', ')})`);
  console.log(`--reporter dot: ${ms(median(dot))}  (${dot.map(ms).join(', ')})`);
  console.log(`ratio: ${(median(ui) / median(dot)).toFixed(2)}`);
} finally {
  app.stop();
  rmSync(dir, { recursive: true, force: true });
}
