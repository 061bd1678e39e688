// The `bootstraps` table: every bootstrap as its DTO, so GET /api/bootstraps/:id works after
// the attempt ended and after a master restart.
import type { BootstrapDto } from '../../preload/api.ts';
import type { Db } from '../store/database.ts';

export class BootstrapRepo {
  private readonly db: Db;
  private readonly upsert;

  constructor(db: Db) {
    this.db = db;
    this.upsert = db.prepare(`INSERT INTO bootstraps (bootstrap_id, agent_id, host, state, created_at, dto_json) VALUES (?, ?, ?, ?, ?, ?)
      ON CONFLICT (bootstrap_id) DO UPDATE SET state = excluded.state, dto_json = excluded.dto_json`);
  }

  save(dto: BootstrapDto): void {
    this.upsert.run(dto.bootstrap_id, dto.agent_id, dto.request.host, dto.state, Date.parse(dto.created_at), JSON.stringify(dto));
  }

  get(id: string): BootstrapDto | null {
    const row = this.db.prepare('SELECT dto_json FROM bootstraps WHERE bootstrap_id = ?').get(id) as { dto_json: string } | undefined;
    return row ? (JSON.parse(row.dto_json) as BootstrapDto) : null;
  }

  list(limit: number): BootstrapDto[] {
    return (this.db.prepare('SELECT dto_json FROM bootstraps ORDER BY created_at DESC, rowid DESC LIMIT ?').all(limit) as { dto_json: string }[]).map((r) => JSON.parse(r.dto_json) as BootstrapDto);
  }

  /** The last successful start of `agentId`: what stop and restart reconnect with. */
  lastStarted(agentId: string): BootstrapDto | null {
    const row = this.db.prepare("SELECT dto_json FROM bootstraps WHERE agent_id = ? AND state = 'done' AND dto_json->>'action' != 'stop' ORDER BY created_at DESC, rowid DESC LIMIT 1").get(agentId) as { dto_json: string } | undefined;
    return row ? (JSON.parse(row.dto_json) as BootstrapDto) : null;
  }

  /** The node path that worked last time for this host (the per-host setting). */
  lastNodePath(host: string): string | null {
    const row = this.db.prepare("SELECT dto_json->>'$.request.node_path' AS p FROM bootstraps WHERE host = ? AND state = 'done' AND dto_json->>'$.request.node_path' IS NOT NULL ORDER BY created_at DESC, rowid DESC LIMIT 1").get(host) as { p: string } | undefined;
    return row?.p ?? null;
  }

  /** Bootstraps a master restart interrupted end as failed. */
  failUnfinished(now: number): void {
    const rows = this.db.prepare("SELECT dto_json FROM bootstraps WHERE state NOT IN ('done', 'failed', 'cancelled')").all() as { dto_json: string }[];
    for (const { dto_json } of rows) {
      const dto = JSON.parse(dto_json) as BootstrapDto;
      this.save({ ...dto, state: 'failed', prompt: null, error: 'the master stopped during this bootstrap; start it again', ended_at: new Date(now).toISOString(), duration_ms: now - Date.parse(dto.created_at) });
    }
  }
}
