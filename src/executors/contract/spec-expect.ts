// What an `api` test may ask of an OpenAPI document: its response validates against a schema of the
// document (`expect.schema: { $ref: "openapi.yaml#/components/schemas/User" }`) or conforms to an
// operation (`expect.openapi: { spec, operationId }`): the contract checks, on one exchange.
import { AitestError } from '../../errors.js';
import type { HttpExpectSpec } from '../../plan/types.js';
import { closestMatch } from '../../plan/suggest.js';
import type { CheckInput, ExecContext } from '../types.js';
import { ALL_CHECKS, responseChecks, type CheckName, type Observed } from './checks.js';
import { contractFor } from './load-spec.js';
import type { SchemaNode } from './model.js';
import { resolvePointer } from './pointer.js';
import { externalSchemaRef } from './schema-ref.js';
import { schemaCheckFor } from './schema-check.js';

// On one exchange: everything but what needs requests of its own or a limit the test did not set.
const EXCHANGE_CHECKS: ReadonlySet<CheckName> = new Set(ALL_CHECKS.filter((c) => c !== 'negative_data_rejection' && c !== 'max_duration'));

/** The checks `expect.schema` ($ref into a document) and `expect.openapi` ask for; `expect` must be resolved. */
export async function specChecks(expect: HttpExpectSpec, response: Observed, ctx: ExecContext): Promise<CheckInput[]> {
  const out: CheckInput[] = [];
  const ref = externalSchemaRef(expect.schema);
  if (ref) {
    const contract = await contractFor(ref.file, '`expect.schema` $ref', ctx);
    const schema = resolvePointer(contract.document, ref.pointer) as SchemaNode | undefined;
    if (schema === undefined) {
      throw new AitestError('PLAN_INVALID', `expect.schema: ${ref.file} has nothing at ${ref.pointer}`, { hint: 'Point at a schema, e.g. `openapi.yaml#/components/schemas/User`.' });
    }
    const problems = schemaCheckFor(contract)(schema, response.json, ref.pointer);
    const check: CheckInput = { name: 'schema', ok: problems.length === 0, expected: `${ref.file}${ref.pointer}` };
    if (problems.length) {
      check.actual = problems.map((p) => p.text);
      check.message = `schema: ${problems.slice(0, 5).map((p) => p.text).join('; ')}${problems.length > 5 ? `; … ${problems.length - 5} more` : ''}`;
    }
    out.push(check);
  }
  if (expect.openapi) {
    const contract = await contractFor(expect.openapi.spec, '`expect.openapi.spec`', ctx);
    const wanted = expect.openapi.operationId;
    const op = contract.operations.find((o) => o.operationId === wanted);
    if (!op) {
      const close = closestMatch(wanted, contract.operations.flatMap((o) => (o.operationId ? [o.operationId] : [])));
      throw new AitestError('PLAN_INVALID', `expect.openapi: ${expect.openapi.spec} has no operation \`${wanted}\``, { hint: close ? `did you mean \`${close}\`?` : 'Use an operationId from the document.' });
    }
    out.push(...responseChecks(op, response, { schemaCheck: schemaCheckFor(contract) }, EXCHANGE_CHECKS));
  }
  return out;
}
