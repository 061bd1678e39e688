// Append-only audit trail: who did what to which target, and when.
import type { Db } from './database.ts';

export class AuditRepo {
  private readonly insert;

  constructor(db: Db) {
    this.insert = db.prepare('INSERT INTO audit_events (at, actor, action, target, detail_json) VALUES (?, ?, ?, ?, ?)');
  }

  record(actor: string, action: string, target: string | null, detail?: Record<string, unknown>): void {
    this.insert.run(Date.now(), actor, action, target, detail ? JSON.stringify(detail) : null);
  }
}
