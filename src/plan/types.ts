// Types of the plan language (derived from schema.ts) and of the compiled TestCase.
import type { Static } from '@sinclair/typebox';
import type { Page } from 'playwright-core';
import type * as S from './schema.js';
import type { TestType } from '../events/types.js';

export type DurationInput = Static<typeof S.Duration>;
export type SecretVar = Static<typeof S.SecretVar>;
export type VarValue = Static<typeof S.VarValue>;
export type HttpRequestSpec = Static<typeof S.HttpRequest>;
export type HttpExpectSpec = Static<typeof S.HttpExpect>;
export type JsonPathAssertionSpec = Static<typeof S.JsonPathAssertion>;
export type CaptureSpec = Static<typeof S.Capture>;
export type WebServerSpec = Static<typeof S.WebServer>;
export type JudgeSpec = Static<typeof S.Judge>;

/** The response a TypeScript `check` function receives. */
export interface HttpResponseView {
  status: number;
  headers: Record<string, string>;
  body: string;
  json: unknown;          // undefined when the body is not JSON
  durationMs: number;
}
/** Custom assertion in a TypeScript plan: throw, return false, or return a message to fail. */
export type CheckFunction = (response: HttpResponseView) => void | boolean | string | Promise<void | boolean | string>;

export type ApiStepSpec = Omit<Static<typeof S.ApiStep>, 'check'> & { check?: CheckFunction };
export type ApiTestSpec = Omit<Static<typeof S.ApiTest>, 'check' | 'steps'> & { check?: CheckFunction; steps?: ApiStepSpec[] };

export type GraphqlOperationSpec = Static<typeof S.GraphqlOperation>;
export type GraphqlErrorsExpectationSpec = Static<typeof S.GraphqlErrorsExpectation>;
export type GraphqlExpectSpec = Static<typeof S.GraphqlExpect>;
export type GraphqlTestSpec = Static<typeof S.GraphqlTest>;

export type WebSocketTestSpec = Static<typeof S.WebSocketTest>;
export type WebSocketStepSpec = Static<typeof S.WebSocketStep>;
export type WebSocketExpectSpec = Static<typeof S.WebSocketExpect>;

export type JudgeAssertionSpec = Static<typeof S.JudgeAssertion>;
export type LoadTestSpec = Static<typeof S.LoadTest>;
export type LoadStepSpec = Static<typeof S.LoadStep>;

export type ContractTestSpec = Static<typeof S.ContractTest>;
export type OperationFilterSpec = Static<typeof S.OperationFilter>;
export type SchemeCredentialsSpec = Static<typeof S.SchemeCredentials>;
export type AcceptedFindingSpec = Static<typeof S.AcceptedFinding>;
export type ContractCheckNameSpec = Static<typeof S.ContractCheckName>;

export type SelectorSpec = Static<typeof S.Selector>;
export type UiExpectSpec = Static<typeof S.UiExpect>;
/** A ui step's code in a TypeScript plan: gets the Playwright page. */
export type UiEvaluate = (args: { page: Page }) => unknown;
export type UiStepSpec = Exclude<Static<typeof S.UiStep>, { evaluate: unknown }> | { evaluate: UiEvaluate };
export type UiTestSpec = Omit<Static<typeof S.UiTest>, 'steps'> & { steps?: UiStepSpec[] };
export type VisualTestSpec = Omit<Static<typeof S.VisualTest>, 'steps'> & { steps?: UiStepSpec[] };

export type A11yOptionsSpec = Static<typeof S.A11yOptions>;
export type AccessibilityTestSpec = Omit<Static<typeof S.AccessibilityTest>, 'steps'> & { steps?: UiStepSpec[] };

export type PerformanceTestSpec = Omit<Static<typeof S.PerformanceTest>, 'steps'> & { steps?: UiStepSpec[] };
export type BudgetsSpec = Static<typeof S.Budgets>;
export type NetworkProfileSpec = Static<typeof S.NetworkProfile>;
export type BrowserOptionsSpec = Static<typeof S.BrowserOptions>;
export type DeviceSpec = Static<typeof S.Device>;
export type TestSpec = ApiTestSpec | GraphqlTestSpec | UiTestSpec | AccessibilityTestSpec | VisualTestSpec | PerformanceTestSpec | WebSocketTestSpec | ContractTestSpec | LoadTestSpec;

export type PlanTest = TestSpec;
/** What a plan file contains (and what `defineConfig` accepts). */
export type PlanSpec = Omit<Static<typeof S.Plan>, 'tests'> & { tests: PlanTest[] };

/**
 * A compiled test: plain, serializable data — exactly what a (remote) worker receives.
 * Templates stay unresolved in `spec`; the worker resolves them with vars, env, captures and faker,
 * so secrets are read on the machine that runs the test and never travel or get stored.
 */
export interface TestCase {
  id: string;               // stable: hash of plan file + name (+ project)
  plan: string;             // plan name
  file: string;             // plan file, relative to cwd
  name: string;
  type: TestType;
  location: { file: string; line: number; column: number };
  spec: TestSpec;           // the validated test body
  timeoutMs: number;
  retries: number;
  tags: string[];
  skip?: string;            // reason, when the test is skipped
  only?: boolean;           // marked `only`: when any test is, just those run (see filters.ts)
  baseUrl?: string;
  headers: Record<string, string>;   // defaults.headers
  vars: Record<string, VarValue>;    // plan vars, secret ones as { env, secret } references
  project?: { browser: string; device?: string };
  /** Browser tests: plan-level `browser` options with the test's own over them. */
  browserOptions?: BrowserOptionsSpec;
  /** Browser tests: the custom device of the project, when it is not a Playwright device name. */
  customDevice?: Exclude<DeviceSpec, string>;
  /** The plan's `judge:` block (provider, model, key reference), for judge assertions. */
  judge?: JudgeSpec;
}

/** A loaded, validated plan file. */
export interface LoadedPlan {
  file: string;             // as given, relative to cwd when possible
  spec: PlanSpec;
  /** Source location of each test (index → line/column) for reports and annotations. */
  testLocations: { line: number; column: number }[];
}
