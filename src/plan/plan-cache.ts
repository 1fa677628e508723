// Big plans, kept parsed and validated on disk under the hash of their text: a rerun of an unchanged plan
// of 10,000 tests reads ~1 MB of JSON (~10 ms) instead of running the YAML parser and the schema
// (~100 ms). An entry is used only for the same text and the same build of aitest, so it can never
// answer differently from parsing again; anything unreadable is a miss, and a failed write is ignored.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import { writeFileAtomicSync } from '../util/write-atomic.js';
import type { PlanSpec } from './types.js';

export interface CachedPlan {
  spec: PlanSpec;
  testLocations: { line: number; column: number }[];
}

export interface PlanCache {
  /** The plan last stored for exactly this text by this build, if any. */
  get(text: string): CachedPlan | undefined;
  /** Stores a plan that parsed and validated; plans below the size where parsing is cheap are left out. */
  set(text: string, plan: CachedPlan): void;
  /** With `deferWrites`, writes what set() was given so far. */
  writePending(): void;
}

export interface PlanCacheOptions {
  /**
   * set() only notes the plan, and writePending() writes it (~15 ms for 10,000 tests): a run does that once
   * its tests are done, instead of before the first one starts.
   */
  deferWrites?: boolean;
}

/** On disk the tests' locations are one flat list (line, column, line, …): a quarter of the size as objects. */
interface Entry {
  spec: PlanSpec;
  at: number[];
}

/** Below this the parser and the schema take a few milliseconds: reading a file would save nothing. */
export const MIN_CACHED_BYTES = 64 * 1024;
/** Entries kept; the oldest go first. Each plan file that changes leaves one stale entry behind. */
const MAX_ENTRIES = 16;
// YAML values JSON cannot carry (.inf and .nan become null) and a key JSON.parse treats differently.
const NOT_JSON_SAFE = /\.(?:inf|nan)\b|__proto__/i;

export function openPlanCache(dir: string, opts: PlanCacheOptions = {}): PlanCache {
  const fileOf = (text: string): string => path.join(dir, `${keyOf(text)}.json`);
  const pending: [string, CachedPlan][] = [];
  const write = (text: string, plan: CachedPlan): void => {
    const entry: Entry = { spec: plan.spec, at: plan.testLocations.flatMap((l) => [l.line, l.column]) };
    if (writeFileAtomicSync(fileOf(text), JSON.stringify(entry))) evictOldest(dir);
  };
  return {
    get(text) {
      if (text.length < MIN_CACHED_BYTES) return undefined;
      try {
        const entry = JSON.parse(readFileSync(fileOf(text), 'utf8')) as Partial<Entry>;
        if (!entry.spec || !Array.isArray(entry.at)) return undefined;
        const at = entry.at;
        return { spec: entry.spec, testLocations: Array.from({ length: at.length >> 1 }, (_, i) => ({ line: at[2 * i], column: at[2 * i + 1] })) };
      } catch {
        return undefined;
      }
    },
    set(text, plan) {
      if (text.length < MIN_CACHED_BYTES || NOT_JSON_SAFE.test(text)) return;
      if (opts.deferWrites) pending.push([text, plan]);
      else write(text, plan);
    },
    writePending() {
      for (const [text, plan] of pending.splice(0)) write(text, plan);
    },
  };
}

function evictOldest(dir: string): void {
  try {
    const entries = readdirSync(dir).filter((f) => f.endsWith('.json'));
    if (entries.length <= MAX_ENTRIES) return;
    const byAge = entries.map((f) => ({ f, at: statSync(path.join(dir, f)).mtimeMs })).sort((a, b) => a.at - b.at);
    for (const { f } of byAge.slice(0, entries.length - MAX_ENTRIES)) unlinkSync(path.join(dir, f));
  } catch {
    // A parallel run evicting the same entries: it is done either way.
  }
}

let build: string | undefined;

function keyOf(text: string): string {
  build ??= buildFingerprint();
  return createHash('sha256').update(build).update('\0').update(text).digest('hex').slice(0, 32);
}

/**
 * What decides how a text parses and validates: aitest's version, and for a build of the same version
 * (a developer's checkout) when the parsing and validating modules were last written.
 */
function buildFingerprint(): string {
  const here = new URL('.', import.meta.url);
  const ext = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
  const parts: string[] = [];
  try {
    parts.push((JSON.parse(readFileSync(new URL('../../package.json', here), 'utf8')) as { version: string }).version);
  } catch {
    parts.push('?');
  }
  for (const m of ['load', 'validate', 'plan-checks', 'template-checks', 'fast-yaml-source', 'json-source', 'validators/index']) {
    try {
      parts.push(String(statSync(new URL(`${m}${ext}`, here)).mtimeMs));
    } catch {
      parts.push('-');
    }
  }
  return parts.join(' ');
}
