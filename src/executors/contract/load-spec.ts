// Reads an OpenAPI/Swagger document once: swagger-parser dereferences it ($refs in the file, beside it or at a
// URL become shared objects), then the version's builder makes the operation model. swagger-parser is
// imported here, on first use: a run without contract tests never loads it.
import path from 'node:path';
import { AitestError } from '../../errors.js';
import { isNode } from './doc-read.js';
import type { Contract } from './model.js';
import { contractFromOpenApi3 } from './model-openapi3.js';
import { contractFromSwagger2 } from './model-swagger2.js';

const URL_SPEC = /^https?:\/\//i;

/** An http(s) URL as is; a path relative to the plan file made absolute. */
export function specLocation(spec: string, planFile: string): string {
  return URL_SPEC.test(spec) ? spec : path.resolve(path.dirname(planFile), spec);
}

/** The operation model of the document at `location` (absolute path or URL); an AitestError names what is wrong. */
export async function loadContract(location: string, shown: string = location): Promise<Contract> {
  const { default: SwaggerParser } = await import('@apidevtools/swagger-parser');
  let doc: unknown;
  try {
    // A path string, never a parsed object: dereference rewrites the object it is given.
    doc = await SwaggerParser.dereference(location);
  } catch (e) {
    throw describeLoadError(e, location, shown);
  }
  if (!isNode(doc)) throw new AitestError('PLAN_INVALID', `the contract spec ${shown} is not an OpenAPI document`);
  return doc.swagger === '2.0' ? contractFromSwagger2(doc, location) : contractFromOpenApi3(doc, location);
}

const HINT = '`spec` is an OpenAPI 3.0/3.1 or Swagger 2.0 document (YAML or JSON): a path relative to the plan file, or an http(s) URL.';

function describeLoadError(e: unknown, location: string, shown: string): AitestError {
  const err = e as { name?: string; message?: string; code?: string };
  // swagger-parser repeats the full path in its messages; the plan's own spelling reads better.
  const detail = String(err.message ?? e).split(location).join(shown).replace(/^Error (parsing|opening file) \S+: /, '');
  const where = shown === location ? shown : `${shown} (${location})`;
  switch (err.name) {
    case 'ResolverError':
      if (/ENOENT/.test(detail)) return new AitestError('PLAN_INVALID', `cannot read the contract spec ${where}: no such file`, { hint: HINT, cause: e });
      return new AitestError(URL_SPEC.test(location) ? 'INFRA' : 'PLAN_INVALID', `cannot read the contract spec ${where}: ${detail}`, { hint: HINT, cause: e });
    case 'ParserError':
      return new AitestError('PLAN_INVALID', `the contract spec ${shown} is not valid YAML or JSON: ${detail}`, { hint: HINT, cause: e });
    case 'MissingPointerError':
    case 'InvalidPointerError':
      return new AitestError('PLAN_INVALID', `the contract spec ${shown} has a broken $ref: ${detail}`, { hint: 'Every `$ref` must point at something that exists.', cause: e });
    case 'SyntaxError':
      return new AitestError('PLAN_INVALID', `the contract spec ${shown} is not an OpenAPI document: ${detail}`, { hint: HINT, cause: e });
    default:
      return new AitestError('PLAN_INVALID', `cannot load the contract spec ${shown}: ${detail}`, { hint: HINT, cause: e });
  }
}
