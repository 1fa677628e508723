import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, runCliProcess, tempDir } from '../helpers/cli.js';
import { demoPortEnv } from '../helpers/ports.js';
import { queryDb } from '../helpers/db.js';

// Quick start line 1 of the README, as a user runs it; the plans start the demo app on the free port
// passed in DEMO_PORT (4010 when a user runs them).
describe('the quick start plans', () => {
  for (const plan of ['examples/quickstart.yaml', 'examples/quickstart.ts']) {
    it(`${plan} starts the demo app, passes, and is stored`, async () => {
      const db = path.join(tempDir(), 'results.db');
      const r = await runCliProcess(['run', plan, '--db', db], { cwd: repoRoot, env: await demoPortEnv() });
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

  it('examples/browser.yaml passes on both devices against its committed baselines, in CI mode', async () => {
    const db = path.join(tempDir(), 'results.db');
    // CI=1: a missing or different baseline fails instead of being written.
    const r = await runCliProcess(['run', 'examples/browser.yaml', '--db', db], { cwd: repoRoot, env: { ...(await demoPortEnv()), CI: '1' } });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const projects = queryDb<{ project: string; n: number }>(db, 'select project, count(*) as n from results group by project order by project');
    expect(projects).toEqual([{ project: 'chromium / Desktop Chrome', n: 5 }, { project: 'chromium / iPhone 13', n: 5 }]);
  });
});

