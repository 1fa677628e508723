import Database from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openStore } from '../src/store/sqlite.js';
for (const mode of ['per-test', 'per-test-ckpt', 'per-test-sync-off', 'per-test-ckpt-noidx']) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sb-'));
  const file = path.join(dir, 'r.db');
  openStore(file).close();
  const db = new Database(file);
  db.pragma('journal_mode = WAL'); db.pragma(mode.endsWith('sync-off') ? 'synchronous = OFF' : 'synchronous = NORMAL'); db.pragma('foreign_keys = ON');
  if (mode.includes('ckpt')) db.pragma('wal_autocheckpoint = 20000');
  if (mode.endsWith('noidx')) { db.exec('drop index results_name; drop index results_run; drop index metrics_run; drop index metrics_result'); }
  db.prepare(`INSERT INTO runs (id, plans, started_at, status, total, workers) VALUES ('r1','[]',0,'running',0,1)`).run();
  const ins = db.prepare(`INSERT INTO results (run_id, test_id, name, type, plan, file, line, col, project, tags, status, attempt, will_retry, started_at, duration_ms, error, error_hint, error_stack, skip_reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const chk = db.prepare('INSERT INTO checks (result_id, seq, step, name, ok, expected, actual, message) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  const met = db.prepare(`INSERT INTO metrics (run_id, result_id, test_id, attempt, name, value, unit, labels, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const one = (i: number) => {
    const id = Number(ins.run('r1', `t${i}`, `get item ${i}`, 'api', 'p', 'p.yaml', i, 5, null, null, 'passed', 0, 0, Date.now(), 3, null, null, null, null).lastInsertRowid);
    chk.run(id, 0, null, 'status', 1, '200', '200', null);
    met.run('r1', id, `t${i}`, 0, 'http_req_duration', 1.2, 'ms', '{"method":"GET"}', Date.now());
  };
  const tx = db.transaction(one);
  const batch = db.transaction((is: number[]) => is.forEach(one));
  const t0 = performance.now();
  if (mode === 'batch16') for (let i = 0; i < 10000; i += 16) batch(Array.from({ length: 16 }, (_, k) => i + k));
  else for (let i = 0; i < 10000; i++) tx.immediate(i);
  console.log(mode, (performance.now() - t0).toFixed(0), 'ms');
  db.close();
}
