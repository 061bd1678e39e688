// Append-only audit trail: who did what to which target, and when.
import type { AuditEvent } from '../../preload/api.ts';
import type { Db } from './database.ts';

export class AuditRepo {
  private readonly insert;
  private readonly db: Db;

  constructor(db: Db) {
    this.db = db;
    this.insert = db.prepare('INSERT INTO audit_events (at, actor, action, target, detail_json) VALUES (?, ?, ?, ?, ?)');
  }

  record(actor: string, action: string, target: string | null, detail?: Record<string, unknown>): void {
    this.insert.run(Date.now(), actor, action, target, detail ? JSON.stringify(detail) : null);
  }

  /** Events after `afterId`, oldest first. */
  list(afterId: number, limit: number): AuditEvent[] {
    return (this.db.prepare('SELECT * FROM audit_events WHERE id > ? ORDER BY id LIMIT ?').all(afterId, limit) as { id: number; at: number; actor: string; action: string; target: string | null; detail_json: string | null }[])
      .map((r) => ({ id: r.id, at: new Date(r.at).toISOString(), actor: r.actor, action: r.action, target: r.target, detail: r.detail_json ? (JSON.parse(r.detail_json) as Record<string, unknown>) : null }));
  }
}
