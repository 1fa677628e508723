// What loading a plan file yields before validation: the raw value and a way to point into its text.
import type { SourceLocation } from '../errors.js';
import type { PlanPath } from './plan-path.js';

export interface PlanSource {
  /** The parsed YAML, or the TypeScript module's default export. */
  raw: unknown;
  /** Where a path's value (or its nearest existing parent) is written in the file. */
  locate(path: PlanPath): SourceLocation | undefined;
  /** Line and column of each of the first `count` tests. */
  testLocations(count: number): { line: number; column: number }[];
}
