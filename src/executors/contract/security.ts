// The plan's `auth` (credentials by security scheme name) put where each operation's `security` asks:
// Authorization for bearer/basic, the named header, query parameter or cookie for an apiKey.
import { AitestError } from '../../errors.js';
import { didYouMean } from '../../plan/suggest.js';
import type { SchemeCredentialsSpec } from '../../plan/types.js';
import type { Contract, Operation, SecurityScheme } from './model.js';
import type { AppliedSecurity } from './render.js';
import { NO_SECURITY } from './render.js';

export type Credentials = Readonly<Record<string, SchemeCredentialsSpec>>;

const KIND_OF: Record<string, string> = { bearer: '{ bearer: TOKEN }', basic: '{ basic: { username, password } }', apiKey: '{ apiKey: VALUE }' };

function credentialKind(c: SchemeCredentialsSpec): string {
  return 'bearer' in c ? 'bearer' : 'basic' in c ? 'basic' : 'apiKey';
}

function describeScheme(s: SecurityScheme): string {
  if (s.kind === 'apiKey') return `an apiKey in the ${s.in} ${s.name}`;
  if (s.kind === 'unsupported') return `of type ${s.type}, which aitest cannot send`;
  return `http ${s.kind}`;
}

/** Every `auth` entry names a scheme of the document and fits its kind; throws a plan error otherwise. */
export function checkCredentials(contract: Contract, credentials: Credentials): void {
  const names = [...contract.securitySchemes.keys()];
  for (const [name, given] of Object.entries(credentials)) {
    const scheme = contract.securitySchemes.get(name);
    if (!scheme) {
      throw new AitestError('PLAN_INVALID', `auth.${name}: the contract spec has no security scheme "${name}" (it has: ${names.join(', ') || 'none'})`, {
        hint: didYouMean(name, names) ?? '`auth` is keyed by the names in the spec\'s securitySchemes (securityDefinitions in Swagger 2.0).',
      });
    }
    const kind = credentialKind(given);
    if (scheme.kind !== kind) {
      const want = scheme.kind === 'unsupported' ? 'nothing aitest can send' : KIND_OF[scheme.kind];
      throw new AitestError('PLAN_INVALID', `auth.${name} gives ${kind} credentials, but the scheme "${name}" is ${describeScheme(scheme)}`, { hint: `Write ${want}.` });
    }
  }
}

/** The values to redact: tokens, passwords and their encodings. */
export function credentialSecrets(credentials: Credentials): string[] {
  return Object.values(credentials).flatMap((c) => {
    if ('bearer' in c) return [c.bearer, `Bearer ${c.bearer}`];
    if ('basic' in c) return [c.basic.password, basicValue(c.basic.username, c.basic.password)];
    return [c.apiKey];
  });
}

function basicValue(username: string, password: string): string {
  return Buffer.from(`${username}:${password}`).toString('base64');
}

/**
 * The credentials of the first alternative of `security` the plan can satisfy entirely. None (not an error)
 * when it can satisfy none: the API then answers as to a caller without credentials, which the document
 * may well describe (a 401), and which the checks judge like any answer.
 */
export function securityFor(op: Operation, contract: Contract, credentials: Credentials): AppliedSecurity {
  const usable = op.security.find((alt) => alt.length > 0 && alt.every((name) => credentials[name] !== undefined && contract.securitySchemes.has(name)));
  if (!usable) return NO_SECURITY;
  const applied: AppliedSecurity = { headers: {}, query: [], cookies: [] };
  for (const name of usable) {
    const scheme = contract.securitySchemes.get(name)!;
    const c = credentials[name]!;
    if (scheme.kind === 'bearer' && 'bearer' in c) applied.headers.authorization = `Bearer ${c.bearer}`;
    else if (scheme.kind === 'basic' && 'basic' in c) applied.headers.authorization = `Basic ${basicValue(c.basic.username, c.basic.password)}`;
    else if (scheme.kind === 'apiKey' && 'apiKey' in c) {
      if (scheme.in === 'header') applied.headers[scheme.name.toLowerCase()] = c.apiKey;
      else if (scheme.in === 'query') applied.query.push([scheme.name, c.apiKey]);
      else applied.cookies.push([scheme.name, c.apiKey]);
    }
  }
  return applied;
}
