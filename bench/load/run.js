// Benchmark: aitest's load generator against wrk and autocannon, each for --seconds at 50 connections,
// generators pinned to one core and the target to the other (taskset), against two targets: nginx serving
// a small JSON file (the generator is the bottleneck) and a plain Node HTTP server (the target is). Then an
// open-model run at a fixed rate near the Node server's limit, and a 60 s run watching aitest's memory.
// Prints RPS, p50 and p99 for each; `ratio: aitest_rps/autocannon_rps` (nginx target) last.
// Needs Debian's wrk and nginx-light: apt-get install -y wrk nginx-light
// usage: npm run build && node bench/load/run.js [--seconds 10] [--memory-seconds 60]
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { numberArg, root } from '../common.js';

const SECONDS = numberArg('--seconds', 10);
const MEMORY_SECONDS = numberArg('--memory-seconds', 60);
const CONNECTIONS = 50;
const TARGET_CPU = '0';
const GENERATOR_CPU = '1';
const cli = path.join(root, 'bin/aitest.js');
const autocannon = path.join(root, 'node_modules/autocannon/autocannon.js');
const dir = mkdtempSync(path.join(os.tmpdir(), 'aitest-load-bench-'));
const BODY = JSON.stringify({ id: 1, name: 'Mechanical keyboard', price: 89.9, currency: 'EUR', inStock: true });

for (const tool of ['wrk', 'nginx', 'taskset']) {
  if (spawnSync('sh', ['-c', `command -v ${tool} || test -x /usr/sbin/${tool}`]).status !== 0) {
    console.error(`bench/load needs ${tool}: apt-get install -y wrk nginx-light util-linux`);
    process.exit(2);
  }
}

