// A document's security schemes as plan vars (secrets read from the environment) and the credentials that use them.
import type { Contract, Operation, SecurityScheme } from '../executors/contract/model.js';

/** One entry of `vars` and the comment it is written with. */
export interface GeneratedVar {
  name: string;
  value: { env: string; secret: true };
  comment: string;
}

/** `bearerAuth` → `BEARER_AUTH`, `api-key` → `API_KEY`. */
export function envName(name: string): string {
  const snake = name.replace(/([a-z\d])([A-Z])/g, '$1_$2').replace(/[^A-Za-z\d]+/g, '_').replace(/^_+|_+$/g, '').toUpperCase();
  return /^\d/.test(snake) ? `_${snake}` : snake || 'API';
}

/** A var name from a scheme name: `api-key` → `api_key` (vars are `[A-Za-z_][A-Za-z0-9_]*`). */
function varName(name: string, suffix = ''): string {
  const base = name.replace(/[^A-Za-z\d_]+/g, '_');
  return `${/^\d/.test(base) ? `_${base}` : base || 'credentials'}${suffix}`;
}

const ref = (v: string): string => `\${{ vars.${v} }}`;

/** The vars one scheme needs and the credentials (with templates) that use them. */
export interface SchemeWiring {
  vars: GeneratedVar[];
  credentials: Record<string, unknown>;
}

export function wireScheme(name: string, s: SecurityScheme): SchemeWiring | undefined {
  const env = envName(name);
  if (s.kind === 'bearer') {
    const v = varName(name);
    return { vars: [{ name: v, value: { env: `${env}_TOKEN`, secret: true }, comment: `bearer token for the "${name}" scheme` }], credentials: { bearer: ref(v) } };
  }
  if (s.kind === 'basic') {
    const u = varName(name, 'Username');
    const p = varName(name, 'Password');
    return {
      vars: [
        { name: u, value: { env: `${env}_USERNAME`, secret: true }, comment: `user name for the "${name}" scheme (http basic)` },
        { name: p, value: { env: `${env}_PASSWORD`, secret: true }, comment: `password for the "${name}" scheme (http basic)` },
      ],
      credentials: { basic: { username: ref(u), password: ref(p) } },
    };
  }
  if (s.kind === 'apiKey') {
    const v = varName(name);
    return { vars: [{ name: v, value: { env: `${env}_KEY`, secret: true }, comment: `API key for the "${name}" scheme (${s.in} ${s.name})` }], credentials: { apiKey: ref(v) } };
  }
  return undefined;
}

/** The first `security` alternative the plan can satisfy entirely; `[]` when none is needed; undefined when none can be. */
export function chosenSecurity(op: Operation, contract: Contract): string[] | undefined {
  if (op.security.length === 0) return [];
  const usable = op.security.find((alt) => alt.length > 0 && alt.every((n) => { const s = contract.securitySchemes.get(n); return s !== undefined && s.kind !== 'unsupported'; }));
  if (usable) return usable;
  return op.security.some((alt) => alt.length === 0) ? [] : undefined;
}

