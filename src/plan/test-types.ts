// Test types of the plan language that have no executor yet: known to validation without loading the schema.

/** Types in the plan language whose executors have not landed yet. */
export const plannedTestTypes = ['graphql', 'websocket', 'contract', 'visual', 'accessibility', 'performance', 'load'] as const;
