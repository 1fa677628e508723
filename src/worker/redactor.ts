// Replaces the values of secrets inside anything about to leave the worker (events, logs).
import { REDACTED } from '../util/sensitive.js';

export interface Redactor {
  /** Registers another secret value (e.g. a token captured at run time). */
  add(value: string): void;
  /** Returns `value` with every secret replaced; the same object when nothing needed replacing. */
  redact<T>(value: T): T;
}

// Very short values would redact ordinary words; real secrets are longer.
const MIN_SECRET_LENGTH = 3;

export function createRedactor(initial: Iterable<string> = []): Redactor {
  const secrets = new Set<string>();
  const add = (v: string): void => {
    if (typeof v === 'string' && v.length >= MIN_SECRET_LENGTH) secrets.add(v);
  };
  for (const s of initial) add(s);

  const redactString = (s: string): string => {
    let out = s;
    for (const secret of secrets) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    return out;
  };

  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return redactString(v);
    if (Array.isArray(v)) {
      let changed = false;
      const next = v.map((x) => {
        const y = walk(x);
        if (y !== x) changed = true;
        return y;
      });
      return changed ? next : v;
    }
    if (v !== null && typeof v === 'object' && !(v instanceof Uint8Array)) {
      let changed = false;
      const next: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) {
        const y = walk(x);
        if (y !== x) changed = true;
        next[k] = y;
      }
      return changed ? next : v;
    }
    return v;
  };

  return {
    add,
    redact<T>(value: T): T {
      return secrets.size === 0 ? value : (walk(value) as T);
    },
  };
}
