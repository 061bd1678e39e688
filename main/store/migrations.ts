// Numbered schema migrations, applied in order at startup inside one transaction each.
// Never edit a shipped migration: add the next number.
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'agents, commands, output chunks, audit, settings',
    sql: `
      CREATE TABLE agents (
        agent_id TEXT PRIMARY KEY,
        hostname TEXT NOT NULL,
        version TEXT NOT NULL,
        platform TEXT NOT NULL,
        arch TEXT NOT NULL,
        workspace TEXT NOT NULL,
        boot_id TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('online', 'unresponsive', 'offline')),
        first_seen INTEGER NOT NULL,
        last_seen INTEGER NOT NULL,
        offline_since INTEGER,
        last_heartbeat INTEGER,
        load_json TEXT
      );
      CREATE TABLE commands (
        cmd_id TEXT PRIMARY KEY,
        agent_id TEXT NOT NULL REFERENCES agents (agent_id),
        command_json TEXT NOT NULL,
        shell INTEGER NOT NULL,
        cwd TEXT,
        env_json TEXT NOT NULL,
        timeout_s REAL,
        state TEXT NOT NULL CHECK (state IN ('queued', 'running', 'exited', 'killed', 'timed_out', 'lost')),
        exit_code INTEGER,
        signal TEXT,
        reason TEXT,
        pid INTEGER,
        kill_requested_at INTEGER,
        created_at INTEGER NOT NULL,
        started_at INTEGER,
        ended_at INTEGER,
        stdout_bytes INTEGER NOT NULL DEFAULT 0,
        stderr_bytes INTEGER NOT NULL DEFAULT 0
      );
      CREATE INDEX commands_by_agent_state ON commands (agent_id, state);
      -- Output as the agent chunked it (up to 64 KiB each), keyed by byte offset per stream.
      CREATE TABLE output_chunks (
        cmd_id TEXT NOT NULL REFERENCES commands (cmd_id),
        stream INTEGER NOT NULL CHECK (stream IN (0, 1)),
        offset INTEGER NOT NULL,
        data BLOB NOT NULL,
        PRIMARY KEY (cmd_id, stream, offset)
      );
      CREATE TABLE audit_events (
        id INTEGER PRIMARY KEY,
        at INTEGER NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        target TEXT,
        detail_json TEXT
      );
      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value_json TEXT NOT NULL
      );
    `,
  },
];
