// Telling a schema that lives in an OpenAPI document (`{ $ref: "openapi.yaml#/components/schemas/User" }`)
// from a JSON Schema written in the plan. Light on purpose: the api exchange asks on every request.

/** The file and pointer of `expect.schema` when it points into a document file; undefined for a plain schema. */
export function externalSchemaRef(schema: unknown): { file: string; pointer: string } | undefined {
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) return undefined;
  const ref = (schema as { $ref?: unknown }).$ref;
  // A local `#/…` ref, or a $ref with sibling keywords, is JSON Schema the assertion engine handles itself.
  if (typeof ref !== 'string' || Object.keys(schema).length !== 1) return undefined;
  const hash = ref.indexOf('#');
  if (hash <= 0) return undefined;
  return { file: ref.slice(0, hash), pointer: ref.slice(hash) || '#' };
}
