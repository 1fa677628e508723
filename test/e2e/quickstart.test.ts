import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, runCliProcess, tempDir } from '../helpers/cli.js';
import { queryDb } from '../helpers/db.js';

// Quick start line 1 of the README, as a user runs it (the plans start the demo app on port 4010).
// Sequential in one file: both plans use the same port.
describe('the quick start plans', () => {
  for (const plan of ['examples/quickstart.yaml', 'examples/quickstart.ts']) {
    it(`${plan} starts the demo app, passes, and is stored`, async () => {
      const db = path.join(tempDir(), 'results.db');
      const r = await runCliProcess(['run', plan, '--db', db], { cwd: repoRoot });
      expect(r.code, r.stdout + r.stderr).toBe(0);
      expect(r.stdout).toMatch(/\d+ passed/);
      expect(r.stdout).not.toMatch(/failed/);
      const [run] = queryDb<{ status: string; n: number }>(db, 'select status, (select count(*) from results) as n from runs');
      expect(run.status).toBe('passed');
      expect(run.n).toBeGreaterThanOrEqual(4);
      const checks = queryDb<{ n: number }>(db, 'select count(*) as n from checks where ok = 1');
      expect(checks[0].n).toBeGreaterThan(5);
    });
  }
});
