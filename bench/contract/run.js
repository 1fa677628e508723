// Benchmark: the demo app's OpenAPI document checked against the app with four injected faults
// (examples/demo-app/faults.js), by aitest's contract test and by Dredd, each timed as a whole process.
// A finding counts as a found fault when it appears against the faulty app but not the honest one.
// Prints operations checked, findings, faults found and times; `ratio: aitest_time/dredd_time` last.
// usage: npm run build && node bench/contract/run.js [--reps 3]
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { median, ms, numberArg, root, startDemoApp, timeProcess } from '../common.js';
import { largeSpec, startLargeSpecServer } from './large-spec.js';

const REPS = numberArg('--reps', 3);
// The large document: resources × 3 operations, for "thousands of operations load and expand in seconds".
const LARGE = numberArg('--large', 1000);
const SPEC = path.join(root, 'examples/demo-app/openapi.yaml');
// The operations faults.js breaks, as `METHOD /template`.
const FAULTS = ['GET /health', 'GET /api/items', 'GET /api/items/{id}', 'GET /api/users/{id}'];
const TEMPLATES = ['/api/items/{id}', '/api/users/{id}', '/api/items', '/api/users', '/api/login', '/api/me', '/api/slow', '/health'];
const cli = path.join(root, 'bin/aitest.js');
const dredd = path.join(root, 'node_modules/dredd/bin/dredd');
const strip = (s) => s.replace(/\x1b\[[0-9;]*m/g, '');

/** `/api/items/2?x=1` → `/api/items/{id}`: Dredd names transactions by the concrete URL. */
function template(p) {
  const bare = p.split('?')[0];
  return TEMPLATES.find((t) => new RegExp(`^${t.replace(/\{[^}]+\}/g, '[^/]+')}$`).test(bare)) ?? bare;
}

function aitestRun(dir, url, json) {
  const plan = path.join(dir, 'contract.yaml');
  writeFileSync(plan, `name: contract bench\ntests:\n  - name: contract\n    type: contract\n    spec: ${JSON.stringify(SPEC)}\n    server: ${url}\n    auth: { bearerAuth: { bearer: demo-token } }\n    timeout: 2m\n`);
  const args = [cli, 'run', plan, '--db', path.join(dir, 'r.db'), '--reporter', `json:${json}`];
  const t = (() => { const t0 = process.hrtime.bigint(); spawnSync(process.execPath, args, { cwd: dir, env: { ...process.env, CI: '', NO_COLOR: '1' } }); return Number(process.hrtime.bigint() - t0) / 1e6; })();
  // One result per operation, named `METHOD /path`.
  const results = JSON.parse(readFileSync(json, 'utf8')).tests;
  const findings = new Set(results.flatMap((r) => r.checks.filter((c) => !c.ok).map((c) => `${r.name} :: ${c.name}`)));
  return { ms: t, operations: results.length, findings };
}

function dreddRun(url) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [dredd, SPEC, url, '--header', 'Authorization: Bearer demo-token'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env: { ...process.env, NO_COLOR: '1' } });
  const elapsed = Number(process.hrtime.bigint() - t0) / 1e6;
  const findings = new Set();
  const transactions = new Set();
  let current;
  // A failed transaction's messages: the first on a `fail:` line, the others on the lines after it, up to a blank line.
  let inMessages = false;
  const add = (m) => findings.add(`${current} :: ${m.replace(/\d+ms/g, 'Nms')}`);
  for (const line of strip(`${r.stdout}\n${r.stderr}`).split('\n')) {
    const tx = /^(?:fail|pass|skip): (GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) \((\d+)\) (\S+)/.exec(line);
    if (tx) {
      current = `${tx[1]} ${template(tx[3])}`;
      transactions.add(`${tx[1]} ${tx[2]} ${tx[3]}`);
      inMessages = false;
      continue;
    }
    const msg = /^fail: (.+)$/.exec(line);
    if (msg && current) {
      add(msg[1]);
      inMessages = true;
    } else if (inMessages && line.trim() !== '') add(line.trim());
    else inMessages = false;
  }
  return { ms: elapsed, operations: transactions.size, findings };
}

/** Runs `cmd args` without blocking this process, whose event loop serves the large spec. */
function timeAsync(args, opts = {}) {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], ...opts });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ ms: Number(process.hrtime.bigint() - t0) / 1e6, code, out: strip(out) }));
  });
}

