// Opens the one SQLite file of the master and brings its schema up to date.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { MIGRATIONS, type Migration } from './migrations.ts';

export type Db = Database.Database;

export function openDatabase(file: string, migrations: readonly Migration[] = MIGRATIONS): Db {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const db = new Database(file);
  // WAL: readers (history, API) never wait for the output writer. NORMAL sync in WAL mode
  // survives a crash of the process; a chunk is acked only after its transaction commits.
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  // A migration that rebuilds a table runs without foreign keys (checked before it commits);
  // they are enforced from then on.
  db.pragma('foreign_keys = OFF');
  migrate(db, migrations);
  db.pragma('foreign_keys = ON');
  return db;
}

function migrate(db: Db, migrations: readonly Migration[]): void {
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
