// The threshold language of load tests, k6's: `http_req_duration{step:login}` → `p(95) < 200ms`.
// Parsed when the plan is validated (a typo is exit 2 with its line) and again by the load generator.

export type MetricKind = 'trend' | 'rate' | 'counter';

/** Metrics a threshold may name, and what kind of number each is. Trends are durations in ms. */
const LOAD_METRICS: Readonly<Record<string, MetricKind>> = {
  http_req_duration: 'trend',
  http_req_service_time: 'trend',
  iteration_duration: 'trend',
  http_req_failed: 'rate',
  checks: 'rate',
  http_reqs: 'counter',
  iterations: 'counter',
  dropped_iterations: 'counter',
  data_received: 'counter',
  data_sent: 'counter',
};

type Aggregation = { kind: 'p'; p: number } | { kind: 'avg' | 'med' | 'min' | 'max' | 'rate' | 'count' };
type Operator = '<' | '<=' | '>' | '>=' | '==' | '!=';

export interface Threshold {
  /** As written in the plan: `http_req_duration{step:login}`. */
  key: string;
  metric: string;
  kind: MetricKind;
  /** Only this step's samples (`{step:NAME}`); counters and rates of a step count its requests. */
  step?: string;
  /** As written: `p(95) < 200ms`. */
  source: string;
  agg: Aggregation;
  op: Operator;
  /** ms for trends, a ratio for rates, a count or a per-second rate for counters. */
  value: number;
}

export class ThresholdSyntaxError extends Error {
  constructor(message: string, readonly hint?: string) {
    super(message);
  }
}

const KEY = /^\s*([a-z_]+)\s*(?:\{\s*step\s*:\s*([^}]*?)\s*\})?\s*$/;
const EXPR = /^\s*(p\(\s*(\d+(?:\.\d+)?)\s*\)|avg|med|min|max|rate|count)\s*(<=|>=|==|!=|<|>)\s*(-?\d+(?:\.\d+)?)\s*(ms|s|m|%|\/s)?\s*$/;
const AGGS_BY_KIND: Record<MetricKind, string> = {
  trend: '`p(N)`, `avg`, `med`, `min` or `max`, e.g. `p(95) < 200ms`',
  rate: '`rate`, e.g. `rate < 0.01`',
  counter: '`count` or `rate` (per second), e.g. `count > 1000` or `rate > 100/s`',
};

/** Parses the metric key of a thresholds entry. */
export function parseThresholdKey(key: string): { metric: string; step?: string; kind: MetricKind } {
  const m = KEY.exec(key);
  const kind = m ? LOAD_METRICS[m[1]] : undefined;
  if (!m || !kind) {
    throw new ThresholdSyntaxError(`unknown load metric \`${key}\``, `Known metrics: ${Object.keys(LOAD_METRICS).join(', ')}; add \`{step:NAME}\` for one step.`);
  }
  if (m[2] !== undefined && m[2] === '') throw new ThresholdSyntaxError(`\`${key}\` names no step`, 'Write `{step:NAME}` with the step name, e.g. `http_req_duration{step:GET /api/items}`.');
  return m[2] === undefined ? { metric: m[1], kind } : { metric: m[1], step: m[2], kind };
}

/** Parses one condition for the metric `key`; throws ThresholdSyntaxError saying what to write instead. */
export function parseThreshold(key: string, source: string): Threshold {
  const { metric, step, kind } = parseThresholdKey(key);
  const m = EXPR.exec(source);
  if (!m) throw new ThresholdSyntaxError(`\`${source}\` is not a threshold condition`, `For ${metric} write ${AGGS_BY_KIND[kind]}.`);
  const [, aggText, pText, opText, valueText, unit] = m;
  const agg: Aggregation = pText !== undefined ? { kind: 'p', p: Number(pText) } : { kind: aggText as 'avg' };
  if (agg.kind === 'p' && (agg.p <= 0 || agg.p > 100)) throw new ThresholdSyntaxError(`\`${source}\`: a percentile is between 0 and 100`);
  const allowed = kind === 'trend' ? ['p', 'avg', 'med', 'min', 'max'] : kind === 'rate' ? ['rate'] : ['count', 'rate'];
  if (!allowed.includes(agg.kind)) throw new ThresholdSyntaxError(`\`${source}\` does not apply to ${metric}`, `For ${metric} write ${AGGS_BY_KIND[kind]}.`);
  let value = Number(valueText);
  if (kind === 'trend') {
    if (unit === '%' || unit === '/s') throw new ThresholdSyntaxError(`\`${source}\`: ${metric} is a duration`, 'Write it in ms, s or m, e.g. `p(95) < 200ms`.');
    value *= unit === 's' ? 1000 : unit === 'm' ? 60_000 : 1;
  } else if (kind === 'rate') {
    if (unit === '%') value /= 100;
    else if (unit !== undefined) throw new ThresholdSyntaxError(`\`${source}\`: ${metric} is a ratio between 0 and 1`, 'e.g. `rate < 0.01` or `rate < 1%`.');
  } else if (unit !== undefined && !(agg.kind === 'rate' && unit === '/s')) {
    throw new ThresholdSyntaxError(`\`${source}\`: ${metric} is a count`, 'e.g. `count > 1000`, or a per-second `rate > 100/s`.');
  }
  const t: Threshold = { key, metric, kind, source: source.trim(), agg, op: opText as Operator, value };
  if (step !== undefined) t.step = step;
  return t;
}

/** Whether `actual` satisfies the threshold. */
export function holds(t: Pick<Threshold, 'op' | 'value'>, actual: number): boolean {
  switch (t.op) {
    case '<': return actual < t.value;
    case '<=': return actual <= t.value;
    case '>': return actual > t.value;
    case '>=': return actual >= t.value;
    case '==': return actual === t.value;
    case '!=': return actual !== t.value;
  }
}
