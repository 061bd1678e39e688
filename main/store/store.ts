// Owner of the SQLite file and its repositories. The writer thread holds the only connection
// that writes (store-writer.ts); this thread reads through its own connection (db-view.ts).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { AgentRepo } from './agent-repo.ts';
import { AuditRepo } from './audit-repo.ts';
import { CommandRepo } from './command-repo.ts';
import { openReader, type Db, type SqliteDb } from './database.ts';
import { DbView } from './db-view.ts';
import { JobRepo } from './job-repo.ts';
import { OutputRepo } from './output-repo.ts';
import { StoreWriter } from './store-writer.ts';
import { SettingsRepo } from './settings-repo.ts';
import type { Disposable } from '../base/disposable.ts';

export const DATABASE_FILE = 'p4-integrator.db';

export class Store implements Disposable {
  readonly db: Db;
  readonly writer: StoreWriter;
  readonly agents: AgentRepo;
  readonly commands: CommandRepo;
  readonly output: OutputRepo;
  readonly audit: AuditRepo;
  readonly jobs: JobRepo;
  readonly settings: SettingsRepo;
  private readonly reader: SqliteDb;

  constructor(dataDir: string) {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    const file = join(dataDir, DATABASE_FILE);
    this.writer = new StoreWriter(file);
    this.reader = openReader(file);
    this.db = new DbView(this.reader, this.writer);
    this.agents = new AgentRepo(this.db);
    this.commands = new CommandRepo(this.db);
    this.output = new OutputRepo(this.db);
    this.audit = new AuditRepo(this.db);
    this.jobs = new JobRepo(this.db);
    this.settings = new SettingsRepo(this.db);
  }

  /** Full-text index state: it is filled behind the writer. */
  get search(): { current: boolean; catchUp(): void } {
    return { current: this.writer.indexCurrent, catchUp: () => this.writer.indexAll() };
  }

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  dispose(): void {
    this.writer.dispose();
    if (this.reader.open) this.reader.close();
  }
}
