// The public API: `defineConfig` for TypeScript plans, and the plan and result types. Types only otherwise,
// so importing `aitest` from a plan loads nothing heavy.
import type { PlanSpec } from './plan/types.js';

/** Declares a plan in TypeScript: `export default defineConfig({ name, tests: [...] })`. Returns it as is. */
export function defineConfig(plan: PlanSpec): PlanSpec {
  return plan;
}

export type * from './plan/types.js';
export type * from './events/types.js';
