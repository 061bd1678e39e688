// THE contract between the master and every face of the app (Electron renderer over IPC, a
// browser over REST/WebSocket). Types only: both sides import it with `import type`.

export type AgentStatus = 'online' | 'unresponsive' | 'offline';

export interface AgentLoad {
  load: [number, number, number];
  mem_free: number;
  mem_total: number;
  uptime_s: number;
}

export interface AgentDto {
  agent_id: string;
  hostname: string;
  status: AgentStatus;
  version: string;
  platform: string;
  arch: string;
  workspace: string;
  /** ISO 8601 time of the last heartbeat, null before the first one. */
  last_heartbeat: string | null;
  /** Commands running on the agent now (from its heartbeats). */
  running: number;
  load: AgentLoad | null;
  labels: string[];
  first_seen: string;
  last_seen: string;
}

export type CommandState = 'queued' | 'running' | 'exited' | 'killed' | 'timed_out' | 'lost';
export type StreamName = 'stdout' | 'stderr';

export interface NewCommand {
  agent_id: string;
  /** argv array, or a shell line when `shell` is true. */
  command: string[] | string;
  shell?: boolean;
  cwd?: string;
  env?: Record<string, string>;
  timeout_s?: number;
}

export interface CommandDto {
  cmd_id: string;
  agent_id: string;
  command: string[] | string;
  shell: boolean;
  cwd: string | null;
  state: CommandState;
  exit_code: number | null;
  signal: string | null;
  /** Process id on the agent's host (leader of the command's process group). */
  pid: number | null;
  /** Why it ended when that is not a plain exit (timeout, kill, lost agent, spawn failure). */
  reason: string | null;
  created_at: string;
  started_at: string | null;
  ended_at: string | null;
  stdout_bytes: number;
  stderr_bytes: number;
}

export interface OutputSlice {
  data: Uint8Array;
  /** Offset to ask for next; equals the stored length when `data` reached the end. */
  next_offset: number;
}

export interface Health {
  ok: boolean;
  version: string;
}

export type JobStatus = 'queued' | 'running' | 'needs_resolve' | 'done' | 'error' | 'cancelled';
export type JobStage =
  | 'INIT' | 'SYNC' | 'INTEGRATE' | 'RESOLVE_PASS_1' | 'RESOLVE_PASS_2' | 'RESOLVE_CHECK' | 'NEEDS_RESOLVE'
  | 'PRE_SUBMIT' | 'SHELVE' | 'NC_FIX' | 'P4PUSH' | 'DONE' | 'ERROR' | 'CANCELLED';
export type JobPriority = 'HIGH' | 'NORMAL' | 'LOW';

/** What to integrate where (seed field names). */
export interface JobSpec {
  /** The Perforce workspace directory on the agent. */
  workspace: string;
  branch_spec: string;
  /** Optional target path limiting the integration (e.g. //depot/rel/...). */
  path?: string;
  /** Pending changelist to integrate into; created when absent. */
  changelist?: number;
  /** Sourced (sh) before every stage's command, e.g. to set up P4 settings. */
  init_script?: string;
  pre_submit_hook?: string;
  name_check_fix_script?: string;
  env?: Record<string, string>;
  description?: string;
  /** Optional per-job resource limits on the agent. */
  limits?: { cpu_s?: number; memory_mb?: number; open_files?: number };
}

export interface NewJob {
  /** Run on this agent, or on the least loaded online agent that has all `labels`. */
  agent_id?: string;
  labels?: string[];
  priority?: JobPriority;
  spec: JobSpec;
}

export interface ConflictDto {
  file: string;
  reason: 'conflict' | 'binary' | 'non-content';
}

export interface StageRunDto {
  stage: JobStage;
  attempt: number;
  /** 'stage': the stage's own command; 'check': a resolve watcher check; 'probe': a state check before a retry. */
  purpose: 'stage' | 'check' | 'probe';
  cmd_id: string | null;
  command: string;
  exit_code: number | null;
  started_at: string;
  ended_at: string | null;
  /** One line, e.g. "214 files integrated, 3 conflicts". */
  summary: string | null;
  /** Why the job moved on as it did. */
  decision: string | null;
  next_stage: JobStage | null;
}

export interface JobDto {
  job_id: string;
  agent_id: string | null;
  target: { agent_id: string | null; labels: string[] };
  priority: JobPriority;
  spec: JobSpec;
  stage: JobStage;
  status: JobStatus;
  changelist: number | null;
  created_by: string;
  created_at: string;
  updated_at: string;
  started_at: string | null;
  ended_at: string | null;
  error: string | null;
  conflicts: ConflictDto[];
  /** Last resolve-watcher check while NEEDS_RESOLVE. */
  last_check_at: string | null;
  /** Set while a job waits: for an agent, a workspace lock, or a retry. */
  waiting_for: string | null;
  stages: StageRunDto[];
}

export interface JobQuery {
  status?: JobStatus;
  /** Matches job id, branch spec, workspace, description, agent. */
  q?: string;
  limit?: number;
  /** Only jobs created before this ISO time (paging). */
  before?: string;
}

export interface ContinueResult {
  conflicts_resolved: boolean;
  remaining_conflicts: number;
  conflict_files: ConflictDto[];
}

export interface JobLogEntry {
  stage: JobStage;
  attempt: number;
  purpose: StageRunDto['purpose'];
  cmd_id: string;
  stream: StreamName;
  text: string;
}

export type MasterEvent =
  | { type: 'agent'; agent: AgentDto }
  | { type: 'job'; job: Omit<JobDto, 'stages'> }
  | { type: 'command'; command: CommandDto }
  | { type: 'output'; cmd_id: string; stream: StreamName; offset: number; data: Uint8Array };

export interface MasterApi {
  health(): Promise<Health>;
  agents: {
    list(): Promise<AgentDto[]>;
  };
  commands: {
    /** Stores the command and returns at once; it runs when its agent is connected. */
    create(input: NewCommand): Promise<{ cmd_id: string }>;
    get(cmdId: string): Promise<CommandDto>;
    output(cmdId: string, stream: StreamName, offset: number, limit?: number): Promise<OutputSlice>;
    kill(cmdId: string): Promise<void>;
  };
  jobs: {
    /** Validates and stores the job; returns at once (it runs when scheduled). */
    create(input: NewJob): Promise<{ job_id: string }>;
    list(query?: JobQuery): Promise<Omit<JobDto, 'stages'>[]>;
    get(jobId: string): Promise<JobDto>;
    logs(jobId: string): Promise<JobLogEntry[]>;
    /** Checks the conflicts now; the job moves on by itself when they are resolved. */
    continue(jobId: string): Promise<ContinueResult>;
    cancel(jobId: string): Promise<void>;
  };
  /** Subscribes to live events; returns the unsubscribe function. */
  onEvent(listener: (event: MasterEvent) => void): () => void;
}
