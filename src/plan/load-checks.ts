// Checks on a load test that its schema can't make: the fields its workload model needs (and only those),
// thresholds that parse and name a metric and a step that exist.
import type { PlanPath } from './plan-path.js';
import { parseThreshold, parseThresholdKey, ThresholdSyntaxError } from './threshold-syntax.js';

// plan-checks' Report, spelt out here: importing it would be an import cycle (plan-checks lists this check).
type Report = (path: PlanPath, message: string, hint?: string) => void;

type Model = 'constant-vus' | 'ramping-vus' | 'constant-arrival-rate' | 'ramping-arrival-rate';

// What each model reads; anything else of these is a mistake (it would be silently ignored).
const MODEL_FIELDS: Record<Model, { needs: string[][]; allows: string[]; example: string }> = {
  'constant-vus': { needs: [['vus'], ['duration', 'iterations']], allows: ['vus', 'duration', 'iterations'], example: '`vus: 10` and `duration: 30s`' },
  'ramping-vus': { needs: [['stages']], allows: ['stages', 'startVUs'], example: '`stages: [{ duration: 30s, target: 20 }]`' },
  'constant-arrival-rate': {
    needs: [['rate'], ['duration'], ['preAllocatedVUs', 'maxVUs']],
    allows: ['rate', 'timeUnit', 'duration', 'preAllocatedVUs', 'maxVUs'],
    example: '`rate: 100`, `duration: 30s` and `preAllocatedVUs: 20`',
  },
  'ramping-arrival-rate': {
    needs: [['stages'], ['preAllocatedVUs', 'maxVUs']],
    allows: ['stages', 'startRate', 'timeUnit', 'preAllocatedVUs', 'maxVUs'],
    example: '`stages: [{ duration: 30s, target: 200 }]` and `preAllocatedVUs: 50`',
  },
};
const MODEL_SPECIFIC = ['vus', 'startVUs', 'duration', 'iterations', 'stages', 'rate', 'startRate', 'timeUnit', 'preAllocatedVUs', 'maxVUs'];

/** A load step's name: its own, or `METHOD url` as written (templates unresolved), as api steps are titled. */
export function loadStepName(step: { name?: string; request?: { method?: string; url?: string } }): string {
  return step.name ?? `${step.request?.method ?? 'GET'} ${step.request?.url ?? ''}`;
}

export function checkLoadTest(test: Record<string, unknown>, path: PlanPath, report: Report): void {
  const model = (typeof test.executor === 'string' ? test.executor : 'constant-vus') as Model;
  const fields = MODEL_FIELDS[model];
  if (fields) {
    for (const alternatives of fields.needs) {
      if (alternatives.every((f) => test[f] === undefined)) {
        report(path, `a ${model} load test needs ${alternatives.map((f) => `\`${f}\``).join(' or ')}`, `e.g. ${fields.example}.`);
      }
    }
    for (const f of MODEL_SPECIFIC) {
      if (test[f] !== undefined && !fields.allows.includes(f)) {
        const owners = (Object.keys(MODEL_FIELDS) as Model[]).filter((m) => MODEL_FIELDS[m].allows.includes(f));
        report([...path, f], `\`${f}\` is not used by ${model}`, `It belongs to ${owners.join(' and ')}; set \`executor\` to one of them or remove it.`);
      }
    }
    const pre = test.preAllocatedVUs;
    if (typeof pre === 'number' && typeof test.maxVUs === 'number' && test.maxVUs < pre) {
      report([...path, 'maxVUs'], `is below preAllocatedVUs (${pre})`, 'maxVUs is the most VUs ever, preallocated ones included.');
    }
  }
  if (test.thresholds !== null && typeof test.thresholds === 'object') checkThresholds(test, path, report);
  // Thousands of iterations a second are no place for a model's verdict.
  if (Array.isArray(test.scenario)) {
    test.scenario.forEach((s, i) => {
      const e = (s as { expect?: { judge?: unknown } } | null)?.expect;
      if (e?.judge !== undefined) report([...path, 'scenario', i, 'expect', 'judge'], '`judge` is not available in load tests', 'Judge the answer in an api test; a load test counts status and timing checks.');
    });
  }
}

function checkThresholds(test: Record<string, unknown>, path: PlanPath, report: Report): void {
  const steps = Array.isArray(test.scenario) ? test.scenario.map((s) => loadStepName(s as never)) : [];
  for (const [key, conditions] of Object.entries(test.thresholds as Record<string, unknown>)) {
    const at: PlanPath = [...path, 'thresholds', key];
    let step: string | undefined;
    try {
      step = parseThresholdKey(key).step;
    } catch (e) {
      if (!(e instanceof ThresholdSyntaxError)) throw e;
      report(at, e.message, e.hint);
      continue;
    }
    if (step !== undefined && !steps.includes(step)) {
      report(at, `no step is named \`${step}\``, `Steps: ${steps.map((s) => `\`${s}\``).join(', ')} (a step's \`name\`, else METHOD url).`);
    }
    if (!Array.isArray(conditions)) continue;
    conditions.forEach((c, i) => {
      const source = typeof c === 'string' ? c : c !== null && typeof c === 'object' ? (c as { threshold?: unknown }).threshold : undefined;
      if (typeof source !== 'string') return;
      try {
        parseThreshold(key, source);
      } catch (e) {
        if (!(e instanceof ThresholdSyntaxError)) throw e;
        report(typeof c === 'string' ? [...at, i] : [...at, i, 'threshold'], e.message, e.hint);
      }
    });
  }
}
