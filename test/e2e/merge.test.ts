// Sharded CI without a cluster: each shard writes a blob (--shard i/n --reporter blob:DIR), `aitest merge`
// puts them together; the merged run equals the unsharded one, in the store and in the reports.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { runCliProcess, tempDir } from '../helpers/cli.js';
import { queryDb } from '../helpers/db.js';
import { readReport, useDemoApp } from '../helpers/report.js';

const demo = useDemoApp();

function plan(): string {
  const tests = Array.from({ length: 12 }, (_, i) => i % 5 === 4
    ? `  - { name: "teapot ${i}", type: api, request: { url: /health }, expect: { status: 418 } }`
    : `  - { name: "health ${i}", type: api, request: { url: /health }, expect: { status: 200 } }`);
  return `name: sharded\nbaseUrl: ${demo.app.url}\ntests:\n${tests.join('\n')}\n`;
}
const outcome = (dir: string, file: string) => readReport(dir, file).map((t) => `${t.name}: ${t.status}`).sort();

it('shards 1..3 merged equal the unsharded run: same results, one stored run, one exit code', async () => {
  const dir = tempDir({ 'plan.yaml': plan() });
  const whole = await runCliProcess(['run', 'plan.yaml', '--reporter', 'json:whole.json', '--db', 'whole.db'], { cwd: dir });
  expect(whole.code).toBe(1);
  for (let i = 1; i <= 3; i++) {
    const shard = await runCliProcess(['run', 'plan.yaml', '--shard', `${i}/3`, '--reporter', 'dot', '--reporter', 'blob:blobs', '--db', `shard-${i}.db`], { cwd: dir });
    expect([0, 1]).toContain(shard.code);
  }
  expect(readdirSync(path.join(dir, 'blobs')).filter((f) => f.endsWith('.ndjson'))).toHaveLength(3);

  const merged = await runCliProcess(['merge', 'blobs', '-o', 'merged.json', '--reporter', 'junit:merged.xml', '--db', 'merged.db'], { cwd: dir });
  expect(merged.stderr).toBe('');
  expect(merged.code).toBe(1);
  expect(outcome(dir, 'merged.json')).toEqual(outcome(dir, 'whole.json'));
  expect(outcome(dir, 'merged.json')).toHaveLength(12);
  const junit = readFileSync(path.join(dir, 'merged.xml'), 'utf8');
  expect(junit).toMatch(/<testsuites[^>]* tests="12" failures="2"/);

  const runs = queryDb<{ total: number; passed: number; failed: number; status: string; shard: string | null }>(path.join(dir, 'merged.db'), 'select total, passed, failed, status, shard from runs');
  expect(runs).toEqual([{ total: 12, passed: 10, failed: 2, status: 'failed', shard: null }]);
  expect(queryDb<{ n: number }>(path.join(dir, 'merged.db'), 'select count(*) n from results')).toEqual([{ n: 12 }]);
}, 120_000);

it('refuses a split with a shard missing, naming it, exit 2', async () => {
  const dir = tempDir({ 'plan.yaml': plan() });
  for (const i of [1, 3]) await runCliProcess(['run', 'plan.yaml', '--shard', `${i}/3`, '--reporter', 'blob:blobs', '--db', 'r.db'], { cwd: dir });
  const merged = await runCliProcess(['merge', 'blobs', '--db', 'merged.db'], { cwd: dir });
  expect(merged.code).toBe(2);
  expect(merged.stderr).toContain('Shard 2/3 missing');
  expect(merged.stderr).not.toMatch(/\n\s+at /);
}, 60_000);

it('keeps what a shard finished when it was killed mid-write: the run is merged as interrupted', async () => {
  const dir = tempDir({ 'plan.yaml': plan() });
  await runCliProcess(['run', 'plan.yaml', '--reporter', 'blob:blobs', '--db', 'r.db'], { cwd: dir });
  const [file] = readdirSync(path.join(dir, 'blobs'));
  const blob = path.join(dir, 'blobs', file);
  // Cut the file as a SIGKILL mid-write would: no run:end, half a line at the end.
  const lines = readFileSync(blob, 'utf8').split('\n').filter(Boolean);
  const kept = lines.filter((l) => !l.includes('"run:end"')).slice(0, 6);
  writeFileSync(blob, `${kept.join('\n')}\n{"type":"test:end","te`);
  const merged = await runCliProcess(['merge', 'blobs', '-o', 'merged.json', '--db', 'merged.db'], { cwd: dir });
  expect(merged.code).toBe(130);
  const report = JSON.parse(readFileSync(path.join(dir, 'merged.json'), 'utf8')) as { run: { status: string }; tests: unknown[] };
  expect(report.run.status).toBe('interrupted');
  expect(report.tests.length).toBe(kept.filter((l) => l.includes('"test:end"')).length);
}, 60_000);
