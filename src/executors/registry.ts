// The executor registry: one line per test type.
import type { TestType } from '../events/types.js';
import { apiExecutor } from './api/executor.js';
import { uiExecutor } from './browser/ui-executor.js';
import type { Executor } from './types.js';

export const executors = {
  api: apiExecutor,
  ui: uiExecutor,
} satisfies Partial<Record<TestType, Executor<any>>>;
