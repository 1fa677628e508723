// The judge's verdict cache in the results database: its own connection (WAL lets it read and write
// beside the run's writer thread), opened only when a run first asks a configured judge.
import { openStore } from './sqlite.js';

export interface VerdictCache {
  /** The cached value for `key` if it is younger than `ttlMs`. */
  get(key: string, ttlMs: number): unknown;
  put(key: string, value: unknown): void;
  close(): void;
}

export function openVerdictCache(file: string): VerdictCache {
  // openStore runs the migrations (judge_cache is one), then its connection serves plain SQL.
  const store = openStore(file);
  const db = store.database();
  const read = db.prepare<[string], { outcome: string; created_at: number }>('SELECT outcome, created_at FROM judge_cache WHERE key = ?');
  const write = db.prepare('INSERT OR REPLACE INTO judge_cache (key, outcome, created_at) VALUES (?, ?, ?)');
  return {
    get(key, ttlMs) {
      const row = read.get(key);
      if (!row || Date.now() - row.created_at > ttlMs) return undefined;
      try {
        return JSON.parse(row.outcome) as unknown;
      } catch {
        return undefined;
      }
    },
    put(key, value) {
      write.run(key, JSON.stringify(value), Date.now());
    },
    close: () => store.close(),
  };
}
