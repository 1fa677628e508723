// Plans stored on an orchestrator (`aitest serve`), as the bundles the CLI sends.
import { openStore } from './sqlite.js';

interface StoredPlan {
  id: string;
  name: string;
  bundle: unknown;
  createdAt: number;
  updatedAt: number;
}

export interface PlanBundleStore {
  get(id: string): StoredPlan | undefined;
  /** Inserts or replaces; returns whether it existed. */
  put(id: string, name: string, bundle: unknown): boolean;
  delete(id: string): boolean;
  close(): void;
}

export function openPlanBundles(file: string): PlanBundleStore {
  const store = openStore(file);
  const db = store.database();
  const read = db.prepare<[string], { id: string; name: string; bundle: string; created_at: number; updated_at: number }>('SELECT * FROM plan_bundles WHERE id = ?');
  const insert = db.prepare('INSERT INTO plan_bundles (id, name, bundle, created_at, updated_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET name = excluded.name, bundle = excluded.bundle, updated_at = excluded.updated_at');
  const remove = db.prepare('DELETE FROM plan_bundles WHERE id = ?');
  return {
    get(id) {
      const row = read.get(id);
      return row && { id: row.id, name: row.name, bundle: JSON.parse(row.bundle) as unknown, createdAt: row.created_at, updatedAt: row.updated_at };
    },
    put(id, name, bundle) {
      const existed = read.get(id) !== undefined;
      const now = Date.now();
      insert.run(id, name, JSON.stringify(bundle), now, now);
      return existed;
    },
    delete: (id) => remove.run(id).changes > 0,
    close: () => store.close(),
  };
}
