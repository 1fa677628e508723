// Checks a schema can't express: one of request/steps (request/graphql in a step, query/mutation), unique test names, where functions may appear.
import type { TestType } from '../events/types.js';
import { describeValue } from './describe-schema.js';
import { checkLoadTest } from './load-checks.js';
import { formatPath, type PlanPath } from './plan-path.js';

export type Report = (path: PlanPath, message: string, hint?: string) => void;
type TestCheck = (test: Record<string, unknown>, path: PlanPath, report: Report) => void;

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Per-type checks run after a test matched its schema; a new test type adds its line here. */
export const testChecks: Partial<Record<TestType, TestCheck>> = {
  api: checkApiTest,
  graphql: checkGraphqlOperation,
  websocket: checkWebSocketTest,
  // Every browser test may have ui steps, and so an `evaluate` that must be a function.
  ui: checkUiTest,
  visual: checkUiTest,
  accessibility: checkUiTest,
  performance: checkUiTest,
  contract: checkContractTest,
  load: checkLoadTest,
};

/** A contract check that needs an option to have anything to check is a mistake, not a silent no-op. */
function checkContractTest(test: Record<string, unknown>, path: PlanPath, report: Report): void {
  if (!Array.isArray(test.checks)) return;
  test.checks.forEach((name, j) => {
    if (name === 'negative_data_rejection' && test.negative !== true) {
      report([...path, 'checks', j], '`negative_data_rejection` needs `negative: true`', 'Negative requests are sent only with `negative: true`.');
    } else if (name === 'max_duration' && test.maxDuration === undefined) {
      report([...path, 'checks', j], '`max_duration` needs `maxDuration`', 'e.g. `maxDuration: 2s`.');
    }
  });
}

function checkUiTest(test: Record<string, unknown>, path: PlanPath, report: Report): void {
  if (!Array.isArray(test.steps)) return;
  test.steps.forEach((s, j) => {
    if (!isPlainObject(s) || s.evaluate === undefined || typeof s.evaluate === 'function') return;
    report([...path, 'steps', j, 'evaluate'], `must be a function; got ${describeValue(s.evaluate)}`, '`evaluate` runs code against the page, so it works only in TypeScript plans (.ts): `evaluate: async ({ page }) => { … }`.');
  });
}

function checkApiTest(test: Record<string, unknown>, path: PlanPath, report: Report): void {
  const hasRequest = test.request !== undefined;
  const hasSteps = test.steps !== undefined;
  if (hasRequest && hasSteps) {
    report(path, 'has both `request` and `steps`', 'Use `request` for one call, or `steps` for several calls in order; not both.');
  } else if (!hasRequest && !hasSteps) {
    report(path, 'needs a `request` (one call) or `steps` (several calls in order)', 'e.g. `request: { method: GET, url: /health }`');
  }
  if (hasSteps) {
    for (const key of ['expect', 'capture', 'check']) {
      if (test[key] !== undefined) report([...path, key], `goes inside each step when a test has \`steps\``, `Move \`${key}\` into the step it belongs to.`);
    }
  }
  // Paths are built only for a `check` that is there: this runs for every api test of a big plan.
  if (test.check !== undefined) checkCheck(test.check, [...path, 'check'], report);
  if (Array.isArray(test.steps)) {
    test.steps.forEach((s, j) => {
      if (!isPlainObject(s)) return;
      if (s.check !== undefined) checkCheck(s.check, [...path, 'steps', j, 'check'], report);
      checkStepKind(s, () => [...path, 'steps', j], report);
    });
  }
}

// Keys of a step's `expect` that only one kind of step can check.
const REQUEST_ONLY_EXPECT = ['json', 'body'];
const GRAPHQL_ONLY_EXPECT = ['data', 'errors'];

