// Per-test template scope: plan vars resolved (secrets read from this machine's env) and a resolver factory.
import type { TestCase } from '../plan/types.js';

export interface TestScope {
  vars: Record<string, unknown>;
  /** Resolved values of secret vars, for redaction. */
  secrets: string[];
  makeResolver(captures: Record<string, unknown>): <T>(value: T) => T;
}

export interface TestScopeFactory {
  forTest(tc: TestCase, attempt: number): Promise<TestScope>;
}
