// Compiles JSON Schemas with ajv (formats included) once per schema, and words ajv's errors plainly.
import { createRequire } from 'node:module';
import type { ErrorObject } from 'ajv';
import type * as AjvCoreModule from 'ajv/dist/core.js';
import { AitestError } from '../errors.js';
import type { SchemaValidator } from './types.js';

/** How many problems a failed schema check lists; a broken list of 10,000 items would drown the report. */
const MAX_PROBLEMS = 20;

/** Plain words for one ajv error: `/email must match format "email"`. */
export function describeSchemaError(e: ErrorObject): string {
  const where = e.instancePath === '' ? '(root)' : e.instancePath;
  const params = e.params as Record<string, unknown>;
  let what = e.message ?? 'is invalid';
  if (e.keyword === 'additionalProperties') what += ` (${JSON.stringify(params.additionalProperty)})`;
  else if (e.keyword === 'enum') what += ` (${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')})`;
  else if (e.keyword === 'const') what += ` (${JSON.stringify(params.allowedValue)})`;
  return `${where} ${what}`;
}

/** What both ajv classes (draft-07 and 2020-12) share. */
export type AjvCore = AjvCoreModule.default;

export type SchemaCompiler = (schema: unknown) => SchemaValidator;

/** `draft-07` is ajv's default (expect.schema, OpenAPI 2.0/3.0 after conversion); `2020-12` is OpenAPI 3.1's dialect. */
export type SchemaDialect = 'draft-07' | '2020-12';

export interface AjvSetup {
  dialect?: SchemaDialect;
  /** Errors carry the failing data and schema node (for expected/actual and where in a document it failed). */
  verbose?: boolean;
  /** No console warnings (unknown formats in third-party documents are expected, not news). */
  quiet?: boolean;
}

/** An ajv with every ajv-formats format, the one way this code base builds one. */
export function createAjv(setup: AjvSetup = {}): AjvCore {
  // Required on first use, not imported: ajv is ~60 modules, and most runs never check a schema.
  const require = createRequire(import.meta.url);
  const addFormats = require('ajv-formats') as typeof import('ajv-formats');
  // strict: false, because real-world schemas carry `example`, `x-…` and other unknown keywords.
  const options = { allErrors: true, strict: false, ...(setup.verbose ? { verbose: true } : {}), ...(setup.quiet ? { logger: false as const } : {}) };
  const ajv: AjvCore = setup.dialect === '2020-12'
    ? new (require('ajv/dist/2020') as typeof import('ajv/dist/2020.js')).Ajv2020(options)
    : new (require('ajv') as typeof import('ajv')).Ajv(options);
  addFormats.default(ajv as never);
  return ajv;
}

/**
 * A compiler with two caches: by object identity (free when the same spec object comes back) and by JSON
 * text (when templates produced a fresh but equal object). ajv itself is created on first use.
 */
export function createSchemaCompiler(): SchemaCompiler {
  let ajv: AjvCore | undefined;
  const byObject = new WeakMap<object, SchemaValidator>();
  const byText = new Map<string, SchemaValidator>();

  const compile = (schema: unknown): SchemaValidator => {
    ajv ??= createAjv();
    let validate;
    try {
      validate = ajv.compile(schema as object | boolean);
    } catch (e) {
      throw new AitestError('PLAN_INVALID', `invalid JSON Schema in expect.schema: ${(e as Error).message}`, {
        hint: 'See https://json-schema.org/understanding-json-schema/ for the keywords ajv accepts.',
      });
    }
    return (value) => {
      if (validate(value)) return [];
      const errors = validate.errors ?? [];
      const problems = errors.slice(0, MAX_PROBLEMS).map(describeSchemaError);
      if (errors.length > MAX_PROBLEMS) problems.push(`… and ${errors.length - MAX_PROBLEMS} more`);
      return problems;
    };
  };

  return (schema) => {
    const isObject = schema !== null && typeof schema === 'object';
    if (isObject) {
      const hit = byObject.get(schema);
      if (hit) return hit;
    }
    const text = JSON.stringify(schema);
    let validator = byText.get(text);
    if (!validator) {
      validator = compile(schema);
      byText.set(text, validator);
    }
    if (isObject) byObject.set(schema, validator);
    return validator;
  };
}
