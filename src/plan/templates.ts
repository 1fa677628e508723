// Resolving `${{ … }}` at run time: plan vars (secrets from the environment) and the per-test resolver.
import { AitestError } from '../errors.js';
import type { FakerLike } from './faker.js';
import { parseTemplate, TEMPLATE_OPEN, type TemplateExpr } from './template-syntax.js';
import type { SecretVar, VarValue } from './types.js';

/**
 * Whose environment `env` is: this machine's (a local run), or only the variables a remote worker was
 * started to expose to plans (`aitest worker --env`), when a missing one says how to expose it.
 */
export type EnvSource = 'local' | 'worker';

export interface TemplateScope {
  vars: Record<string, unknown>;
  env: Record<string, string | undefined>;
  captures: Record<string, unknown>;
  faker: FakerLike;
  /** Default `local`. */
  envSource?: EnvSource;
}

export interface ResolvedVars {
  values: Record<string, unknown>;
  /** Values of the vars marked `secret: true`, for redaction. */
  secrets: string[];
}

export function isEnvVar(v: unknown): v is SecretVar {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && typeof (v as { env?: unknown }).env === 'string';
}

/**
 * Plain vars as they are; `{ env: NAME, secret?, default? }` read from `env`. A missing variable with no
 * default is a user error that names both the var and the environment variable to set.
 */
export function resolveVars(vars: Record<string, VarValue> | undefined, env: Record<string, string | undefined>, source: EnvSource = 'local'): ResolvedVars {
  const values: Record<string, unknown> = {};
  const secrets: string[] = [];
  for (const [name, v] of Object.entries(vars ?? {})) {
    if (!isEnvVar(v)) {
      values[name] = v;
      continue;
    }
    const value = envValue(env, v.env) ?? v.default;
    if (value === undefined) {
      if (source === 'worker') {
        throw new AitestError('PLAN_INVALID', `The variable \`${name}\` reads the environment variable ${v.env}, which this worker does not expose.`, { hint: exposeHint(v.env) });
      }
      throw new AitestError('PLAN_INVALID', `The variable \`${name}\` reads the environment variable ${v.env}, which is not set.`, {
        hint: `Set ${v.env} before running aitest, or give \`vars.${name}\` a \`default\`.`,
      });
    }
    values[name] = value;
    if (v.secret && value !== '') secrets.push(value);
  }
  return { values, secrets };
}

/**
 * A function that returns `value` with every template resolved. Strings, arrays and plain objects are
 * walked; anything else (functions, Buffers, dates) is returned untouched. Nothing is copied unless it
 * changes, so a spec without templates comes back as the very same object. A string that is exactly one
 * `${{ x }}` becomes x's value with its type; templates inside longer text are inserted as text.
 */
export function createResolver(scope: TemplateScope): <T>(value: T) => T {
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return v.includes(TEMPLATE_OPEN) ? resolveString(v, scope) : v;
    if (typeof v !== 'object' || v === null) return v;
    if (Array.isArray(v)) {
      let out: unknown[] | undefined;
      for (let i = 0; i < v.length; i++) {
        const r = walk(v[i]);
        if (r !== v[i]) (out ??= v.slice())[i] = r;
      }
      return out ?? v;
    }
    const proto = Object.getPrototypeOf(v);
    if (proto !== Object.prototype && proto !== null) return v;
    const obj = v as Record<string, unknown>;
    let out: Record<string, unknown> | undefined;
    for (const k of Object.keys(obj)) {
      const r = walk(obj[k]);
      if (r !== obj[k]) (out ??= { ...obj })[k] = r;
    }
    return out ?? v;
  };
  return <T>(value: T): T => walk(value) as T;
}

function resolveString(text: string, scope: TemplateScope): unknown {
  const t = parseTemplate(text);
  if (t.kind === 'single') return evaluate(t.expr, scope);
  let out = '';
  for (const p of t.parts) out += typeof p === 'string' ? p : asText(evaluate(p, scope));
  return out;
}

function evaluate(e: TemplateExpr, scope: TemplateScope): unknown {
  switch (e.root) {
    case 'env': {
      const v = envValue(scope.env, e.name);
      if (v === undefined && scope.envSource === 'worker') {
        throw new AitestError('PLAN_INVALID', `\`\${{ ${e.source} }}\`: this worker does not expose ${e.name}.`, { hint: exposeHint(e.name) });
      }
      if (v === undefined) {
        throw new AitestError('PLAN_INVALID', `\`\${{ ${e.source} }}\`: the environment variable ${e.name} is not set.`, {
          hint: `Set ${e.name} before running aitest, or use a var with a default: \`{ env: ${e.name}, default: … }\`.`,
        });
      }
      return v;
    }
    case 'faker':
      return scope.faker.generate(e.generator, e.args);
    case 'vars':
    case 'captures': {
      const bag = e.root === 'vars' ? scope.vars : scope.captures;
      if (!Object.hasOwn(bag, e.name)) {
        throw new AitestError(
          'PLAN_INVALID',
          e.root === 'vars'
            ? `\`\${{ ${e.source} }}\`: there is no variable \`${e.name}\` in \`vars\`.`
            : `\`\${{ ${e.source} }}\` has no value: no earlier step captured \`${e.name}\`.`,
          e.root === 'vars' ? {} : { hint: 'A capture is set only when the step that captures it got a response with that value.' },
        );
      }
      let v: unknown = bag[e.name];
      for (const key of e.path) {
        v = typeof v === 'object' && v !== null ? (v as Record<string | number, unknown>)[key] : undefined;
        if (v === undefined) throw new AitestError('PLAN_INVALID', `\`\${{ ${e.source} }}\` has no value: nothing at \`${String(key)}\`.`);
      }
      return v;
    }
  }
}

// Own keys only: `${{ env.constructor }}` is no variable.
const envValue = (env: Record<string, string | undefined>, name: string): string | undefined => (Object.hasOwn(env, name) ? env[name] : undefined);

/** A worker's plans read only what it was started to expose; its operator decides that, not the plan. */
const exposeHint = (name: string): string =>
  `A remote worker lets plans read only the environment variables it was started to expose: start it with \`aitest worker --env ${name}\` (or AITEST_WORKER_ENV=${name}), or give the plan a var with a default.`;

function asText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v === undefined) return '';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}
