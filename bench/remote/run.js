// Benchmark: the api-runner plan (10,000 one-request tests) run locally with 2 workers, and on the
// orchestrator (aitest serve, BullMQ on a real redis-server) with 1 and then 2 `aitest worker` processes
// of 2 slots each, all on this machine, each timed as the whole `aitest run` (--remote) process.
// Prints throughput per worker, the orchestrator's memory over 20 runs (finished runs leave its memory: after
// each run a full garbage collection is asked through the inspector, then its RSS and live heap are read; the
// median RSS of the last 5 runs over that of the first 5, goal <= 1.2), and `ratio: remote_1worker/local`
// last. Goal: <= 1.3.
// usage: npm run build && node bench/remote/run.js [--tests 10000] [--reps 3]   (needs redis-server)
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { median, ms, numberArg, root, startDemoApp, timeProcess } from '../common.js';

const TESTS = numberArg('--tests', 10_000);
const REPS = numberArg('--reps', 3);
const SLOTS = 2;
const cli = path.join(root, 'bin/aitest.js');
const TOKEN = 'bench-token-0123456789abcdef';
const env = { ...process.env, AITEST_TOKENS: JSON.stringify({ [TOKEN]: ['admin'] }), NO_COLOR: '1' };

const freePort = () => new Promise((resolve) => {
  const s = net.createServer().listen(0, '127.0.0.1', () => {
    const { port } = s.address();
    s.close(() => resolve(port));
  });
});
/** A long-running process, resolved once its output matches `ready`. */
function start(cmd, args, ready, cwd) {
  const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    const on = (d) => {
      out += d;
      const m = ready.exec(out);
      if (m) resolve({ child, match: m, output: () => out });
    };
    child.stdout.on('data', on);
    child.stderr.on('data', on);
    child.once('exit', (code) => reject(new Error(`${cmd} ${args[0] ?? ''} exited ${code}: ${out}`)));
  });
}
const stop = (p) => new Promise((resolve) => {
  if (p.child.exitCode !== null) return resolve();
  p.child.once('exit', resolve);
  p.child.kill('SIGTERM');
});

/** A process's resident memory, MB (Linux). */
const rssMb = (pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;
/** The orchestrator through its inspector (the bench starts it with --inspect): a full GC, then its live heap, MB. */
function inspector(wsUrl) {
  const ws = new WebSocket(wsUrl);
  let id = 0;
  const waiting = new Map();
  ws.on('message', (d) => {
    const m = JSON.parse(String(d));
    waiting.get(m.id)?.(m.result);
    waiting.delete(m.id);
  });
  const call = (method, params = {}) => new Promise((resolve) => {
    waiting.set(++id, resolve);
    ws.send(JSON.stringify({ id, method, params }));
  });
  return {
    ready: new Promise((resolve) => ws.once('open', resolve)),
    async heapAfterGc() {
      await call('HeapProfiler.collectGarbage');
      const r = await call('Runtime.evaluate', { expression: 'process.memoryUsage().heapUsed', returnByValue: true });
      return r.result.value / 2 ** 20;
    },
    close: () => ws.close(),
  };
}
const RUNS_FOR_MEMORY = 20;

const dir = mkdtempSync(path.join(os.tmpdir(), 'aitest-bench-remote-'));
const app = await startDemoApp();
const redisPort = await freePort();
const redis = await start('redis-server', ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], /Ready to accept connections/i, dir);
const redisUrl = `redis://127.0.0.1:${redisPort}`;
const serve = await start(process.execPath, ['--inspect=127.0.0.1:0', cli, 'serve', '--redis', redisUrl, '--port', '0', '--db', 'orchestrator.db', '--rate-limit', '100000'], /listening on (http:\/\/\S+)/, dir);
const url = serve.match[1];
const inspect = inspector(/Debugger listening on (ws:\/\/\S+)/.exec(serve.output())[1]);
await inspect.ready;
const workers = [];
try {
  const lines = [`name: bench`, `baseUrl: ${app.url}`, `tests:`];
  for (let i = 0; i < TESTS; i++) lines.push(`  - { name: "get item ${i}", type: api, request: { url: /api/items/1 }, expect: { status: 200 } }`);
  const plan = path.join(dir, 'plan.yaml');
  writeFileSync(plan, `${lines.join('\n')}\n`);
  const local = () => timeProcess(process.execPath, [cli, 'run', plan, '--workers', String(SLOTS), '--reporter', 'dot', '--db', 'local.db'], { cwd: dir, env });
  const rss = [];
  const heap = [];
  const remote = async () => {
    const t = timeProcess(process.execPath, [cli, 'run', plan, '--remote', url, '--reporter', 'dot', '--db', 'remote.db'], { cwd: dir, env: { ...env, AITEST_TOKEN: TOKEN } });
    heap.push(await inspect.heapAfterGc());
    rss.push(rssMb(serve.child.pid));
    return t;
  };
  const addWorker = async () => workers.push(await start(process.execPath, [cli, 'worker', '--redis', redisUrl, '--concurrency', String(SLOTS)], /aitest worker/, dir));

  local(); // warm the server and the page cache
  const localTimes = [];
  for (let i = 0; i < REPS; i++) localTimes.push(local());
  await addWorker();
  await remote(); // warm the worker (executors loaded, connections open)
  const one = [];
  for (let i = 0; i < REPS; i++) one.push(await remote());
  await addWorker();
  await remote();
  const two = [];
  for (let i = 0; i < REPS; i++) two.push(await remote());
  while (rss.length < RUNS_FOR_MEMORY) await remote();
  const first = median(rss.slice(0, 5));
  const last = median(rss.slice(-5));

  const rate = (t) => TESTS / (t / 1000);
  console.log(`tests: ${TESTS}, ${SLOTS} slots per worker, reps: ${REPS} (median), orchestrator, workers, Redis and the demo app on ${os.availableParallelism()} cores`);
  console.log(`local, ${SLOTS} workers:        ${ms(median(localTimes))}  ${rate(median(localTimes)).toFixed(0)} tests/s`);
  console.log(`remote, 1 worker process:  ${ms(median(one))}  ${rate(median(one)).toFixed(0)} tests/s (${rate(median(one)).toFixed(0)} per worker)`);
  console.log(`remote, 2 worker processes: ${ms(median(two))}  ${rate(median(two)).toFixed(0)} tests/s (${(rate(median(two)) / 2).toFixed(0)} per worker)`);
  console.log(`orchestrator after each of ${rss.length} runs and a full GC, RSS (MB): ${rss.map((m) => m.toFixed(0)).join(' ')}`);
  console.log(`  live heap (MB): ${heap.map((m) => m.toFixed(0)).join(' ')}`);
  console.log(`memory: median of the last 5 runs ${last.toFixed(0)} MB / of the first 5 ${first.toFixed(0)} MB = ${(last / first).toFixed(2)} (goal <= 1.2)`);
  console.log(`ratio: ${(median(one) / median(localTimes)).toFixed(2)}`);
} finally {
  inspect.close();
  for (const w of workers) await stop(w);
  await stop(serve);
  await stop(redis);
  app.stop();
  rmSync(dir, { recursive: true, force: true });
}
