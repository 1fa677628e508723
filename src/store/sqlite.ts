// Opens the results database (SQLite, WAL) and assembles the Store from its writer and queries.
import { accessSync, constants, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type BetterSqlite3 from 'better-sqlite3';
import { AitestError } from '../errors.js';
import { migrate } from './migrations.js';
import { createQueries } from './queries.js';
import { guarded, toStoreError } from './store-error.js';
import type { Store } from './types.js';
import { createWriter, type WriterOptions } from './writer.js';

export interface OpenStoreOptions {
  /** For commands that only read (show, history): a missing file is NOT_FOUND instead of a new empty database. */
  mustExist?: boolean;
  /** How long a write waits for another process's lock before failing. */
  busyTimeoutMs?: number;
  /** What the writer keeps besides results (the orchestrator's event log), and a run it carries on. */
  writer?: WriterOptions;
}

const inMemory = (file: string): boolean => file === ':memory:' || file === '';

export function openStore(file: string, opts: OpenStoreOptions = {}): Store {
  if (!inMemory(file)) prepareFile(file, opts.mustExist ?? false);

  let db: BetterSqlite3.Database | undefined;
  try {
    db = new Database(file, { fileMustExist: opts.mustExist ?? false });
    // WAL + NORMAL: a commit is a write() into the WAL, so a killed process loses nothing it committed;
    // only a power cut can lose the last commits, and the file stays consistent either way.
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma(`busy_timeout = ${Math.max(0, Math.floor(opts.busyTimeoutMs ?? 5000))}`);
    migrate(db);
    return assemble(db, file, opts.writer);
  } catch (e) {
    if (db?.open) db.close();
    throw toStoreError(e, file);
  }
}

function prepareFile(file: string, mustExist: boolean): void {
  if (mustExist) {
    if (!existsSync(file)) {
      throw new AitestError('NOT_FOUND', `No results database at ${file}.`, {
        hint: 'Run `aitest run` first, or point at the file with --db PATH / AITEST_DB.',
      });
    }
    return;
  }
  const dir = path.dirname(path.resolve(file));
  try {
    mkdirSync(dir, { recursive: true });
    // SQLite quietly falls back to read-only on a file it cannot write, and WAL needs to create
    // files next to the database: catch both now rather than at the first finished test.
    accessSync(dir, constants.W_OK);
    if (existsSync(file)) accessSync(file, constants.R_OK | constants.W_OK);
  } catch (e) {
    throw toStoreError(e, file);
  }
}

function assemble(db: BetterSqlite3.Database, file: string, writerOptions?: WriterOptions): Store {
  const writer = createWriter(db, writerOptions);
  const q = createQueries(db);
  return {
    path: file,
    write: (event, json) => guarded(file, () => writer.write(event, json)),
    flush: () => guarded(file, () => writer.flush()),
    getRun: (id) => guarded(file, () => q.getRun(id)),
    latestRun: (plan) => guarded(file, () => q.latestRun(plan)),
    listRuns: (opts) => guarded(file, () => q.listRuns(opts)),
    results: (runId) => guarded(file, () => q.results(runId)),
    result: (runId, testId, project) => guarded(file, () => q.result(runId, testId, project)),
    history: (name, opts) => guarded(file, () => q.history(name, opts)),
    lastFailed: (plans) => guarded(file, () => q.lastFailed(plans)),
    database: () => db,
    close: () => {
      if (!db.open) return;
      guarded(file, () => writer.flush());
      // The last connection to close checkpoints the WAL into the main file by itself.
      guarded(file, () => db.close());
    },
  };
}
