// aitest.config.schema.json as text: the plan schema serialized for editors (yaml-language-server, VS Code).
import { Plan } from './schema.js';

const DRAFT = 'http://json-schema.org/draft-07/schema#';

/** The file's exact contents: pretty JSON with a trailing newline, so a stale file shows up as a diff. */
export function planJsonSchemaText(): string {
  // TypeBox marks schemas with symbol keys, which JSON.stringify leaves out.
  return `${JSON.stringify({ $schema: DRAFT, ...Plan }, null, 2)}\n`;
}
