// The executor registry: one line per test type. Browser executors are loaded when a run has their
// tests: their modules (steps, axe, pixel diffs, vitals) are start-up time an API-only run need not pay.
import type { TestType } from '../events/types.js';
import { apiExecutor } from './api/executor.js';
import type { Executor, ResourceKind } from './types.js';

export interface ExecutorEntry {
  resource: ResourceKind;
  load(): Promise<Executor<any>>;
}

export const executorEntries = {
  api: { resource: 'network', load: async () => apiExecutor },
  graphql: { resource: 'network', load: async () => (await import('./graphql/executor.js')).graphqlExecutor },
  ui: { resource: 'browser', load: async () => (await import('./browser/ui-executor.js')).uiExecutor },
  visual: { resource: 'browser', load: async () => (await import('./browser/visual/visual-executor.js')).visualExecutor },
  accessibility: { resource: 'browser', load: async () => (await import('./browser/a11y/a11y-executor.js')).accessibilityExecutor },
  performance: { resource: 'browser', load: async () => (await import('./browser/perf/perf-executor.js')).performanceExecutor },
  websocket: { resource: 'network', load: async () => (await import('./websocket/executor.js')).webSocketExecutor },
  // swagger-parser and the OpenAPI model load only for a run with contract tests.
  contract: { resource: 'network', load: async () => (await import('./contract/executor.js')).contractExecutor },
  // Runs alone, after everything else; its generator gets a thread of its own.
  load: { resource: 'exclusive', load: async () => (await import('./load/executor.js')).loadExecutor },
} satisfies Record<TestType, ExecutorEntry>;

/** The executors of these test types, loaded. */
export async function loadExecutors(types: Iterable<string>): Promise<Partial<Record<string, Executor<any>>>> {
  const entries: Partial<Record<string, ExecutorEntry>> = executorEntries;
  const loaded: Partial<Record<string, Executor<any>>> = {};
  await Promise.all([...new Set(types)].map(async (t) => {
    const entry = entries[t];
    if (entry) loaded[t] = await entry.load();
  }));
  return loaded;
}
