// Benchmark: 200 judge checks against a local OpenAI-format server that answers in 200 ms and allows 60
// requests a minute, refusing more with 429 and Retry-After. Prints wall time, calls, 429s received, a
// second run's calls (the verdict cache: should be 0), and `ratio: wall_time/ideal_time` last, where the
// ideal is the time the rate limit allows: the last window's calls start ⌈N/R⌉−1 minutes in, plus one reply.
// usage: npm run build && node bench/judge/run.js [--checks 200] [--rpm 60]
import { spawn } from 'node:child_process';
import http from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ms, numberArg, root } from '../common.js';

const CHECKS = numberArg('--checks', 200);
const RPM = numberArg('--rpm', 60);
const REPLY_MS = 200;
const cli = path.join(root, 'bin/aitest.js');

/** The vendor stand-in: a rolling one-minute window of RPM requests; more get 429 with Retry-After. */
function startLlm() {
  const started = [];
  const stats = { calls: 0, refused: 0 };
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      const now = Date.now();
      while (started.length && now - started[0] >= 60_000) started.shift();
      if (started.length >= RPM) {
        stats.refused++;
        const wait = Math.ceil((60_000 - (now - started[0])) / 1000);
        res.writeHead(429, { 'content-type': 'application/json', 'retry-after': String(wait) });
        res.end(JSON.stringify({ error: { message: 'Rate limit reached for requests', type: 'requests' } }));
        return;
      }
      started.push(now);
      stats.calls++;
      const model = JSON.parse(body).model;
      setTimeout(() => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({
          id: `c${stats.calls}`, object: 'chat.completion', created: Math.floor(now / 1000), model,
          choices: [{ index: 0, message: { role: 'assistant', content: '{"score": 0.9, "reasoning": "Fine.", "criteria": {}}' }, finish_reason: 'stop' }],
          usage: { prompt_tokens: 300, completion_tokens: 15, total_tokens: 315 },
        }));
      }, REPLY_MS);
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ url: `http://127.0.0.1:${server.address().port}/v1`, stats, close: () => server.close() })));
}

/** What is judged: a tiny app answering each question with its own text, so every prompt differs. */
function startApp() {
  const server = http.createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ reply: `Answer to ${req.url}: yes, within 30 days.` }));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ url: `http://127.0.0.1:${server.address().port}`, close: () => server.close() })));
}

function runAitest(dir) {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(process.execPath, [cli, 'run', 'plan.yaml', '--reporter', 'dot'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1', CI: '', OPENAI_API_KEY: 'sk-bench' } });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve({ ms: Number(process.hrtime.bigint() - t0) / 1e6, out }) : reject(new Error(`aitest exited ${code}:\n${out}`))));
  });
}

const dir = mkdtempSync(path.join(os.tmpdir(), 'aitest-judge-bench-'));
const llm = await startLlm();
const app = await startApp();
try {
  const tests = Array.from({ length: CHECKS }, (_, i) => `  - { name: "answer ${i}", type: api, request: { url: /q/${i} }, expect: { judge: { on: $.reply, rubric: States the 30-day window. } } }`);
  writeFileSync(path.join(dir, 'plan.yaml'), `name: judge bench\nbaseUrl: ${app.url}\ndefaults: { timeout: 30m }\njudge: { provider: openai, model: bench-model, baseUrl: "${llm.url}", rpm: ${RPM}, concurrency: 8 }\ntests:\n${tests.join('\n')}\n`);
  const first = await runAitest(dir);
  const calls = llm.stats.calls;
  const refused = llm.stats.refused;
  const second = await runAitest(dir);
  const ideal = (Math.ceil(CHECKS / RPM) - 1) * 60_000 + REPLY_MS;
  console.log(`${CHECKS} judge checks, server: ${REPLY_MS} ms per reply, ${RPM} requests/min (429 + Retry-After beyond)`);
  console.log(`first run: ${ms(first.ms)}, ${calls} calls, ${refused} answered 429; ideal (what the limit allows): ${ms(ideal)}`);
  console.log(`second run (verdict cache): ${ms(second.ms)}, ${llm.stats.calls - calls} calls`);
  console.log(`ratio: ${(first.ms / ideal).toFixed(2)}`);
} finally {
  llm.close();
  app.close();
  rmSync(dir, { recursive: true, force: true });
}
