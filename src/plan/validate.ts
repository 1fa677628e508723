// Validating a plan: the schema (ajv) per part, then the checks a schema can't make; every issue, located.
import { Type } from '@sinclair/typebox';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { PlanIssue, SourceLocation } from '../errors.js';
import type { TestType } from '../events/types.js';
import { issuesFromAjv } from './ajv-issues.js';
import { describeValue } from './describe-schema.js';
import { checkFunctions, checkUniqueNames, isPlainObject, testChecks, type Report } from './plan-checks.js';
import { formatPath, type PlanPath } from './plan-path.js';
import { Plan, plannedTestTypes, testSchemas } from './schema.js';
import { didYouMean } from './suggest.js';
import { checkTemplates } from './template-checks.js';

export type Locate = (path: PlanPath) => SourceLocation | undefined;

interface Validators {
  plan: ValidateFunction;
  tests: Partial<Record<string, ValidateFunction>>;
}

// Compiled on first use and kept for the process: compiling costs far more than validating.
let compiled: Validators | undefined;

function validators(): Validators {
  if (compiled) return compiled;
  // allErrors: report every problem at once. verbose: errors carry the schema and data that messages
  // are written from. strict: a mistake in schema.ts (an unknown keyword) fails loudly in the tests.
  const ajv = new Ajv({ allErrors: true, verbose: true, strict: true });
  addFormats.default(ajv);
  // The plan with its tests left open: each test is checked against its own type's schema, which gives
  // precise messages instead of the noise of a failed union over every test type.
  const { $id: _id, ...plan } = Plan;
  const shell = { ...plan, properties: { ...Plan.properties, tests: Type.Array(Type.Unknown()) } };
  const tests: Validators['tests'] = {};
  for (const [type, schema] of Object.entries(testSchemas)) tests[type] = ajv.compile(schema);
  compiled = { plan: ajv.compile(shell), tests };
  return compiled;
}

const supportedTypes = Object.keys(testSchemas);
const knownTypes = [...supportedTypes, ...plannedTestTypes];

/**
 * Every problem in `raw` (a parsed YAML document or a TypeScript plan's default export), in file order.
 * `locate` maps a path to its place in the source; issues without a place keep only their path.
 */
export function validatePlan(raw: unknown, locate: Locate): PlanIssue[] {
  const issues: PlanIssue[] = [];
  const seen = new Set<string>();
  const report: Report = (path, message, hint) => {
    const shown = formatPath(path);
    const key = `${shown}\0${message}`;
    if (seen.has(key)) return;
    seen.add(key);
    const issue: PlanIssue = { path: shown, message };
    const location = locate(path);
    if (location) issue.location = location;
    if (hint) issue.hint = hint;
    issues.push(issue);
  };

  if (!isPlainObject(raw)) {
    report([], `a plan must be a map with \`name\` and \`tests\`; got ${raw === undefined || raw === null ? 'an empty file' : describeValue(raw)}`, 'Start from `aitest init`, or see examples/quickstart.yaml.');
    return issues;
  }
  const v = validators();
  if (!v.plan(raw)) for (const i of issuesFromAjv(v.plan.errors ?? [], raw, [])) report(i.path, i.message, i.hint);
  if (Array.isArray(raw.tests)) {
    raw.tests.forEach((test, i) => validateTest(test, ['tests', i], v, report));
    checkUniqueNames(raw.tests, report);
  }
  // A function where data belongs is reported once: skip paths the schema already flagged.
  const flagged = new Set(issues.map((i) => i.path));
  checkFunctions(raw, (path, message, hint) => flagged.has(formatPath(path)) || report(path, message, hint));
  checkTemplates(raw, report);
  return sortByLocation(issues);
}

function validateTest(test: unknown, path: PlanPath, v: Validators, report: Report): void {
  if (!isPlainObject(test)) {
    report(path, `must be a map with \`name\`, \`type\` and the test's fields; got ${describeValue(test)}`);
    return;
  }
  const type = test.type;
  if (type === undefined) {
    report([...path, 'type'], 'is required but missing', `One of: ${knownTypes.join(', ')}.`);
    return;
  }
  if (typeof type !== 'string') {
    report([...path, 'type'], `must be one of ${knownTypes.join(', ')}; got ${describeValue(type)}`);
    return;
  }
  const validate = v.tests[type];
  if (validate) {
    if (!validate(test)) for (const i of issuesFromAjv(validate.errors ?? [], test, path)) report(i.path, i.message, i.hint);
    testChecks[type as TestType]?.(test, path, report);
  } else if ((plannedTestTypes as readonly string[]).includes(type)) {
    report([...path, 'type'], `test type \`${type}\` is not supported yet in this version of aitest`, `Supported now: ${supportedTypes.join(', ')}.`);
  } else {
    report([...path, 'type'], `unknown test type \`${type}\`; known types: ${knownTypes.join(', ')}`, didYouMean(type, knownTypes));
  }
}

function sortByLocation(issues: PlanIssue[]): PlanIssue[] {
  const order = (i: PlanIssue): number => (i.location ? i.location.line * 100_000 + i.location.column : Number.MAX_SAFE_INTEGER);
  return issues.map((issue, n) => ({ issue, n })).sort((a, b) => order(a.issue) - order(b.issue) || a.n - b.n).map((x) => x.issue);
}
