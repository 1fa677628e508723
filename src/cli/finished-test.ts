// A stored result as the dashboard shows a finished test: a row of the history browser, and a passed test
// opened on the live dashboard, whose checks the run no longer holds by then.
import type { FinishedTest } from '../dashboard/index.js';
import { fromRecord, type ReportedTest } from '../reporters/reported-test.js';

export function finishedTestOf(t: ReportedTest, key: string): FinishedTest {
  const f: FinishedTest = {
    key, name: t.name, type: t.type, status: t.status, durationMs: t.durationMs,
    checks: t.checks, artifacts: t.artifacts.map((a) => a.path), metrics: t.metrics, where: `${t.file}:${t.line}`,
  };
  if (t.project) f.project = t.project;
  if (t.error) f.error = t.errorHint ? `${t.error}\n${t.errorHint}` : t.error;
  return f;
}

/**
 * A test of the run being shown, read back from the results database. `key` is the dashboard's: the test id,
 * then NUL and the project for a test of a browser matrix. Opened for one read: this happens when a person
 * opens a test, and the run's own writer keeps writing meanwhile (WAL lets a reader in).
 */
export async function readFinishedTest(db: string, runId: string, key: string): Promise<FinishedTest | undefined> {
  const [testId, project] = key.split('\u0000');
  const { openStore } = await import('../store/sqlite.js');
  const store = openStore(db);
  try {
    const r = store.result(runId, testId, project);
    return r && finishedTestOf(fromRecord(r), key);
  } finally {
    store.close();
  }
}
