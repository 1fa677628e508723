// Messages between a load test's executor and its generator thread.
import type { LoadTestSpec } from '../../plan/types.js';
import type { NetPolicyOptions } from '../../util/net-policy.js';
import type { LoadSummary, Tick } from './engine.js';

export interface GeneratorInput {
  spec: LoadTestSpec;
  baseUrl: string | undefined;
  /** Plan vars, resolved (secrets included: the thread lives in this process and records no values). */
  vars: Record<string, unknown>;
  env: Record<string, string | undefined>;
  defaultHeaders: Record<string, string>;
  /** A remote worker's egress policy, as plain rules: the thread makes the policy again from them. */
  net?: NetPolicyOptions;
}

export type ToGenerator = { kind: 'stop' };

export type FromGenerator =
  | { kind: 'tick'; tick: Tick }
  | { kind: 'done'; summary: LoadSummary }
  | { kind: 'error'; message: string; hint?: string; code?: string };
