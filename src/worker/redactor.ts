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

class SecretRedactor implements Redactor {
  // Made on the first secret: most tests have none, and this is built once per test.
  #secrets: Set<string> | undefined;

  add(v: string): void {
    if (typeof v === 'string' && v.length >= MIN_SECRET_LENGTH) (this.#secrets ??= new Set()).add(v);
  }

  redact<T>(value: T): T {
    return this.#secrets === undefined ? value : (this.#walk(value, this.#secrets) as T);
  }

  #walk(v: unknown, secrets: Set<string>): unknown {
    if (typeof v === 'string') {
      let out = v;
      for (const secret of secrets) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
      return out;
    }
    if (Array.isArray(v)) {
      let changed = false;
      const next = v.map((x) => {
        const y = this.#walk(x, secrets);
        if (y !== x) changed = true;
        return y;
      });
      return changed ? next : v;
    }
    if (v !== null && typeof v === 'object' && !(v instanceof Uint8Array)) {
      let changed = false;
      const next: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) {
        const y = this.#walk(x, secrets);
        if (y !== x) changed = true;
        next[k] = y;
      }
      return changed ? next : v;
    }
    return v;
  }
}

export function createRedactor(initial: Iterable<string> = []): Redactor {
  const r = new SecretRedactor();
  for (const s of initial) r.add(s);
  return r;
}
