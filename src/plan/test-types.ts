// Test types of the plan language that have no executor yet: known to validation without loading the schema.

/** Types in the plan language whose executors have not landed yet. */
export const plannedTestTypes = ['load'] as const;

/** Test types that run in a browser: they expand over the plan's browsers × devices. */
export const browserTestTypes: ReadonlySet<string> = new Set(['ui', 'visual', 'accessibility', 'performance']);
