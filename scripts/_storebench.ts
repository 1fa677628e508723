import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openStore } from '../src/store/sqlite.js';
import type { RunEvent, TestRef, TestResult } from '../src/events/types.js';
const dir = mkdtempSync(path.join(os.tmpdir(), 'sb-'));
const store = openStore(path.join(dir, 'r.db'));
const run: RunEvent = { type: 'run:start', run: { id: 'r1', plans: [{ name: 'p', file: 'p.yaml' }], startedAt: Date.now(), total: 10000, workers: 16 } };
store.write(run);
const t0 = performance.now();
for (let i = 0; i < 10000; i++) {
  const test: TestRef = { id: `t${i}`, name: `get item ${i}`, type: 'api', plan: 'p', file: 'p.yaml', line: i + 4, column: 5, tags: [] };
  const result: TestResult = { status: 'passed', attempt: 0, willRetry: false, startedAt: Date.now(), durationMs: 3, checks: [{ name: 'status', ok: true, expected: 200, actual: 200 }], steps: [], metrics: [{ name: 'http_req_duration', value: 1.2, unit: 'ms', at: Date.now(), labels: { method: 'GET', status: '200' } }], artifacts: [] };
  store.write({ type: 'test:end', test, result });
}
const t1 = performance.now();
store.close();
console.log('10k test:end', (t1 - t0).toFixed(0), 'ms; close', (performance.now() - t1).toFixed(0), 'ms');