/** A step is an HTTP `request` or a `graphql` operation, and its `expect` fits the kind. `at` makes its path only when reporting. */
function checkStepKind(step: Record<string, unknown>, at: () => PlanPath, report: Report): void {
  const isGraphql = step.graphql !== undefined;
  if (step.request !== undefined && isGraphql) {
    report(at(), 'has both `request` and `graphql`', 'A step makes one call: split it into two steps.');
  } else if (step.request === undefined && !isGraphql) {
    report(at(), 'needs a `request` or a `graphql` operation', 'e.g. `request: { method: GET, url: /health }` or `graphql: { query: "{ users { id } }" }`');
  }
  if (isGraphql && isPlainObject(step.graphql)) checkGraphqlOperation(step.graphql, [...at(), 'graphql'], report);
  if (!isPlainObject(step.expect)) return;
  const [wrong, kind, hint] = isGraphql
    ? [REQUEST_ONLY_EXPECT, '`request`', 'A `graphql` step checks `data`, `errors` and `jsonPath` (over the whole response).']
    : [GRAPHQL_ONLY_EXPECT, '`graphql`', 'A `request` step checks `json`, `body` and `jsonPath`.'];
  for (const key of wrong) {
    if (step.expect[key] !== undefined) report([...at(), 'expect', key], `is for ${kind} steps`, hint);
  }
}

/** A GraphQL operation (a graphql test, or an api step's `graphql:`) has exactly one of `query` and `mutation`. */
function checkGraphqlOperation(op: Record<string, unknown>, path: PlanPath, report: Report): void {
  const hasQuery = op.query !== undefined;
  const hasMutation = op.mutation !== undefined;
  if (hasQuery && hasMutation) {
    report(path, 'has both `query` and `mutation`', 'Send one operation: a `query`, or a `mutation`.');
  } else if (!hasQuery && !hasMutation) {
    report(path, 'needs a `query` or a `mutation`', 'e.g. `query: "{ users { id name } }"`, or `query: { file: ./users.graphql }`.');
  }
}

function checkCheck(check: unknown, path: PlanPath, report: Report): void {
  if (check === undefined || typeof check === 'function') return;
  report(path, `must be a function; got ${describeValue(check)}`, 'Custom checks are functions `(response) => …`, so they work only in TypeScript plans (.ts).');
}

/** Test names are keys for results, history and --last-failed, so two tests can't share one. */
export function checkUniqueNames(tests: unknown[], report: Report): void {
  const seen = new Map<string, number>();
  tests.forEach((t, i) => {
    if (!isPlainObject(t) || typeof t.name !== 'string') return;
    const first = seen.get(t.name);
    if (first === undefined) seen.set(t.name, i);
    else report(['tests', i, 'name'], `duplicate test name "${t.name}" (also ${formatPath(['tests', first])})`, 'Give each test its own name: results and history are kept by name.');
  });
}

/**
 * Functions (TypeScript plans) may appear only as a test's or step's `check`: everything else must be
 * plain data so a plan can be stored, reported and sent to remote workers.
 */
export function checkFunctions(plan: unknown, report: Report): void {
  const seen = new WeakSet<object>();
  // One path, pushed and popped as the walk goes: copied only for a report, so big plans allocate nothing per node.
  const path: PlanPath = [];
  const walk = (v: unknown): void => {
    if (typeof v === 'function') {
      if (!isCheckPath(path) && !isEvaluatePath(path)) report([...path], 'a function is not allowed here', 'Functions are allowed only as `check` (a custom assertion) in an api test or step, and as a ui step\'s `evaluate`.');
      return;
    }
    if (typeof v !== 'object' || v === null || seen.has(v)) return;
    seen.add(v);
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        path.push(i);
        walk(v[i]);
        path.pop();
      }
    } else {
      for (const k of Object.keys(v)) {
        path.push(k);
        walk((v as Record<string, unknown>)[k]);
        path.pop();
      }
    }
  };
  walk(plan);
}

function isEvaluatePath(p: PlanPath): boolean {
  return p[0] === 'tests' && p.length === 5 && p[2] === 'steps' && p[4] === 'evaluate';
}

function isCheckPath(p: PlanPath): boolean {
  return p[0] === 'tests' && p[p.length - 1] === 'check' && (p.length === 3 || (p.length === 5 && p[2] === 'steps'));
}

/** A websocket `expect` says what the message must be: `within` and `skipOthers` alone would accept anything. */
function checkWebSocketTest(test: Record<string, unknown>, path: PlanPath, report: Report): void {
  if (!Array.isArray(test.steps)) return;
  test.steps.forEach((s, j) => {
    if (!isPlainObject(s) || !isPlainObject(s.expect)) return;
    const e = s.expect;
    if (e.json === undefined && e.text === undefined && e.jsonPath === undefined) {
      report([...path, 'steps', j, 'expect'], 'needs `json`, `text` or `jsonPath`: what the message must be', 'e.g. `expect: { json: { type: welcome }, within: 2s }`');
    }
  });
}
