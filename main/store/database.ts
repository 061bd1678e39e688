// Opens the one SQLite file of the master and brings its schema up to date.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { MIGRATIONS, type Migration } from './migrations.ts';

export type SqliteDb = Database.Database;

export interface RunResult {
  changes: number;
  lastInsertRowid: number | bigint;
}

/** A prepared statement as the repositories use it. */
export interface Statement {
  run(...params: unknown[]): RunResult;
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
  iterate(...params: unknown[]): IterableIterator<unknown>;
}

/**
 * What the repositories need of a database: a SQLite connection in the writer thread, and on
 * the main thread a view that reads from its own connection and sends writes to the writer.
 */
export interface Db {
  prepare(sql: string): Statement;
  transaction<T>(fn: () => T): () => T;
}

/**
 * Opens (and migrates) the file. `busyTimeoutMs`: how long a statement waits for a lock held by
 * another connection before it fails with SQLITE_BUSY.
 */
export function openDatabase(file: string, migrations: readonly Migration[] = MIGRATIONS, busyTimeoutMs = 5000): SqliteDb {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const db = new Database(file);
  // WAL: readers (history, API) never wait for the output writer. NORMAL sync in WAL mode
  // survives a crash of the process; a chunk is acked only after its transaction commits.
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma(`busy_timeout = ${busyTimeoutMs}`);
  // A migration that rebuilds a table runs without foreign keys (checked before it commits);
  // they are enforced from then on.
  db.pragma('foreign_keys = OFF');
  migrate(db, migrations);
  db.pragma('foreign_keys = ON');
  return db;
}

/** The main thread's connection: reads only, and never waits for a lock. */
export function openReader(file: string): SqliteDb {
  const db = new Database(file, { fileMustExist: true });
  db.pragma('busy_timeout = 0');
  db.pragma('query_only = ON');
  return db;
}

function migrate(db: SqliteDb, migrations: readonly Migration[]): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)');
  const applied = new Set((db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map((r) => r.version));
  const newest = Math.max(0, ...applied);
  const known = Math.max(0, ...migrations.map((m) => m.version));
  if (newest > known) {
    throw new Error(`the database was written by a newer P4 Integrator (schema ${newest}, this version knows ${known}); refusing to open it`);
  }
  for (const migration of migrations) {
    if (applied.has(migration.version)) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      const broken = db.pragma('foreign_key_check') as unknown[];
      if (broken.length > 0) throw new Error(`migration ${migration.version} left ${broken.length} rows with dangling references`);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(migration.version, migration.name, Date.now());
    })();
  }
}
