// The executor registry: one line per test type.
import type { TestType } from '../events/types.js';
import { apiExecutor } from './api/executor.js';
import { uiExecutor } from './browser/ui-executor.js';
import { visualExecutor } from './browser/visual/visual-executor.js';
import { accessibilityExecutor } from './browser/a11y/a11y-executor.js';
import { performanceExecutor } from './browser/perf/perf-executor.js';
import type { Executor } from './types.js';

export const executors = {
  api: apiExecutor,
  ui: uiExecutor,
  visual: visualExecutor,
  accessibility: accessibilityExecutor,
  performance: performanceExecutor,
} satisfies Partial<Record<TestType, Executor<any>>>;
