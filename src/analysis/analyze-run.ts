// A stored run, analysed without a model: its quality score and the anomalies against each test's history.
import type { RunEvent } from '../events/types.js';
import { createAssessment, type QualityScore } from '../reporters/assessment.js';
import type { Baseline } from '../store/baselines.js';
import type { ResultRecord } from '../store/types.js';
import { deviation, type Anomaly } from './anomalies.js';

export interface RunAnalysis {
  quality?: QualityScore;
  anomalies: Anomaly[];
}

/** A stored result as the test:end event it was, for code that folds events (the quality score). */
export function asEvent(r: ResultRecord): RunEvent {
  return {
    type: 'test:end',
    test: { id: r.testId, name: r.name, type: r.type, plan: r.plan, file: r.file, line: r.line, column: r.column ?? 1, tags: r.tags ?? [] },
    result: { status: r.status, attempt: r.attempt, willRetry: false, startedAt: r.startedAt, durationMs: r.durationMs, checks: r.checks, steps: r.steps, metrics: r.metrics, artifacts: r.artifacts },
  };
}

const labelText = (labels: Record<string, string> | undefined): string => (labels ? JSON.stringify(labels) : '');

export function analyzeRun(results: ResultRecord[], history: Map<string, Baseline>, sigma: number): RunAnalysis {
  const assessment = createAssessment();
  for (const r of results) assessment.onEvent(asEvent(r));
  const anomalies: Anomaly[] = [];
  for (const r of results) {
    if (r.status === 'skipped') continue;
    const past = history.get(`${r.testId}\u0000${r.project ?? ''}`);
    if (!past) continue;
    const shown = r.project ? `${r.name} [${r.project}]` : r.name;
    const d = deviation(r.durationMs, past.durations, sigma);
    if (d) anomalies.push({ test: shown, what: 'duration (ms)', ...d });
    for (const m of r.metrics) {
      const values = past.metrics.get(`${m.name} ${m.unit} ${labelText(m.labels)}`);
      const md = values ? deviation(m.value, values, sigma) : undefined;
      if (md) anomalies.push({ test: shown, what: `${m.name}${m.labels ? ` ${labelText(m.labels)}` : ''} (${m.unit})`, ...md });
    }
  }
  anomalies.sort((a, b) => Math.abs(b.sigmas) - Math.abs(a.sigmas));
  const quality = assessment.result();
  return quality ? { quality, anomalies } : { anomalies };
}
