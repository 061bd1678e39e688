// The agents table: identity, last known status and load.
import type { AgentDto, AgentLoad, AgentStatus } from '../../preload/api.ts';
import type { HelloMessage } from '../../agent/protocol.ts';
import type { Db } from './database.ts';

interface AgentRow {
  agent_id: string;
  hostname: string;
  version: string;
  platform: string;
  arch: string;
  workspace: string;
  boot_id: string;
  status: AgentStatus;
  first_seen: number;
  last_seen: number;
  offline_since: number | null;
  last_heartbeat: number | null;
  load_json: string | null;
  labels_json: string;
  enrolment: EnrolmentState;
  key_fingerprint: string | null;
  next_fingerprint: string | null;
  denied_fingerprint: string | null;
  remote_ip: string | null;
  cert_expires_at: number | null;
}

export type EnrolmentState = 'pending' | 'accepted' | 'rejected' | 'denied';

export interface EnrolmentRecord {
  enrolment: EnrolmentState;
  keyFingerprint: string | null;
  nextFingerprint: string | null;
  deniedFingerprint: string | null;
  certExpiresAt: number | null;
}

export interface StoredAgent {
  agentId: string;
  bootId: string;
  status: AgentStatus;
  offlineSince: number | null;
}

export class AgentRepo {
  private readonly db: Db;
  private readonly upsert;
  private readonly byId;
  private readonly all;
  private readonly status;
  private readonly beat;

  constructor(db: Db) {
    this.db = db;
    this.upsert = db.prepare(`
      INSERT INTO agents (agent_id, hostname, version, platform, arch, workspace, boot_id, labels_json, status, first_seen, last_seen)
      VALUES (@agent_id, @hostname, @version, @platform, @arch, @workspace, @boot_id, @labels_json, 'online', @now, @now)
      ON CONFLICT (agent_id) DO UPDATE SET hostname = excluded.hostname, version = excluded.version, labels_json = excluded.labels_json,
        platform = excluded.platform, arch = excluded.arch, workspace = excluded.workspace,
        boot_id = excluded.boot_id, status = 'online', last_seen = excluded.last_seen, offline_since = NULL`);
    this.byId = db.prepare('SELECT * FROM agents WHERE agent_id = ?');
    this.all = db.prepare('SELECT * FROM agents ORDER BY agent_id');
    this.status = db.prepare('UPDATE agents SET status = ?, last_seen = ?, offline_since = ? WHERE agent_id = ?');
    this.beat = db.prepare('UPDATE agents SET last_heartbeat = ?, last_seen = ?, load_json = ? WHERE agent_id = ?');
  }

  /** Records a connecting agent; returns what was known before (null for a new agent). */
  connected(hello: HelloMessage, now: number): StoredAgent | null {
    const before = this.find(hello.agent_id);
    this.upsert.run({ agent_id: hello.agent_id, hostname: hello.hostname, version: hello.version, platform: hello.platform, arch: hello.arch, workspace: hello.workspace, boot_id: hello.boot_id, labels_json: JSON.stringify(hello.labels ?? []), now });
    return before;
  }

  setStatus(agentId: string, status: AgentStatus, now: number): void {
    this.status.run(status, now, status === 'offline' ? now : null, agentId);
  }

  heartbeat(agentId: string, load: AgentLoad, now: number): void {
    this.beat.run(now, now, JSON.stringify(load), agentId);
  }

  /** At master start no agent is connected yet, whatever the file says. */
  markAllOffline(now: number): void {
    this.db.prepare("UPDATE agents SET status = 'offline', offline_since = COALESCE(offline_since, ?) WHERE status != 'offline'").run(now);
  }

  find(agentId: string): StoredAgent | null {
    const row = this.byId.get(agentId) as AgentRow | undefined;
    return row ? { agentId: row.agent_id, bootId: row.boot_id, status: row.status, offlineSince: row.offline_since } : null;
  }

  get(agentId: string, running: number): AgentDto | null {
    const row = this.byId.get(agentId) as AgentRow | undefined;
    return row ? toDto(row, running) : null;
  }

  list(running: (agentId: string) => number): AgentDto[] {
    return (this.all.all() as AgentRow[]).map((row) => toDto(row, running(row.agent_id)));
  }

  enrolmentOf(agentId: string): EnrolmentRecord | null {
    const row = this.byId.get(agentId) as AgentRow | undefined;
    return row ? { enrolment: row.enrolment, keyFingerprint: row.key_fingerprint, nextFingerprint: row.next_fingerprint, deniedFingerprint: row.denied_fingerprint, certExpiresAt: row.cert_expires_at } : null;
  }

