// Validation of `${{ … }}` templates: well-formed, and referring to declared vars, captures and generators.
import { AitestError } from '../errors.js';
import { checkFakerCall, fakerGeneratorNames, fakerGenerators } from './faker.js';
import { isPlainObject, type Report } from './plan-checks.js';
import type { PlanPath } from './plan-path.js';
import { closestMatch, didYouMean } from './suggest.js';
import { scanTemplates, TEMPLATE_OPEN } from './template-syntax.js';

export function checkTemplates(plan: Record<string, unknown>, report: Report): void {
  const vars = new Set(isPlainObject(plan.vars) ? Object.keys(plan.vars) : []);
  walkStrings(plan.vars, ['vars'], (_, path) =>
    report(path, 'templates are not expanded inside `vars`', 'Read the environment with `{ env: NAME }`; put faker and captures templates where the value is used.'),
  );
  const outsideTests = (text: string, path: PlanPath): void => checkString(text, path, vars, undefined, report);
  walkStrings(plan.baseUrl, ['baseUrl'], outsideTests);
  walkStrings(plan.webServer, ['webServer'], outsideTests);
  walkStrings(plan.defaults, ['defaults'], outsideTests);
  if (!Array.isArray(plan.tests)) return;
  plan.tests.forEach((test, i) => {
    if (!isPlainObject(test)) return;
    // Most tests hold no template: their captures are collected only when one is found.
    let captures: Set<string> | undefined;
    walkStrings(test, ['tests', i], (text, path) => checkString(text, path, vars, (captures ??= capturedNames(test)), report));
  });
}

// Every name a test captures, in any step: `captures.x` is fine if some step of the same test sets it.
function capturedNames(test: Record<string, unknown>): Set<string> {
  const names = new Set<string>();
  const add = (c: unknown): void => {
    if (isPlainObject(c)) for (const k of Object.keys(c)) names.add(k);
  };
  add(test.capture);
  for (const list of [test.steps, test.scenario]) if (Array.isArray(list)) for (const s of list) if (isPlainObject(s)) add(s.capture);
  return names;
}

function checkString(text: string, path: PlanPath, vars: Set<string>, captures: Set<string> | undefined, report: Report): void {
  for (const p of scanTemplates(text)) {
    if (p instanceof AitestError) {
      report(path, p.message.replace(/\.$/, ''), p.hint);
      continue;
    }
    const shown = `\`\${{ ${p.source} }}\``;
    if (p.root === 'vars' && !vars.has(p.name)) {
      report(path, `${shown}: there is no variable \`${p.name}\` in \`vars\``, didYouMean(p.name, vars) ?? `Declare it under \`vars:\`, e.g. \`${p.name}: value\`.`);
    } else if (p.root === 'captures' && captures === undefined) {
      report(path, `${shown}: captures exist only inside a test`, 'Use `captures.` in the steps of a test that has a `capture:`.');
    } else if (p.root === 'captures' && !captures!.has(p.name)) {
      report(path, `${shown}: no step of this test captures \`${p.name}\``, didYouMean(p.name, captures!) ?? `Add \`capture: { ${p.name}: $.path }\` to an earlier step.`);
    } else if (p.root === 'faker') {
      const problem = checkFakerCall(p.generator, p.args);
      const known = Object.hasOwn(fakerGenerators, p.generator);
      if (problem) report(path, `${shown}: ${problem.replace(/\.$/, '')}`, known ? undefined : fakerHint(p.generator));
    }
  }
}

// Plans are trees; the depth cap only stops a self-referencing object in a TypeScript plan from looping.
// `path` is pushed and popped as the walk goes, and copied only for a string that holds a template.
function walkStrings(v: unknown, path: PlanPath, visit: (text: string, path: PlanPath) => void): void {
  if (path.length > 64) return;
  if (typeof v === 'string') {
    if (v.includes(TEMPLATE_OPEN)) visit(v, [...path]);
  } else if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      path.push(i);
      walkStrings(v[i], path, visit);
      path.pop();
    }
  } else if (isPlainObject(v)) {
    for (const k of Object.keys(v)) {
      path.push(k);
      walkStrings(v[k], path, visit);
      path.pop();
    }
  }
}

function fakerHint(generator: string): string {
  const close = closestMatch(generator, fakerGeneratorNames);
  return close ? `did you mean \`faker.${close}\`?` : `Available: ${fakerGeneratorNames.map((g) => `faker.${g}`).join(', ')}.`;
}
