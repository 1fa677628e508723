// Replaces the values of secrets, in every encoded form, and URL passwords inside anything about to leave
// the worker (events, logs, attachments).
import { secretForms } from '../util/secret-forms.js';
import { REDACTED } from '../util/sensitive.js';
import { stripUrlCredentials, urlCredentialsWithin } from '../util/url-credentials.js';

export interface Redactor {
  /** Registers another secret value (e.g. a token captured at run time). */
  add(value: string): void;
  /** Returns `value` with every secret replaced; the same object when nothing needed replacing. */
  redact<T>(value: T): T;
  /** Registers the password of every URL inside `value`'s strings (a plan's `http://user:pw@host`). */
  addUrlCredentials(value: unknown): void;
}

// Very short values would redact ordinary words; real secrets are longer.
const MIN_SECRET_LENGTH = 3;

// Patterns by the secrets they match (in the order added), bounded: captured tokens differ every test.
// A pattern is only ever used through test/replace with lastIndex reset, so sharing one is safe.
const MAX_PATTERNS = 200;
const patterns = new Map<string, RegExp>();

class SecretRedactor implements Redactor {
  // Made on the first secret: most tests have none, and this is built once per test.
  #secrets: Set<string> | undefined;
  // One pattern for every form of every secret, longest first, so a string is scanned once; rebuilt lazily
  // after an add (the forms of each secret are computed once, when it is added).
  #forms: Set<string> | undefined;
  #pattern: RegExp | undefined;
  #shortest = Infinity;

  add(v: string): void {
    if (typeof v !== 'string' || v.length < MIN_SECRET_LENGTH) return;
    this.#secrets ??= new Set();
    if (this.#secrets.has(v)) return;
    this.#secrets.add(v);
    this.#forms ??= new Set();
    for (const f of secretForms(v)) {
      if (f.length < MIN_SECRET_LENGTH) continue;
      this.#forms.add(f);
      if (f.length < this.#shortest) this.#shortest = f.length;
    }
    this.#pattern = undefined;
  }

  addUrlCredentials(value: unknown): void {
    for (const s of urlCredentialsWithin(value)) this.add(s);
  }

  redact<T>(value: T): T {
    return this.#walk(value) as T;
  }

  #redactText(text: string): string {
    const pattern = this.#compiled();
    if (pattern === undefined || text.length < this.#shortest) return text;
    pattern.lastIndex = 0;
    return pattern.test(text) ? text.replace(pattern, REDACTED) : text;
  }

  #compiled(): RegExp | undefined {
    if (this.#forms === undefined) return undefined;
    if (this.#pattern === undefined) {
      // Each test of a plan has the same secret vars: one pattern serves them all.
      const key = [...this.#secrets!].join('\u0000');
      let pattern = patterns.get(key);
      if (pattern === undefined) {
        const alternatives = [...this.#forms].sort((a, b) => b.length - a.length).map(escapeRegExp);
        pattern = new RegExp(alternatives.join('|'), 'g');
        if (patterns.size >= MAX_PATTERNS) patterns.clear();
        patterns.set(key, pattern);
      }
      this.#pattern = pattern;
    }
    return this.#pattern;
  }

  #walk(v: unknown): unknown {
    if (typeof v === 'string') return this.#redactText(stripUrlCredentials(v));
    // Every result passes through here, most with nothing to replace: copies are made only on a change.
    if (Array.isArray(v)) {
      let next: unknown[] | undefined;
      for (let i = 0; i < v.length; i++) {
        const y = this.#walk(v[i]);
        if (y !== v[i]) (next ??= v.slice())[i] = y;
      }
      return next ?? v;
    }
    if (v !== null && typeof v === 'object' && !(v instanceof Uint8Array)) {
      const o = v as Record<string, unknown>;
      let next: Record<string, unknown> | undefined;
      for (const k of Object.keys(o)) {
        const y = this.#walk(o[k]);
        if (y !== o[k]) (next ??= { ...o })[k] = y;
      }
      return next ?? v;
    }
    return v;
  }
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function createRedactor(initial: Iterable<string> = []): Redactor {
  const r = new SecretRedactor();
  for (const s of initial) r.add(s);
  return r;
}
