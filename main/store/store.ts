// Owner of the SQLite file and its repositories.
import { join } from 'node:path';
import { AgentRepo } from './agent-repo.ts';
import { AuditRepo } from './audit-repo.ts';
import { CommandRepo } from './command-repo.ts';
import { openDatabase, type Db } from './database.ts';
import { JobRepo } from './job-repo.ts';
import { OutputRepo } from './output-repo.ts';
import { OutputSearch } from './output-search.ts';
import { SettingsRepo } from './settings-repo.ts';
import type { Disposable } from '../base/disposable.ts';

export const DATABASE_FILE = 'p4-integrator.db';

export class Store implements Disposable {
  readonly db: Db;
  readonly agents: AgentRepo;
  readonly commands: CommandRepo;
  readonly output: OutputRepo;
  /** Full-text index of output, kept up to date behind the writer. */
  readonly search: OutputSearch;
  readonly audit: AuditRepo;
  readonly jobs: JobRepo;
  readonly settings: SettingsRepo;

  constructor(dataDir: string) {
    this.db = openDatabase(join(dataDir, DATABASE_FILE));
    this.agents = new AgentRepo(this.db);
    this.commands = new CommandRepo(this.db);
    this.output = new OutputRepo(this.db);
    this.search = new OutputSearch(this.db);
    this.audit = new AuditRepo(this.db);
    this.jobs = new JobRepo(this.db);
    this.settings = new SettingsRepo(this.db);
  }

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  dispose(): void {
    this.search.dispose();
    if (this.db.open) this.db.close();
  }
}
