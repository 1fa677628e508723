// Per-test template scope: plan vars resolved on this machine (secrets from its env) and a resolver factory.
import { createFaker, seedForTest } from '../plan/faker.js';
import { createResolver, resolveVars, type EnvSource, type ResolvedVars } from '../plan/templates.js';
import type { TestCase } from '../plan/types.js';

interface TestScope {
  vars: Record<string, unknown>;
  /** Resolved values of secret vars, for redaction. */
  secrets: string[];
  makeResolver(captures: Record<string, unknown>): <T>(value: T) => T;
}

export interface TestScopeFactory {
  forTest(tc: TestCase, attempt: number): TestScope;
}

/** `env` is what plans may read: this machine's environment locally, only what a remote worker exposes there. */
export function createTestScopes(env: Record<string, string | undefined>, source: EnvSource = 'local'): TestScopeFactory {
  // Every test of a plan shares the same var definitions: resolve them once per plan file.
  const byPlan = new Map<string, { defs: TestCase['vars']; resolved: ResolvedVars }>();
  const resolvedFor = (tc: TestCase): ResolvedVars => {
    const hit = byPlan.get(tc.file);
    if (hit && hit.defs === tc.vars) return hit.resolved;
    const resolved = resolveVars(tc.vars, env, source);
    byPlan.set(tc.file, { defs: tc.vars, resolved });
    return resolved;
  };
  return {
    forTest(tc, attempt) {
      const { values, secrets } = resolvedFor(tc);
      // One generator per attempt, shared by its steps, so a seeded sequence runs on across steps.
      // createFaker costs nothing until a template calls it.
      const faker = createFaker(seedForTest(values.seed, tc.id, attempt));
      return {
        vars: values,
        secrets,
        makeResolver: (captures) => createResolver({ vars: values, env, captures, faker, envSource: source }),
      };
    },
  };
}