/** Starts `cmd` pinned to `cpu`; resolves once `ready()` (a probe) succeeds. */
async function startPinned(cpu, cmd, args, url) {
  const child = spawn('taskset', ['-c', cpu, cmd, ...args], { stdio: ['ignore', 'ignore', 'inherit'] });
  for (let i = 0; i < 100; i++) {
    try {
      const res = await fetch(url);
      await res.text();
      if (res.ok) return child;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill();
  throw new Error(`${cmd} did not come up at ${url}`);
}

async function startNginx(port) {
  writeFileSync(path.join(dir, 'item.json'), BODY);
  const conf = path.join(dir, 'nginx.conf');
  writeFileSync(conf, `worker_processes 1;
daemon off;
pid ${dir}/nginx.pid;
error_log stderr error;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 1000000;
  client_body_temp_path ${dir}; proxy_temp_path ${dir}; fastcgi_temp_path ${dir}; uwsgi_temp_path ${dir}; scgi_temp_path ${dir};
  server {
    listen 127.0.0.1:${port};
    location / { root ${dir}; default_type application/json; }
  }
}
`);
  return startPinned(TARGET_CPU, '/usr/sbin/nginx', ['-c', conf, '-p', dir], `http://127.0.0.1:${port}/item.json`);
}

async function startNodeServer(port) {
  const file = path.join(dir, 'server.cjs');
  writeFileSync(file, `require('node:http').createServer((req, res) => { res.writeHead(200, { 'content-type': 'application/json' }); res.end(${JSON.stringify(BODY)}); }).listen(${port}, '127.0.0.1');\n`);
  return startPinned(TARGET_CPU, process.execPath, [file], `http://127.0.0.1:${port}/item.json`);
}

const pinned = (cmd, args) => spawnSync('taskset', ['-c', GENERATOR_CPU, cmd, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });

function parseWrkMs(text) {
  const m = /^([\d.]+)(us|ms|s)$/.exec(text);
  return m ? Number(m[1]) * (m[2] === 'us' ? 0.001 : m[2] === 's' ? 1000 : 1) : NaN;
}

function runWrk(url) {
  const r = pinned('wrk', ['-t1', `-c${CONNECTIONS}`, `-d${SECONDS}s`, '--latency', url]);
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(r.stdout)?.[1]);
  return { rps, p50: parseWrkMs(/\s50%\s+(\S+)/.exec(r.stdout)?.[1] ?? ''), p99: parseWrkMs(/\s99%\s+(\S+)/.exec(r.stdout)?.[1] ?? '') };
}

function runAutocannon(url) {
  const r = pinned(process.execPath, [autocannon, '-c', String(CONNECTIONS), '-d', String(SECONDS), '--json', url]);
  const j = JSON.parse(r.stdout);
  return { rps: j.requests.total / (j.duration || SECONDS), p50: j.latency.p50, p99: j.latency.p99 };
}

function aitestPlan(name, url, body) {
  const plan = path.join(dir, `${name}.yaml`);
  writeFileSync(plan, `name: load bench\ntests:\n  - name: ${name}\n    type: load\n${body}    scenario:\n      - request: { url: "${url}" }\n`);
  return plan;
}

function aitestReport(plan, extraEnv = {}) {
  const report = path.join(dir, `${path.basename(plan, '.yaml')}.json`);
  const r = pinned(process.execPath, [cli, 'run', plan, '--db', path.join(dir, 'results.db'), '--reporter', `json:${report}`, '--reporter', 'dot']);
  if (r.status !== 0 && r.status !== 1) throw new Error(`aitest exited ${r.status}: ${r.stdout}\n${r.stderr}`);
  const [t] = JSON.parse(readFileSync(report, 'utf8')).tests;
  const m = (name, unit, stat) => t.metrics.find((x) => x.name === name && x.unit === unit && (stat ? x.labels?.stat === stat : !x.labels))?.value;
  return { rps: m('http_reqs', '/s'), p50: m('http_req_duration', 'ms', 'med'), p99: m('http_req_duration', 'ms', 'p(99)'), service99: m('http_req_service_time', 'ms', 'p(99)'), iterations: m('iterations', 'count'), dropped: m('dropped_iterations', 'count'), failed: m('http_req_failed', 'ratio') };
}

function runAitest(url) {
  return aitestReport(aitestPlan(`closed-${Date.now()}`, url, `    vus: ${CONNECTIONS}\n    connections: ${CONNECTIONS}\n    duration: ${SECONDS}s\n`));
}

const row = (name, r) => `  ${name.padEnd(12)} ${r.rps.toFixed(0).padStart(7)} req/s   p50 ${r.p50.toFixed(2).padStart(6)} ms   p99 ${r.p99.toFixed(2).padStart(6)} ms`;

/** Resident memory of a process, in MB (Linux). */
function rssMb(pid) {
  try {
    const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
    return kb / 1024;
  } catch {
    return NaN;
  }
}

async function memoryRun(url) {
  const plan = aitestPlan('memory', url, `    vus: ${CONNECTIONS}\n    duration: ${MEMORY_SECONDS}s\n`);
  const child = spawn('taskset', ['-c', GENERATOR_CPU, process.execPath, cli, 'run', plan, '--db', path.join(dir, 'memory.db'), '--reporter', 'dot'], { stdio: 'ignore' });
  const samples = [];
  const timer = setInterval(() => samples.push(rssMb(child.pid)), 1000);
  await new Promise((r) => child.on('exit', r));
  clearInterval(timer);
  return samples.filter((x) => Number.isFinite(x));
}

const results = {};
let nginx;
let node;
try {
  nginx = await startNginx(18080);
  node = await startNodeServer(18081);
  for (const [target, url] of [['nginx', 'http://127.0.0.1:18080/item.json'], ['node', 'http://127.0.0.1:18081/item.json']]) {
    // A short warm-up so neither the target's nor the OS's caches favour whoever runs first.
    pinned('wrk', ['-t1', '-c10', '-d1s', url]);
    results[target] = { wrk: runWrk(url), autocannon: runAutocannon(url), aitest: runAitest(url) };
    console.log(`target ${target} (${url}), ${SECONDS} s, ${CONNECTIONS} connections, generator on CPU ${GENERATOR_CPU}, target on CPU ${TARGET_CPU}:`);
    for (const tool of ['wrk', 'autocannon', 'aitest']) console.log(row(tool, results[target][tool]));
  }
  // Open model at 60 % of what autocannon reached on the Node server: a rate it serves with room to spare,
  // so a shortfall is the generator's.
  const rate = Math.round((results.node.autocannon.rps * 0.6) / 100) * 100;
  const open = aitestReport(aitestPlan('open', 'http://127.0.0.1:18081/item.json', `    executor: constant-arrival-rate\n    rate: ${rate}\n    duration: ${SECONDS}s\n    preAllocatedVUs: ${CONNECTIONS}\n    maxVUs: 2000\n    connections: ${CONNECTIONS}\n`));
  const achieved = open.iterations / SECONDS;
  console.log(`open model, node target, constant-arrival-rate ${rate}/s for ${SECONDS} s: ${open.iterations} iterations (${achieved.toFixed(0)}/s, ${(((achieved - rate) / rate) * 100).toFixed(2)} % off target), dropped ${open.dropped}, p50 ${open.p50.toFixed(2)} ms, p99 ${open.p99.toFixed(2)} ms (service time p99 ${open.service99.toFixed(2)} ms)`);
  if (MEMORY_SECONDS > 0) {
    const rss = await memoryRun('http://127.0.0.1:18080/item.json');
    const early = rss[Math.min(9, rss.length - 1)];
    const late = rss.at(-2) ?? rss.at(-1);
    console.log(`memory, ${MEMORY_SECONDS} s closed run on nginx: RSS at 10 s ${early.toFixed(0)} MB, at the end ${late.toFixed(0)} MB, peak ${Math.max(...rss).toFixed(0)} MB`);
  }
  console.log(`ratio: ${(results.nginx.aitest.rps / results.nginx.autocannon.rps).toFixed(2)}`);
} finally {
  // Wait for both to exit before their folder goes (nginx removes its pid file on the way out).
  await Promise.all([nginx, node].filter(Boolean).map((child) => new Promise((r) => { child.once('exit', r); child.kill(); })));
  rmSync(dir, { recursive: true, force: true });
}
