// Facts about test types that compile needs without loading the schema.

/** Test types that run in a browser: they expand over the plan's browsers × devices. */
export const browserTestTypes: ReadonlySet<string> = new Set(['ui', 'visual', 'accessibility', 'performance']);
