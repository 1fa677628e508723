// aitest.config.schema.json as text: the plan schema serialized for editors (yaml-language-server, VS Code).
import { sharedName } from './schema-common.js';
import { Plan, sharedSchemas } from './schema.js';

const DRAFT = 'http://json-schema.org/draft-07/schema#';

/** The file's exact contents: pretty JSON with a trailing newline, so a stale file shows up as a diff. */
export function planJsonSchemaText(): string {
  // Shared schemas are written once, under draft-07's `definitions`; each `$ref: aitest:NAME` becomes a JSON
  // pointer to its definition, which every editor resolves (and editors keep a `description` beside a `$ref`).
  const definitions = Object.fromEntries(sharedSchemas.map((s) => [nameOf(s.$id), s]));
  // TypeBox marks schemas with symbol keys, which JSON.stringify leaves out.
  const replacer = (key: string, value: unknown): unknown => {
    if (key === '$ref') {
      const name = nameOf(value);
      if (!Object.hasOwn(definitions, name)) throw new Error(`$ref to ${name}, which is not in sharedSchemas (src/plan/schema.ts)`);
      return `#/definitions/${name}`;
    }
    return key === '$id' && sharedName(value) ? undefined : value;
  };
  return `${JSON.stringify({ $schema: DRAFT, ...Plan, definitions }, replacer, 2)}\n`;
}

function nameOf(id: unknown): string {
  const name = sharedName(id);
  if (!name) throw new Error(`not the $id of a shared schema (made by sharedId()): ${String(id)}`);
  return name;
}
