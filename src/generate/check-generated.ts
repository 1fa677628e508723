// The generated text read back exactly as `aitest validate` reads a plan file (same parser, same validator,
// same compile step), before anything is written: a plan the generator got wrong is an error, never a file.
import { AitestError } from '../errors.js';
import { compilePlan } from '../plan/compile.js';
import { parseYamlPlanFast } from '../plan/fast-yaml-source.js';
import type { PlanSpec } from '../plan/types.js';
import { validatePlan } from '../plan/validate.js';

/** Throws AitestError INFRA (exit 3: a bug in the generator, not the user's doing) with every issue. */
export async function checkGeneratedPlan(text: string, file: string): Promise<number> {
  let source;
  try {
    source = parseYamlPlanFast(text, file);
  } catch (e) {
    throw new AitestError('INFRA', `aitest generate wrote YAML it cannot read back: ${(e as Error).message}`, { cause: e, hint: 'This is a bug in aitest generate; nothing was written.' });
  }
  const issues = await validatePlan(source.raw, (p) => source.locate(p), { dataOnly: true });
  if (issues.length > 0) {
    throw new AitestError('INFRA', `the generated plan for ${file} does not validate: ${issues.length} problem${issues.length === 1 ? '' : 's'}. Nothing was written.`, {
      issues,
      hint: 'This is a bug in aitest generate; please report it with the spec.',
    });
  }
  const spec = source.raw as PlanSpec;
  return compilePlan({ file, spec, testLocations: source.testLocations(spec.tests.length) }).length;
}
