// Bearer tokens with roles. Tokens come from the orchestrator's configuration (AITEST_TOKENS, or a
// file): JSON `{ "<token>": ["read", "execute"] }`. admin implies every role; write and execute imply read.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Role } from './protocol.js';

const ROLES: readonly Role[] = ['read', 'write', 'execute', 'admin'];

export interface TokenTable {
  /** The roles of a token, or undefined when it is not one of ours. Compared in constant time. */
  rolesOf(token: string): Set<Role> | undefined;
  size: number;
}

const digest = (s: string): Buffer => createHash('sha256').update(s).digest();

export function parseTokens(json: string): TokenTable {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    throw new Error('tokens must be JSON: { "<token>": ["read", "write", "execute", "admin"] }');
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new Error('tokens must be a JSON object of token → roles');
  const entries: { hash: Buffer; roles: Set<Role> }[] = [];
  for (const [token, roles] of Object.entries(raw)) {
    if (token.length < 16) throw new Error('each token must be at least 16 characters long');
    if (!Array.isArray(roles) || roles.some((r) => !ROLES.includes(r as Role))) throw new Error(`the roles of a token are a list of ${ROLES.join(', ')}`);
    const set = new Set<Role>(roles as Role[]);
    if (set.has('admin')) for (const r of ROLES) set.add(r);
    if (set.has('write') || set.has('execute')) set.add('read');
    entries.push({ hash: digest(token), roles: set });
  }
  return {
    size: entries.length,
    rolesOf(token) {
      const h = digest(token);
      let found: Set<Role> | undefined;
      // Every entry is compared, so the time does not say how far a guess got.
      for (const e of entries) if (timingSafeEqual(e.hash, h)) found = e.roles;
      return found;
    },
  };
}
