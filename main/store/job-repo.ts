// Jobs and their stage runs. The engine changes a job only through update(), inside the
// transaction that also records the stage run, so a restart finds every job where it was.
import type { ChainStepDto, CleanupState, ConflictDto, JobDto, JobOutcome, JobPriority, JobQuery, JobSpec, JobStage, JobStatus, StageRunDto } from '../../preload/api.ts';
import { isSecretEnv, SECRET_MASK } from '../../agent/protocol.ts';
import type { Db } from './database.ts';
import { iso } from './agent-repo.ts';
import { ftsPhrase, JOB_OUTPUT_MATCH } from './output-search.ts';

export const PRIORITIES: readonly JobPriority[] = ['HIGH', 'NORMAL', 'LOW'];

/** Counters the stage decisions need (all bounded by the decision limits). */
export interface JobCounters {
  /** Runs of the current stage in a row. */
  attempt: number;
  ncFixRounds: number;
  resolveChecks: number;
  resubmits: number;
  /** Consecutive stage commands lost with their agent. */
  lostRetries: number;
}

export interface JobRecord {
  jobId: string;
  agentId: string | null;
  targetAgent: string | null;
  targetLabels: string[];
  priority: JobPriority;
  spec: JobSpec;
  stage: JobStage;
  status: JobStatus;
  changelist: number | null;
  submittedChange: number | null;
  outcome: JobOutcome | null;
  cleanup: CleanupState | null;
  /** The next step to run after the job ended (INSPECT, REVERT…), persisted so it survives a restart. */
  afterEndStep: JobStage | null;
  leftInPerforce: string | null;
  error: string | null;
  conflicts: ConflictDto[];
  /** One change at a time: the source changes and where each is (null until listed, and for other jobs). */
  chain: ChainStepDto[] | null;
  counters: JobCounters;
  currentCmdId: string | null;
  retryAt: number | null;
  lastCheckAt: number | null;
  createdBy: string;
  createdAt: number;
  startedAt: number | null;
}

export type JobPatch = Partial<Pick<JobRecord, 'spec' | 'agentId' | 'stage' | 'status' | 'changelist' | 'submittedChange' | 'outcome' | 'cleanup' | 'afterEndStep' | 'leftInPerforce' | 'error' | 'conflicts' | 'chain' | 'counters' | 'currentCmdId' | 'retryAt' | 'lastCheckAt' | 'startedAt'>> & {
  endedAt?: number;
  cancelledBy?: string;
};

interface JobRow {
  job_id: string;
  number: number;
  target_agent: string | null;
  target_labels_json: string;
  agent_id: string | null;
  priority: number;
  spec_json: string;
  stage: JobStage;
  status: JobStatus;
  changelist: number | null;
  submitted_change: number | null;
  outcome: JobOutcome | null;
  cleanup: CleanupState | null;
  after_end_step: JobStage | null;
  left_in_perforce: string | null;
  error: string | null;
  conflicts_json: string;
  chain_json: string | null;
  counters_json: string;
  current_cmd_id: string | null;
  retry_at: number | null;
  last_check_at: number | null;
  created_by: string;
  created_at: number;
  updated_at: number;
  started_at: number | null;
  ended_at: number | null;
}

interface RunRow {
  id: number;
  stage: JobStage;
  attempt: number;
  purpose: StageRunDto['purpose'];
  cmd_id: string | null;
  command: string;
  exit_code: number | null;
  outcome: string | null;
  summary: string | null;
  decision: string | null;
  next_stage: JobStage | null;
  started_at: number;
  ended_at: number | null;
}

export interface NewRun {
  jobId: string;
  stage: JobStage;
  attempt: number;
  purpose: StageRunDto['purpose'];
  cmdId: string | null;
  command: string;
}

export interface RunResult {
  exitCode: number | null;
  outcome: string;
  summary: string;
  decision: string;
  nextStage: JobStage | null;
}

export const FRESH_COUNTERS: JobCounters = { attempt: 1, ncFixRounds: 0, resolveChecks: 0, resubmits: 0, lostRetries: 0 };