/** aitest and Dredd on a document of LARGE * 3 operations, against a server that implements it. */
async function largeRun(dir) {
  const server = await startLargeSpecServer();
  try {
    // Dredd needs an example for every path parameter; aitest reads one from the pattern, so it gets none.
    const ours = path.join(dir, 'large.json');
    const theirs = path.join(dir, 'large-with-examples.json');
    writeFileSync(ours, JSON.stringify(largeSpec(LARGE)));
    writeFileSync(theirs, JSON.stringify(largeSpec(LARGE, { examples: true })));
    const plan = path.join(dir, 'large.yaml');
    writeFileSync(plan, `name: large contract\ntests:\n  - name: contract\n    type: contract\n    spec: ${JSON.stringify(ours)}\n    server: ${server.url}\n    timeout: 10m\n`);
    const report = path.join(dir, 'large-report.json');
    const a = await timeAsync([cli, 'run', plan, '--db', path.join(dir, 'large.db'), '--reporter', `json:${report}`, '--reporter', 'dot'], { cwd: dir, env: { ...process.env, CI: '', NO_COLOR: '1' } });
    const summary = JSON.parse(readFileSync(report, 'utf8')).summary;
    const d = await timeAsync([dredd, theirs, server.url], { env: { ...process.env, NO_COLOR: '1' } });
    // Dredd's closing `complete:` line does not always reach a pipe before it exits; count its verdict lines.
    const verdicts = (word) => d.out.split('\n').filter((l) => new RegExp(`^${word}: (GET|POST) `).test(l)).length;
    const complete = `${verdicts('pass') + verdicts('fail')} transactions, ${verdicts('pass')} passed, ${verdicts('fail')} failed (exit ${d.code})`;
    return { a, summary, d, complete };
  } finally {
    await server.close();
  }
}

const found = (faulty, honest) => {
  const fresh = [...faulty.findings].filter((f) => !honest.findings.has(f));
  return { fresh, faults: FAULTS.filter((op) => fresh.some((f) => f.startsWith(`${op} ::`))) };
};

const dir = mkdtempSync(path.join(os.tmpdir(), 'aitest-contract-bench-'));
const honestApp = await startDemoApp();
const faultyApp = await startDemoApp(['--faults']);
try {
  const aHonest = aitestRun(dir, honestApp.url, path.join(dir, 'honest.json'));
  const dHonest = dreddRun(honestApp.url);
  const aTimes = [];
  const dTimes = [];
  let aFaulty;
  let dFaulty;
  for (let i = 0; i < REPS; i++) {
    dFaulty = dreddRun(faultyApp.url);
    dTimes.push(dFaulty.ms);
    aFaulty = aitestRun(dir, faultyApp.url, path.join(dir, 'faulty.json'));
    aTimes.push(aFaulty.ms);
  }
  const a = found(aFaulty, aHonest);
  const d = found(dFaulty, dHonest);
  console.log(`spec: examples/demo-app/openapi.yaml, faults injected: ${FAULTS.length} (${FAULTS.join(', ')}), reps: ${REPS} (median)`);
  console.log(`aitest: ${aFaulty.operations} operations checked; against the honest app ${aHonest.findings.size} findings; new against the faulty app ${a.fresh.length}; faults found ${a.faults.length}/${FAULTS.length}; ${ms(median(aTimes))}`);
  for (const f of a.fresh) console.log(`  aitest  ${f}`);
  console.log(`dredd:  ${dFaulty.operations} transactions checked; against the honest app ${dHonest.findings.size} findings; new against the faulty app ${d.fresh.length}; faults found ${d.faults.length}/${FAULTS.length}; ${ms(median(dTimes))}`);
  for (const f of d.fresh) console.log(`  dredd   ${f}`);
  const large = await largeRun(dir);
  console.log(`large spec: ${LARGE * 3} operations over ${LARGE + 3} schemas (allOf, $ref), against a server that implements it`);
  console.log(`  aitest: ${large.summary.total} results, ${large.summary.passed} passed; ${ms(large.a.ms)} for the whole run (load, expand, ${LARGE * 3} requests, checks)`);
  console.log(`  dredd:  ${large.complete}; ${ms(large.d.ms)}`);
  console.log(`ratio: ${(median(aTimes) / median(dTimes)).toFixed(2)}`);
} finally {
  honestApp.stop();
  faultyApp.stop();
  rmSync(dir, { recursive: true, force: true });
}
