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
  {
    version: 2,
    name: 'jobs, stage runs, agent labels',
    sql: `
      ALTER TABLE agents ADD COLUMN labels_json TEXT NOT NULL DEFAULT '[]';
      ALTER TABLE commands ADD COLUMN options_json TEXT NOT NULL DEFAULT '{}';
      CREATE TABLE jobs (
        job_id TEXT PRIMARY KEY,
        target_agent TEXT,
        target_labels_json TEXT NOT NULL DEFAULT '[]',
        agent_id TEXT REFERENCES agents (agent_id),
        priority INTEGER NOT NULL CHECK (priority IN (0, 1, 2)),
        spec_json TEXT NOT NULL,
        workspace TEXT NOT NULL,
        branch_spec TEXT NOT NULL,
        description TEXT NOT NULL,
        stage TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'needs_resolve', 'done', 'error', 'cancelled')),
        changelist INTEGER,
        error TEXT,
        conflicts_json TEXT NOT NULL DEFAULT '[]',
        counters_json TEXT NOT NULL DEFAULT '{}',
        current_cmd_id TEXT,
        retry_at INTEGER,
        last_check_at INTEGER,
        cancelled_by TEXT,
        created_by TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        started_at INTEGER,
        ended_at INTEGER
      );
      CREATE INDEX jobs_by_status ON jobs (status, priority, created_at);
      CREATE INDEX jobs_by_created ON jobs (created_at);
      CREATE INDEX jobs_by_command ON jobs (current_cmd_id);
      CREATE TABLE stage_runs (
        id INTEGER PRIMARY KEY,
        job_id TEXT NOT NULL REFERENCES jobs (job_id),
        stage TEXT NOT NULL,
        attempt INTEGER NOT NULL,
        purpose TEXT NOT NULL CHECK (purpose IN ('stage', 'check', 'probe')),
        cmd_id TEXT REFERENCES commands (cmd_id),
        command TEXT NOT NULL,
        exit_code INTEGER,
        outcome TEXT,
        summary TEXT,
        decision TEXT,
        next_stage TEXT,
        started_at INTEGER NOT NULL,
        ended_at INTEGER
      );
      CREATE INDEX stage_runs_by_job ON stage_runs (job_id, id);
      CREATE INDEX stage_runs_by_command ON stage_runs (cmd_id);
    `,
  },
  {
    version: 3,
    name: 'agent enrolment',
    sql: `
      ALTER TABLE agents ADD COLUMN enrolment TEXT NOT NULL DEFAULT 'accepted' CHECK (enrolment IN ('pending', 'accepted', 'rejected', 'denied'));
      ALTER TABLE agents ADD COLUMN key_fingerprint TEXT;
      ALTER TABLE agents ADD COLUMN next_fingerprint TEXT;
      ALTER TABLE agents ADD COLUMN denied_fingerprint TEXT;
      ALTER TABLE agents ADD COLUMN remote_ip TEXT;
      ALTER TABLE agents ADD COLUMN cert_expires_at INTEGER;
    `,
  },
  {
    version: 4,
    name: 'full-text index over command output',
    // Contentless: the text already lives in output_chunks; each index row shares its chunk's
    // rowid. Output stored before this migration is indexed here, newer output as it is written.
    sql: `
      CREATE VIRTUAL TABLE output_fts USING fts5 (text, content = '', contentless_delete = 1, tokenize = 'unicode61');
      INSERT INTO output_fts (rowid, text) SELECT rowid, CAST(data AS TEXT) FROM output_chunks;
    `,
  },
  {
    version: 5,
    name: 'SSH bootstraps',
    // The whole BootstrapDto as JSON (it never holds a secret: answers to prompts are not kept),
    // with the columns lists and look-ups need.
    sql: `
      CREATE TABLE bootstraps (
        bootstrap_id TEXT PRIMARY KEY,
        agent_id TEXT NOT NULL,
        host TEXT NOT NULL,
        state TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        dto_json TEXT NOT NULL
      );
      CREATE INDEX bootstraps_by_agent ON bootstraps (agent_id, created_at);
    `,
  },
  {
    version: 6,
    name: 'job numbers',
    // A short number per master (#1, #2, …) that people can say and type; older jobs are
    // numbered in the order they were created.
    sql: `
      ALTER TABLE jobs ADD COLUMN number INTEGER;
      UPDATE jobs SET number = (SELECT COUNT(*) FROM jobs AS j2 WHERE j2.created_at < jobs.created_at OR (j2.created_at = jobs.created_at AND j2.rowid <= jobs.rowid));
      CREATE UNIQUE INDEX jobs_by_number ON jobs (number);
    `,
  },
  {
    version: 7,
    name: 'command state failed_to_start',
    // SQLite cannot change a CHECK constraint in place: the table is rebuilt (foreign keys are
    // off while migrations run and checked before each one commits).
    sql: `
      CREATE TABLE commands_new (
        cmd_id TEXT PRIMARY KEY,
        agent_id TEXT NOT NULL REFERENCES agents (agent_id),
        command_json TEXT NOT NULL,
        shell INTEGER NOT NULL,
        cwd TEXT,
        env_json TEXT NOT NULL,
        timeout_s REAL,
        state TEXT NOT NULL CHECK (state IN ('queued', 'running', 'exited', 'failed_to_start', 'killed', 'timed_out', 'lost')),
        exit_code INTEGER,
        signal TEXT,
        reason TEXT,
        pid INTEGER,
        kill_requested_at INTEGER,
        created_at INTEGER NOT NULL,
        started_at INTEGER,
        ended_at INTEGER,
        stdout_bytes INTEGER NOT NULL DEFAULT 0,
        stderr_bytes INTEGER NOT NULL DEFAULT 0,
        options_json TEXT NOT NULL DEFAULT '{}'
      );
      INSERT INTO commands_new SELECT cmd_id, agent_id, command_json, shell, cwd, env_json, timeout_s, state, exit_code, signal, reason, pid,
        kill_requested_at, created_at, started_at, ended_at, stdout_bytes, stderr_bytes, options_json FROM commands;
      DROP TABLE commands;
      ALTER TABLE commands_new RENAME TO commands;
      CREATE INDEX commands_by_agent_state ON commands (agent_id, state);
    `,
  },
  {
    version: 8,
    name: 'jobs own their change: blocked status, submitted change, outcome, clean-up',
    // SQLite cannot change a CHECK constraint in place: the jobs table is rebuilt (foreign keys,
    // such as stage_runs.job_id, are checked before the migration commits, when every job is back).
    sql: `
      CREATE TABLE jobs_before_8 AS SELECT * FROM jobs;
      DROP TABLE jobs;
      CREATE TABLE jobs (
        job_id TEXT PRIMARY KEY,
        target_agent TEXT,
        target_labels_json TEXT NOT NULL DEFAULT '[]',
        agent_id TEXT REFERENCES agents (agent_id),
        priority INTEGER NOT NULL CHECK (priority IN (0, 1, 2)),
        spec_json TEXT NOT NULL,
        workspace TEXT NOT NULL,
        branch_spec TEXT NOT NULL,
        description TEXT NOT NULL,
        stage TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'needs_resolve', 'blocked', 'done', 'error', 'cancelled')),
        changelist INTEGER,
        submitted_change INTEGER,
        outcome TEXT CHECK (outcome IN ('submitted', 'nothing_to_integrate')),
        cleanup TEXT CHECK (cleanup IN ('pending', 'done', 'kept', 'failed')),
        after_end_step TEXT,
        left_in_perforce TEXT,
        error TEXT,
        conflicts_json TEXT NOT NULL DEFAULT '[]',
        counters_json TEXT NOT NULL DEFAULT '{}',
        current_cmd_id TEXT,
        retry_at INTEGER,
        last_check_at INTEGER,
        cancelled_by TEXT,
        created_by TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        started_at INTEGER,
        ended_at INTEGER,
        number INTEGER
      );
      INSERT INTO jobs (job_id, target_agent, target_labels_json, agent_id, priority, spec_json, workspace, branch_spec, description, stage, status, changelist, error, conflicts_json, counters_json, current_cmd_id, retry_at, last_check_at, cancelled_by, created_by, created_at, updated_at, started_at, ended_at, number) SELECT job_id, target_agent, target_labels_json, agent_id, priority, spec_json, workspace, branch_spec, description, stage, status, changelist, error, conflicts_json, counters_json, current_cmd_id, retry_at, last_check_at, cancelled_by, created_by, created_at, updated_at, started_at, ended_at, number FROM jobs_before_8;
      DROP TABLE jobs_before_8;
      CREATE INDEX jobs_by_status ON jobs (status, priority, created_at);
      CREATE INDEX jobs_by_created ON jobs (created_at);
      CREATE INDEX jobs_by_command ON jobs (current_cmd_id);
      CREATE UNIQUE INDEX jobs_by_number ON jobs (number);
      CREATE INDEX jobs_by_changelist ON jobs (changelist);
      CREATE INDEX jobs_by_submitted_change ON jobs (submitted_change);
      CREATE INDEX jobs_after_end ON jobs (after_end_step) WHERE after_end_step IS NOT NULL;
    `,
  },
  {
    version: 9,
    name: 'output chunk arrival times and line counts',
    // When each chunk was stored (ms since the epoch) gives every line its time; the newline
    // count per chunk lets a viewer number the lines of a slice from the end of a long output
    // without reading what comes before it. Older chunks have no time; their lines are counted here.
    sql: `
      ALTER TABLE output_chunks ADD COLUMN at INTEGER;
      ALTER TABLE output_chunks ADD COLUMN newlines INTEGER;
      UPDATE output_chunks SET newlines = length(data) - length(CAST(replace(CAST(data AS TEXT), char(10), '') AS BLOB));
      -- Both columns sit after the chunk's BLOB in its row, so reading them there means walking
      -- the BLOB's overflow pages: this index answers line counts and times without the output.
      CREATE INDEX output_chunks_lines ON output_chunks (cmd_id, stream, offset, newlines, at);
    `,
  },
  {
    version: 10,
    name: 'one change at a time; resolve actions on the timeline',
    // chain_json: the source changes a one-change-at-a-time job integrates, each with its state,
    // pending change and submitted change (null for other jobs). Stage runs gain two purposes:
    // 'plan' (the p4 interchanges that lists a chain's changes) and 'action' (a resolve taken
    // from the app). SQLite cannot change a CHECK in place, so stage_runs is rebuilt (nothing
    // references it).
    sql: `
      ALTER TABLE jobs ADD COLUMN chain_json TEXT;
      CREATE TABLE stage_runs_new (
        id INTEGER PRIMARY KEY,
        job_id TEXT NOT NULL REFERENCES jobs (job_id),
        stage TEXT NOT NULL,
        attempt INTEGER NOT NULL,
        purpose TEXT NOT NULL CHECK (purpose IN ('stage', 'check', 'probe', 'plan', 'action')),
        cmd_id TEXT REFERENCES commands (cmd_id),
        command TEXT NOT NULL,
        exit_code INTEGER,
        outcome TEXT,
        summary TEXT,
        decision TEXT,
        next_stage TEXT,
        started_at INTEGER NOT NULL,
        ended_at INTEGER
      );
      INSERT INTO stage_runs_new SELECT id, job_id, stage, attempt, purpose, cmd_id, command, exit_code, outcome, summary, decision, next_stage, started_at, ended_at FROM stage_runs;
      DROP TABLE stage_runs;
      ALTER TABLE stage_runs_new RENAME TO stage_runs;
      CREATE INDEX stage_runs_by_job ON stage_runs (job_id, id);
      CREATE INDEX stage_runs_by_command ON stage_runs (cmd_id);
    `,
  },
];
