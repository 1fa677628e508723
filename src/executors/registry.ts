// The executor registry: one line per test type.
import type { TestType } from '../events/types.js';
import { apiExecutor } from './api/executor.js';
import type { Executor } from './types.js';

export const executors = {
  api: apiExecutor,
} satisfies Partial<Record<TestType, Executor<any>>>;
