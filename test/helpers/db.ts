// Reads a results database back the way a user's own script would: plain SQL.
import Database from 'better-sqlite3';

export function queryDb<T = Record<string, unknown>>(file: string, sql: string, ...params: unknown[]): T[] {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}
