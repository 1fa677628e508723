// `schema`: the JSON body validates against a JSON Schema (ajv, formats included).
import { notJsonCheck, previewValue } from './preview.js';
import type { Assertion } from './types.js';

export const jsonSchemaAssertion: Assertion<unknown> = (subject, schema, cache) => {
  const validate = cache.schema(schema);
  const json = subject.json;
  if (json === undefined) return [notJsonCheck('schema', subject.body)];
  const problems = validate(json);
  if (problems.length === 0) return [{ name: 'schema', ok: true }];
  return [{
    name: 'schema', ok: false, expected: 'a body valid against the schema', actual: previewValue(problems),
    message: `schema: ${problems.slice(0, 5).join('; ')}${problems.length > 5 ? '; …' : ''}`,
  }];
};
