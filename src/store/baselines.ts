// The recent past of each test of a run, for anomaly detection: its durations and metric values in the
// final results of earlier runs, newest first.
import type BetterSqlite3 from 'better-sqlite3';

export interface Baseline {
  durations: number[];
  /** `name unit {labels}` → values */
  metrics: Map<string, number[]>;
}

const FINAL = 'NOT EXISTS (SELECT 1 FROM results n WHERE n.run_id = h.run_id AND n.test_id = h.test_id AND n.attempt > h.attempt)';

/** Per `test_id` + project of the run's final results, up to `window` earlier results (skipped ones left out). */
export function baselines(db: BetterSqlite3.Database, runId: string, window: number): Map<string, Baseline> {
  const rows = db.prepare<[string, string], { key: string; id: number; duration_ms: number }>(`
    WITH cur AS (
      SELECT DISTINCT r.test_id, coalesce(r.project, '') AS project, r.started_at FROM results r WHERE r.run_id = ?
    )
    SELECT h.test_id || char(0) || coalesce(h.project, '') AS key, h.id, h.duration_ms
    FROM results h JOIN cur ON h.test_id = cur.test_id AND coalesce(h.project, '') = cur.project
    WHERE h.run_id != ? AND h.started_at < cur.started_at AND h.status != 'skipped' AND ${FINAL}
    ORDER BY h.started_at DESC, h.id DESC`).all(runId, runId);
  const out = new Map<string, Baseline>();
  const ids: number[] = [];
  const keyOf = new Map<number, string>();
  for (const row of rows) {
    let b = out.get(row.key);
    if (!b) out.set(row.key, (b = { durations: [], metrics: new Map() }));
    if (b.durations.length >= window) continue;
    b.durations.push(row.duration_ms);
    ids.push(row.id);
    keyOf.set(row.id, row.key);
  }
  if (ids.length === 0) return out;
  const metrics = db.prepare<[string], { result_id: number; name: string; unit: string; labels: string | null; value: number }>(
    'SELECT result_id, name, unit, labels, value FROM metrics WHERE result_id IN (SELECT value FROM json_each(?)) ORDER BY result_id DESC, id',
  ).all(JSON.stringify(ids));
  for (const m of metrics) {
    const b = out.get(keyOf.get(m.result_id)!)!;
    const k = `${m.name} ${m.unit} ${m.labels ?? ''}`;
    const list = b.metrics.get(k) ?? [];
    list.push(m.value);
    b.metrics.set(k, list);
  }
  return out;
}

/** The live metrics of a run (load ticks), by test id, in the order they came. */
export function liveSeries(db: BetterSqlite3.Database, runId: string): Map<string, { name: string; value: number; unit: string; labels?: Record<string, string>; at: number }[]> {
  const rows = db.prepare<[string], { test_id: string | null; name: string; value: number; unit: string; labels: string | null; at: number }>(
    'SELECT test_id, name, value, unit, labels, at FROM metrics WHERE run_id = ? AND result_id IS NULL ORDER BY id',
  ).all(runId);
  const out = new Map<string, { name: string; value: number; unit: string; labels?: Record<string, string>; at: number }[]>();
  for (const r of rows) {
    if (r.test_id === null) continue;
    const list = out.get(r.test_id) ?? [];
    list.push(r.labels === null ? { name: r.name, value: r.value, unit: r.unit, at: r.at } : { name: r.name, value: r.value, unit: r.unit, labels: JSON.parse(r.labels) as Record<string, string>, at: r.at });
    out.set(r.test_id, list);
  }
  return out;
}
