// A load test's `thresholds` as rules the engine and the merge of distributed parts judge.
import { parseDuration } from '../../plan/duration.js';
import { parseThreshold } from '../../plan/threshold-syntax.js';
import type { LoadTestSpec } from '../../plan/types.js';
import type { ThresholdRule } from './summary.js';

/** Parses a load test's `thresholds` (already validated with the plan). */
export function thresholdRules(spec: LoadTestSpec): ThresholdRule[] {
  const rules: ThresholdRule[] = [];
  for (const [key, list] of Object.entries(spec.thresholds ?? {})) {
    for (const t of list) {
      const source = typeof t === 'string' ? t : t.threshold;
      rules.push({
        threshold: parseThreshold(key, source),
        abortOnFail: typeof t === 'object' && t.abortOnFail === true,
        delayAbortEvalMs: typeof t === 'object' && t.delayAbortEval !== undefined ? parseDuration(t.delayAbortEval) : 0,
      });
    }
  }
  return rules;
}
