// The commands table: what was asked of which agent, and how it ended.
import type { CommandDto, CommandState } from '../../preload/api.ts';
import type { ExecSpec } from '../../agent/protocol.ts';
import type { Db } from './database.ts';
import { iso } from './agent-repo.ts';

interface CommandRow {
  cmd_id: string;
  agent_id: string;
  command_json: string;
  shell: number;
  cwd: string | null;
  env_json: string;
  timeout_s: number | null;
  options_json: string;
  state: CommandState;
  exit_code: number | null;
  signal: string | null;
  reason: string | null;
  pid: number | null;
  kill_requested_at: number | null;
  created_at: number;
  started_at: number | null;
  ended_at: number | null;
  stdout_bytes: number;
  stderr_bytes: number;
}

export const TERMINAL_STATES: ReadonlySet<CommandState> = new Set(['exited', 'failed_to_start', 'killed', 'timed_out', 'lost']);

export interface StoredCommand {
  cmdId: string;
  agentId: string;
  state: CommandState;
  killRequested: boolean;
  stdoutBytes: number;
  stderrBytes: number;
  spec: ExecSpec;
}

export interface CommandEnd {
  state: CommandState;
  exitCode: number | null;
  signal: string | null;
  reason: string | null;
  startedAt: number | null;
  endedAt: number;
}

export class CommandRepo {
  private readonly db: Db;
  private readonly insertStmt;
  private readonly byId;
  private readonly startStmt;
  private readonly endStmt;

  constructor(db: Db) {
    this.db = db;
    this.insertStmt = db.prepare(`
      INSERT INTO commands (cmd_id, agent_id, command_json, shell, cwd, env_json, timeout_s, options_json, state, created_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'queued', ?)`);
    this.byId = db.prepare('SELECT * FROM commands WHERE cmd_id = ?');
    this.startStmt = db.prepare("UPDATE commands SET state = 'running', pid = ?, started_at = ? WHERE cmd_id = ? AND state IN ('queued', 'running')");
    this.endStmt = db.prepare(`
      UPDATE commands SET state = @state, exit_code = @exitCode, signal = @signal, reason = @reason,
        started_at = COALESCE(started_at, @startedAt), ended_at = @endedAt
      WHERE cmd_id = @cmdId AND state IN ('queued', 'running')`);
  }

  insert(agentId: string, spec: ExecSpec, now: number): void {
    const options = { tmpdir: spec.tmpdir ?? null, limits: spec.limits ?? null, secret_env: spec.secret_env ?? null };
    this.insertStmt.run(spec.cmd_id, agentId, JSON.stringify(spec.command), spec.shell ? 1 : 0, spec.cwd, JSON.stringify(spec.env), spec.timeout_s, JSON.stringify(options), now);
  }

  find(cmdId: string): StoredCommand | null {
    const row = this.byId.get(cmdId) as CommandRow | undefined;
    return row ? toStored(row) : null;
  }

  get(cmdId: string): CommandDto | null {
    const row = this.byId.get(cmdId) as CommandRow | undefined;
    return row ? toDto(row) : null;
  }

  markStarted(cmdId: string, pid: number | null, startedAt: number): boolean {
    return this.startStmt.run(pid, startedAt, cmdId).changes > 0;
  }

  /** Replaces the stored env (its secret values are erased once the command is final). */
  setEnv(cmdId: string, env: Record<string, string>): void {
    this.db.prepare('UPDATE commands SET env_json = ? WHERE cmd_id = ?').run(JSON.stringify(env), cmdId);
  }

  /** Moves a live command to its final state; false when it had already ended. */
  markEnded(cmdId: string, end: CommandEnd): boolean {
    return this.endStmt.run({ cmdId, ...end }).changes > 0;
  }

  requestKill(cmdId: string, now: number): void {
    this.db.prepare('UPDATE commands SET kill_requested_at = ? WHERE cmd_id = ?').run(now, cmdId);
  }

  /** Commands not yet ended on one agent (queued ones oldest first). */
  live(agentId: string): StoredCommand[] {
    return (this.db.prepare("SELECT * FROM commands WHERE agent_id = ? AND state IN ('queued', 'running') ORDER BY created_at").all(agentId) as CommandRow[]).map(toStored);
  }

  /** Newest first, with the filters of `GET /api/commands`. */
  list(query: { state?: CommandState; agent_id?: string; before?: string; limit?: number }): CommandDto[] {
    const filters: [string, string | number | undefined][] = [
      ['state = ?', query.state],
      ['agent_id = ?', query.agent_id],
      ['created_at < ?', query.before ? Date.parse(query.before) : undefined],
    ];
    const used = filters.filter(([, v]) => v !== undefined);
    const where = used.map(([sql]) => sql);
    const values = used.map(([, v]) => v!);
    const sql = `SELECT * FROM commands ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at DESC, rowid DESC LIMIT ?`;
    return (this.db.prepare(sql).all(...values, query.limit ?? 100) as CommandRow[]).map(toDto);
  }

  countRunning(): Map<string, number> {
    const rows = this.db.prepare("SELECT agent_id, COUNT(*) AS n FROM commands WHERE state = 'running' GROUP BY agent_id").all() as { agent_id: string; n: number }[];
    return new Map(rows.map((r) => [r.agent_id, r.n]));
  }
}

function toStored(row: CommandRow): StoredCommand {
  return {
    cmdId: row.cmd_id,
    agentId: row.agent_id,
    state: row.state,
    killRequested: row.kill_requested_at !== null,
    stdoutBytes: row.stdout_bytes,
    stderrBytes: row.stderr_bytes,
    spec: {
      cmd_id: row.cmd_id,
      command: JSON.parse(row.command_json) as string[] | string,
      shell: row.shell === 1,
      cwd: row.cwd,
      env: JSON.parse(row.env_json) as Record<string, string>,
      timeout_s: row.timeout_s,
      ...(JSON.parse(row.options_json) as Pick<ExecSpec, 'tmpdir' | 'limits' | 'secret_env'>),
    },
  };
}

function toDto(row: CommandRow): CommandDto {
  return {
    cmd_id: row.cmd_id,
    agent_id: row.agent_id,
    command: JSON.parse(row.command_json) as string[] | string,
    shell: row.shell === 1,
    cwd: row.cwd,
    state: row.state,
    exit_code: row.exit_code,
    signal: row.signal,
    pid: row.pid,
    reason: row.reason,
    created_at: new Date(row.created_at).toISOString(),
    started_at: iso(row.started_at),
    ended_at: iso(row.ended_at),
    stdout_bytes: row.stdout_bytes,
    stderr_bytes: row.stderr_bytes,
  };
}
