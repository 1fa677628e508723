// Validating a plan: the schema (ajv, compiled ahead of time) per part, then the checks a schema can't make; every issue, located.
import type { ValidateFunction } from 'ajv';
import type { PlanIssue, SourceLocation } from '../errors.js';
import type { TestType } from '../events/types.js';
import { issuesFromAjv } from './ajv-issues.js';
import { describeValue } from './describe-schema.js';
import { checkFunctions, checkUniqueNames, isPlainObject, testChecks, type Report } from './plan-checks.js';
import { formatPath, type PlanPath } from './plan-path.js';
// Generated from schema.ts by `npm run schema`: importing them loads neither TypeBox nor ajv's compiler.
import { planValidator } from './validators/plan.js';
import { testValidatorModules } from './validators/index.js';
import { didYouMean } from './suggest.js';
import { checkTemplates } from './template-checks.js';

export type Locate = (path: PlanPath) => SourceLocation | undefined;

const supportedTypes = Object.keys(testValidatorModules);
const knownTypes = supportedTypes;

export interface ValidateOptions {
  /** `raw` was parsed from text (YAML, JSON), so it holds no functions: the walk looking for them is skipped. */
  dataOnly?: boolean;
}

/**
 * Every problem in `raw` (a parsed YAML document or a TypeScript plan's default export), in file order.
 * `locate` maps a path to its place in the source; issues without a place keep only their path.
 */
export async function validatePlan(raw: unknown, locate: Locate, opts: ValidateOptions = {}): Promise<PlanIssue[]> {
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
  if (!planValidator(raw)) for (const i of issuesFromAjv(planValidator.errors ?? [], raw, [])) report(i.path, i.message, i.hint);
  if (Array.isArray(raw.tests)) {
    const validators = await loadValidators(raw.tests);
    raw.tests.forEach((test, i) => validateTest(test, ['tests', i], validators, report));
    checkUniqueNames(raw.tests, report);
  }
  if (!opts.dataOnly) {
    // A function where data belongs is reported once: skip paths the schema already flagged.
    const flagged = new Set(issues.map((i) => i.path));
    checkFunctions(raw, (path, message, hint) => flagged.has(formatPath(path)) || report(path, message, hint));
  }
  checkTemplates(raw, report);
  return sortByLocation(issues);
}

type Validators = Record<string, ValidateFunction>;

/** The validators of the test types `tests` use: the browser types' module alone is ~1 MB of code to compile. */
async function loadValidators(tests: unknown[]): Promise<Validators> {
  const modules = new Set<() => Promise<{ testValidators: Validators }>>();
  for (const t of tests) {
    const type = isPlainObject(t) ? t.type : undefined;
    // Own keys only: a type such as `constructor` must not find Object.prototype's members.
    if (typeof type === 'string' && Object.hasOwn(testValidatorModules, type)) modules.add(testValidatorModules[type]);
  }
  const loaded = await Promise.all([...modules].map((load) => load()));
  return Object.assign({}, ...loaded.map((m) => m.testValidators)) as Validators;
}

function validateTest(test: unknown, path: PlanPath, validators: Validators, report: Report): void {
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
  const validate = Object.hasOwn(validators, type) ? validators[type] : undefined;
  if (validate) {
    if (!validate(test)) for (const i of issuesFromAjv(validate.errors ?? [], test, path)) report(i.path, i.message, i.hint);
    if (Object.hasOwn(testChecks, type)) testChecks[type as TestType]?.(test, path, report);
  } else {
    report([...path, 'type'], `unknown test type \`${type}\`; known types: ${knownTypes.join(', ')}`, didYouMean(type, knownTypes));
  }
}

function sortByLocation(issues: PlanIssue[]): PlanIssue[] {
  const order = (i: PlanIssue): number => (i.location ? i.location.line * 100_000 + i.location.column : Number.MAX_SAFE_INTEGER);
  return issues.map((issue, n) => ({ issue, n })).sort((a, b) => order(a.issue) - order(b.issue) || a.n - b.n).map((x) => x.issue);
}