/** A new job's change fields: nothing made, submitted or left yet (and no chain of changes listed). */
export const NO_CHANGE_YET = { submittedChange: null, outcome: null, cleanup: null, afterEndStep: null, leftInPerforce: null, chain: null } as const satisfies Partial<JobRecord>;

const COLUMNS: Record<keyof JobPatch, string> = {
  spec: 'spec_json',
  agentId: 'agent_id',
  stage: 'stage',
  status: 'status',
  changelist: 'changelist',
  submittedChange: 'submitted_change',
  outcome: 'outcome',
  cleanup: 'cleanup',
  afterEndStep: 'after_end_step',
  leftInPerforce: 'left_in_perforce',
  error: 'error',
  conflicts: 'conflicts_json',
  chain: 'chain_json',
  counters: 'counters_json',
  currentCmdId: 'current_cmd_id',
  retryAt: 'retry_at',
  lastCheckAt: 'last_check_at',
  startedAt: 'started_at',
  endedAt: 'ended_at',
  cancelledBy: 'cancelled_by',
};

export class JobRepo {
  private readonly db: Db;

  constructor(db: Db) {
    this.db = db;
  }

  insert(job: JobRecord): void {
    this.db.prepare(`
      INSERT INTO jobs (job_id, number, target_agent, target_labels_json, priority, spec_json, workspace, branch_spec, description,
        stage, status, changelist, counters_json, created_by, created_at, updated_at)
      VALUES (?, (SELECT COALESCE(MAX(number), 0) + 1 FROM jobs), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(
      job.jobId, job.targetAgent, JSON.stringify(job.targetLabels), PRIORITIES.indexOf(job.priority), JSON.stringify(job.spec),
      job.spec.workspace, job.spec.branch_spec, job.spec.description ?? '', job.stage, job.status, job.changelist, JSON.stringify(job.counters), job.createdBy, job.createdAt, job.createdAt,
    );
  }

  get(jobId: string): JobRecord | null {
    const row = this.row(jobId);
    return row ? toRecord(row) : null;
  }

  row(jobId: string): JobRow | null {
    return (this.db.prepare('SELECT * FROM jobs WHERE job_id = ?').get(jobId) as JobRow | undefined) ?? null;
  }

  update(jobId: string, patch: JobPatch): void {
    const sets: string[] = ['updated_at = ?'];
    const values: unknown[] = [Date.now()];
    for (const [key, value] of Object.entries(patch) as [keyof JobPatch, unknown][]) {
      if (value === undefined) continue;
      sets.push(`${COLUMNS[key]} = ?`);
      values.push(key === 'conflicts' || key === 'counters' || key === 'spec' || (key === 'chain' && value !== null) ? JSON.stringify(value) : value);
    }
    this.db.prepare(`UPDATE jobs SET ${sets.join(', ')} WHERE job_id = ?`).run(...values, jobId);
  }

  /** Jobs not yet ended, oldest first. */
  live(): JobRecord[] {
    return (this.db.prepare("SELECT * FROM jobs WHERE status IN ('queued', 'running', 'needs_resolve', 'blocked') ORDER BY created_at").all() as JobRow[]).map(toRecord);
  }

  /** Ended jobs with a step still to run in their workspace (clean-up, inspection), oldest first. */
  afterEnd(): JobRecord[] {
    return (this.db.prepare('SELECT * FROM jobs WHERE after_end_step IS NOT NULL ORDER BY created_at').all() as JobRow[]).map(toRecord);
  }

  /** Ended jobs done in their workspace whose spec still holds a value starting with `sealedPrefix`. */
  endedHolding(sealedPrefix: string): JobRecord[] {
    return (this.db.prepare("SELECT * FROM jobs WHERE status IN ('done', 'error', 'cancelled') AND after_end_step IS NULL AND instr(spec_json, ?) > 0").all(sealedPrefix) as JobRow[]).map(toRecord);
  }

  /** Queued jobs in the order they should run: priority, then age. */
  queued(): JobRecord[] {
    return (this.db.prepare("SELECT * FROM jobs WHERE status = 'queued' ORDER BY priority, created_at").all() as JobRow[]).map(toRecord);
  }

  /** Jobs in progress and the start time of the oldest (for metrics). */
  progress(): { count: number; oldestStart: number | null } {
    const row = this.db.prepare("SELECT COUNT(*) AS n, MIN(started_at) AS oldest FROM jobs WHERE status IN ('running', 'needs_resolve', 'blocked')").get() as { n: number; oldest: number | null };
    return { count: row.n, oldestStart: row.oldest };
  }

  byCommand(cmdId: string): JobRecord | null {
    const row = this.db.prepare('SELECT * FROM jobs WHERE current_cmd_id = ?').get(cmdId) as JobRow | undefined;
    return row ? toRecord(row) : null;
  }

  list(query: JobQuery): JobRow[] {
    const where: string[] = [];
    const values: unknown[] = [];
    if (query.status) {
      where.push('status = ?');
      values.push(query.status);
    }
    if (query.changelist !== undefined) {
      where.push('changelist = ?');
      values.push(query.changelist);
    }
    if (query.submitted_change !== undefined) {
      // A one-change-at-a-time job submits a change per step: any of them finds it.
      where.push("(submitted_change = ? OR EXISTS (SELECT 1 FROM json_each(chain_json) WHERE json_extract(value, '$.submitted_change') = ?))");
      values.push(query.submitted_change, query.submitted_change);
    }
    if (query.before) {
      where.push('created_at < ?');
      values.push(Date.parse(query.before));
    }
    if (query.q) {
      where.push("(job_id LIKE ? ESCAPE '\\' OR branch_spec LIKE ? ESCAPE '\\' OR workspace LIKE ? ESCAPE '\\' OR description LIKE ? ESCAPE '\\' OR agent_id LIKE ? ESCAPE '\\' OR number = ?)");
      const like = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      values.push(like, like, like, like, like, jobNumberIn(query.q));
    }
    if (query.changelist) {
      where.push('changelist = ?');
      values.push(query.changelist);
    }
    if (query.text) {
      where.push(JOB_OUTPUT_MATCH);
      values.push(ftsPhrase(query.text));
    }
    const sql = `SELECT * FROM jobs ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at DESC LIMIT ?`;
    return this.db.prepare(sql).all(...values, query.limit ?? 50) as JobRow[];
  }

  insertRun(run: NewRun): number {
    return Number(this.db.prepare('INSERT INTO stage_runs (job_id, stage, attempt, purpose, cmd_id, command, started_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(run.jobId, run.stage, run.attempt, run.purpose, run.cmdId, run.command, Date.now()).lastInsertRowid);
  }

  finishRun(cmdId: string, result: RunResult): void {
    this.db.prepare('UPDATE stage_runs SET exit_code = ?, outcome = ?, summary = ?, decision = ?, next_stage = ?, ended_at = ? WHERE cmd_id = ? AND ended_at IS NULL')
      .run(result.exitCode, result.outcome, result.summary, result.decision, result.nextStage, Date.now(), cmdId);
  }

  runOf(cmdId: string): { jobId: string; stage: JobStage; purpose: StageRunDto['purpose']; ended: boolean } | null {
    const row = this.db.prepare('SELECT job_id, stage, purpose, ended_at FROM stage_runs WHERE cmd_id = ?').get(cmdId) as { job_id: string; stage: JobStage; purpose: StageRunDto['purpose']; ended_at: number | null } | undefined;
    return row ? { jobId: row.job_id, stage: row.stage, purpose: row.purpose, ended: row.ended_at !== null } : null;
  }

  /** Runs with a command, in order (for the logs). */
  runs(jobId: string): StageRunDto[] {
    return (this.db.prepare('SELECT * FROM stage_runs WHERE job_id = ? ORDER BY id').all(jobId) as RunRow[]).map((r) => ({
      stage: r.stage,
      attempt: r.attempt,
      purpose: r.purpose,
      cmd_id: r.cmd_id,
      command: r.command,
      exit_code: r.exit_code,
      started_at: new Date(r.started_at).toISOString(),
      ended_at: iso(r.ended_at),
      summary: r.summary,
      decision: r.decision,
      next_stage: r.next_stage,
    }));
  }
}

function toRecord(row: JobRow): JobRecord {
  return {
    jobId: row.job_id,
    agentId: row.agent_id,
    targetAgent: row.target_agent,
    targetLabels: JSON.parse(row.target_labels_json) as string[],
    priority: PRIORITIES[row.priority]!,
    spec: JSON.parse(row.spec_json) as JobSpec,
    stage: row.stage,
    status: row.status,
    changelist: row.changelist,
    submittedChange: row.submitted_change,
    outcome: row.outcome,
    cleanup: row.cleanup,
    afterEndStep: row.after_end_step,
    leftInPerforce: row.left_in_perforce,
    error: row.error,
    conflicts: JSON.parse(row.conflicts_json) as ConflictDto[],
    chain: row.chain_json === null ? null : JSON.parse(row.chain_json) as ChainStepDto[],
    counters: { ...FRESH_COUNTERS, ...(JSON.parse(row.counters_json) as Partial<JobCounters>) },
    currentCmdId: row.current_cmd_id,
    retryAt: row.retry_at,
    lastCheckAt: row.last_check_at,
    createdBy: row.created_by,
    createdAt: row.created_at,
    startedAt: row.started_at,
  };
}

/** "#42" or "42" names job 42; anything else matches no number. */
function jobNumberIn(q: string): number | null {
  const m = /^#?(\d{1,9})$/.exec(q.trim());
  return m ? Number(m[1]) : null;
}

/** What people call a job: its description, or what it integrates where. */
export function jobTitle(spec: JobSpec): string {
  const description = spec.description?.trim().split('\n')[0]?.trim();
  if (description) return description;
  return spec.path ? `${spec.branch_spec} → ${spec.path}` : spec.branch_spec;
}

/** Secret env values never leave the master in a view (they are needed to run the job). */
function redactSpec(spec: JobSpec): JobSpec {
  if (!spec.env) return spec;
  const env = Object.fromEntries(Object.entries(spec.env).map(([k, v]) => [k, isSecretEnv(k, spec.secret_env ?? []) ? SECRET_MASK : v]));
  return { ...spec, env };
}

/** The job's secret env names whose values were erased when it ended (retry and clean-up ask for them). */
export function erasedSecrets(spec: JobSpec): string[] {
  return Object.entries(spec.env ?? {}).filter(([k, v]) => v === SECRET_MASK && isSecretEnv(k, spec.secret_env ?? [])).map(([k]) => k);
}

/** The public view of a job row; `waitingFor` is computed by the engine. */
export function jobDto(row: JobRow, waitingFor: string | null): Omit<JobDto, 'stages'> {
  const r = toRecord(row);
  return {
    job_id: r.jobId,
    number: row.number,
    title: jobTitle(r.spec),
    agent_id: r.agentId,
    target: { agent_id: r.targetAgent, labels: r.targetLabels },
    priority: r.priority,
    spec: redactSpec(r.spec),
    erased_secrets: erasedSecrets(r.spec),
    stage: r.stage,
    status: r.status,
    changelist: r.changelist,
    submitted_change: r.submittedChange,
    outcome: r.outcome,
    cleanup: r.cleanup,
    left_in_perforce: r.leftInPerforce,
    created_by: r.createdBy,
    created_at: new Date(r.createdAt).toISOString(),
    updated_at: new Date(row.updated_at).toISOString(),
    started_at: iso(r.startedAt),
    ended_at: iso(row.ended_at),
    error: r.error,
    conflicts: r.conflicts,
    last_check_at: iso(r.lastCheckAt),
    waiting_for: waitingFor,
    ...(r.chain === null ? {} : { chain: r.chain }),
  };
}

export type { JobRow };