  /** Records an agent's key and enrolment state (a pending agent is known before it connects). */
  enrol(agentId: string, state: EnrolmentState, fingerprint: string, remoteIp: string | null, hostname: string): void {
    const now = Date.now();
    this.db.prepare(`
      INSERT INTO agents (agent_id, hostname, version, platform, arch, workspace, boot_id, status, first_seen, last_seen, enrolment, key_fingerprint, remote_ip)
      VALUES (?, ?, '', '', '', '', '', 'offline', ?, ?, ?, ?, ?)
      ON CONFLICT (agent_id) DO UPDATE SET enrolment = excluded.enrolment, key_fingerprint = excluded.key_fingerprint,
        next_fingerprint = NULL, denied_fingerprint = NULL, remote_ip = COALESCE(excluded.remote_ip, remote_ip)`).run(agentId, hostname, now, now, state, fingerprint, remoteIp);
  }

  /**
   * Deletes the oldest agents waiting for approval until `keep` are left; an agent that has
   * commands or jobs is kept. Returns the ids deleted.
   */
  expirePending(keep: number): string[] {
    const ids = (this.db.prepare(`
      SELECT agent_id FROM agents a WHERE enrolment = 'pending'
        AND NOT EXISTS (SELECT 1 FROM commands c WHERE c.agent_id = a.agent_id)
        AND NOT EXISTS (SELECT 1 FROM jobs j WHERE j.agent_id = a.agent_id)
      ORDER BY first_seen, rowid
      LIMIT max(0, (SELECT COUNT(*) FROM agents WHERE enrolment = 'pending') - ?)`).all(keep) as { agent_id: string }[]).map((r) => r.agent_id);
    const drop = this.db.prepare('DELETE FROM agents WHERE agent_id = ?');
    for (const id of ids) drop.run(id);
    return ids;
  }

  setEnrolment(agentId: string, state: EnrolmentState): boolean {
    const clearDenial = state === 'accepted' ? ', denied_fingerprint = NULL' : '';
    return this.db.prepare(`UPDATE agents SET enrolment = ?${clearDenial} WHERE agent_id = ?`).run(state, agentId).changes > 0;
  }

  deny(agentId: string, fingerprint: string, remoteIp: string): void {
    this.db.prepare("UPDATE agents SET enrolment = 'denied', denied_fingerprint = ?, remote_ip = ? WHERE agent_id = ?").run(fingerprint, remoteIp, agentId);
  }

  /** A renewed certificate's key, accepted next to the current one until the agent uses it. */
  expectKey(agentId: string, fingerprint: string): void {
    this.db.prepare('UPDATE agents SET next_fingerprint = ? WHERE agent_id = ?').run(fingerprint, agentId);
  }

  promoteKey(agentId: string): void {
    this.db.prepare('UPDATE agents SET key_fingerprint = next_fingerprint, next_fingerprint = NULL WHERE agent_id = ?').run(agentId);
  }

  certificateSeen(agentId: string, expiresAt: number): void {
    this.db.prepare('UPDATE agents SET cert_expires_at = ? WHERE agent_id = ?').run(expiresAt, agentId);
  }

  offlineSince(): { agentId: string; since: number }[] {
    return (this.db.prepare("SELECT agent_id, offline_since FROM agents WHERE status = 'offline' AND offline_since IS NOT NULL").all() as AgentRow[])
      .map((row) => ({ agentId: row.agent_id, since: row.offline_since! }));
  }
}

function toDto(row: AgentRow, running: number): AgentDto {
  return {
    agent_id: row.agent_id,
    hostname: row.hostname,
    status: row.status,
    version: row.version,
    platform: row.platform,
    arch: row.arch,
    workspace: row.workspace,
    last_heartbeat: iso(row.last_heartbeat),
    running,
    load: row.load_json ? (JSON.parse(row.load_json) as AgentLoad) : null,
    labels: JSON.parse(row.labels_json) as string[],
    enrolment: row.enrolment,
    key_fingerprint: row.key_fingerprint,
    denied_fingerprint: row.denied_fingerprint,
    remote_ip: row.remote_ip,
    cert_expires_at: iso(row.cert_expires_at),
    first_seen: new Date(row.first_seen).toISOString(),
    last_seen: new Date(row.last_seen).toISOString(),
  };
}

export function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}
