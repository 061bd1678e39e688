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
  /** pending: waits for approval; denied: someone presented another key for this agent_id. */
  enrolment: 'pending' | 'accepted' | 'rejected' | 'denied';
  /** SHA-256 of the agent's public key. */
  key_fingerprint: string | null;
  /** The other key presented when the agent was denied. */
  denied_fingerprint: string | null;
  remote_ip: string | null;
  /** When its client certificate expires (agents with a certificate from this master). */
  cert_expires_at: string | null;
  first_seen: string;
  last_seen: string;
}

export type CommandState = 'queued' | 'running' | 'exited' | 'failed_to_start' | 'killed' | 'timed_out' | 'lost';
export type StreamName = 'stdout' | 'stderr';

export interface NewCommand {
  agent_id: string;
  /** argv array, or a shell line when `shell` is true. */
  command: string[] | string;
  shell?: boolean;
  cwd?: string;
  env?: Record<string, string>;
  /** Env names whose values are masked in output and views (P4PASSWD and *TOKEN*-like names always). */
  secret_env?: string[];
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
  /** Newlines stored before the slice's offset (so its first line is number `line + 1`). */
  line: number;
  /** When the slice's chunks arrived: [byte offset, ms since the epoch], in order; runs within one second merged. */
  times: [number, number][];
}

/** Every occurrence of a text in one stream of a command's whole stored output. */
export interface OutputSearchResult {
  count: number;
  /** The first matches (up to the asked limit): 1-based line and byte offset. */
  matches: { line: number; offset: number }[];
}

export interface CommandQuery {
  state?: CommandState;
  agent_id?: string;
  limit?: number;
  /** Only commands created before this ISO time (paging). */
  before?: string;
}

export interface AuditEvent {
  id: number;
  at: string;
  /** Who: "api", "cli", "engine", "master"... */
  actor: string;
  /** What, e.g. agent.accept, cert.issue, job.cancel, command.create. */
  action: string;
  target: string | null;
  detail: Record<string, unknown> | null;
}

export interface StoreHealthDto {
  ok: boolean;
  error: string | null;
}

export interface Health {
  /** False when the store cannot be read or written, or the local agent is not running: the master cannot do its job. */
  ok: boolean;
  version: string;
  /** `error` says why writes fail (output waits in the agents' spools meanwhile). */
  store: { ok: boolean; error?: string };
  /** False while the newest stored output is not in the full-text index yet (`?text=` misses it). */
  search: { index_current: boolean };
  listener: { port: number; tls: boolean };
  agents: { online: number; known: number };
  /** Null when the master runs no local agent; `error` says why it is not online. */
  local_agent: { online: boolean; error: string | null } | null;
}

/** blocked: the job's agent has been away longer than `agent_lost_after_s`; it goes on when the agent is back. */
export type JobStatus = 'queued' | 'running' | 'needs_resolve' | 'blocked' | 'done' | 'error' | 'cancelled';
/**
 * Pipeline stages, then the steps after an end: INSPECT (what an ERROR left in Perforce) and
 * the clean-up REVERT → DELETE_SHELF → DELETE_CHANGE (DELETE_CHANGE also ends a job with
 * nothing to integrate); VERIFY proves a submit with `p4 describe -s`.
 */
export type JobStage =
  | 'LOGIN' | 'INIT' | 'SYNC' | 'INTEGRATE' | 'RESOLVE_PASS_1' | 'RESOLVE_PASS_2' | 'RESOLVE_CHECK' | 'NEEDS_RESOLVE'
  | 'PRE_SUBMIT' | 'SHELVE' | 'NC_FIX' | 'P4PUSH' | 'VERIFY' | 'DONE' | 'ERROR' | 'CANCELLED'
  | 'INSPECT' | 'REVERT' | 'DELETE_SHELF' | 'DELETE_CHANGE';
/** How a DONE job ended: its change submitted (proven by `p4 describe`), or nothing to integrate (its empty change deleted). */
export type JobOutcome = 'submitted' | 'nothing_to_integrate';
/**
 * What became of the job's pending change after cancel / error: pending (the clean-up waits or
 * runs), done (files reverted, shelf and change deleted), kept (left for the user), failed.
 */
export type CleanupState = 'pending' | 'done' | 'kept' | 'failed';
export type JobPriority = 'HIGH' | 'NORMAL' | 'LOW';

/** What a job integrates. `{branch}` is today's `branch_spec`. */
export type IntegrationSource =
  | { branch: string }
  /** merge: merge the parent's changes down into the stream (`p4 merge -S STREAM -r`); copy: copy the stream up to its parent (`p4 copy -S STREAM`). */
  | { stream: string; mode: 'merge' | 'copy' }
  /** Depot paths, e.g. //depot/main/... → //depot/rel/... (`p4 integrate FROM TO`). */
  | { from: string; to: string };

/** The `p4 integrate` (and merge/copy) flags a job may add; anything else is refused. */
export type IntegrateFlag = '-Di' | '-Ds' | '-Dt' | '-Rb' | '-Rd' | '-Rs' | '-Ob' | '-Or' | '-f' | '-h' | '-i' | '-d' | '-F';

export interface ResolvePolicy {
  /** merge: `p4 resolve -am` (the default); safe: `-as`, only files changed on one side. */
  mode?: 'merge' | 'safe';
  /** Paths (depot, or relative to the workspace) resolved by accepting the source (`-at`) first. */
  accept_theirs?: string[];
}

/** What to integrate where. */
export interface JobSpec {
  /** The Perforce workspace directory on the agent. */
  workspace: string;
  /**
   * The branch spec for `p4 integrate -b`. A request with `source` may leave it out: the master
   * then fills in the source's name (stream or from path), which the job list shows.
   */
  branch_spec: string;
  /** What to integrate instead of `branch_spec`: a stream, or from/to paths. */
  source?: IntegrationSource;
  /** Revision range on the source: `@CHANGE`, `@FIRST,LAST` or `@label`. */
  revisions?: string;
  integrate_flags?: IntegrateFlag[];
  resolve?: ResolvePolicy;
  /**
   * One change at a time: the pending source changes (`p4 interchanges`, within `revisions`) are
   * integrated oldest first, each in its own pending change and submit, so a conflict names one
   * change and its author. Needs `path` with a branch spec or a copy, as `revisions` does.
   */
  one_change_at_a_time?: boolean;
  /** Optional target path limiting the integration (e.g. //depot/rel/...). */
  path?: string;
  /** Pending changelist to integrate into; created when absent. */
  changelist?: number;
  /** Sourced (sh) before every stage's command, e.g. to set up P4 settings. */
  init_script?: string;
  pre_submit_hook?: string;
  name_check_fix_script?: string;
  env?: Record<string, string>;
  /** Env names whose values are masked in output and views (P4PASSWD and *TOKEN*-like names always). */
  secret_env?: string[];
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
  /** Local path (or the client path p4 printed). */
  file: string;
  /** The target depot path. */
  depot_file: string;
  reason: 'conflict' | 'binary' | 'non-content' | 'locked';
  /** From p4's resolve output ("Diff chunks: …" / "Non-text diff: …"). */
  chunks?: { yours: number; theirs: number; both: number; conflicting: number };
  /** The source revision being integrated, and the change and author that made it. */
  source?: { depot_file: string; rev: number; change: number; user: string; description: string };
  /** Who last changed the file on the target side. */
  target_last?: { change: number; user: string; description: string };
  /** user@client holding an exclusive lock. */
  locked_by?: string;
  /**
   * Ready to paste into a shell on the agent's host: cd to the workspace, the job's
   * P4PORT/P4USER/P4CLIENT, `p4 resolve -am|-at|-ay -c CHANGE FILE`.
   */
  commands: { resolve: string; accept_theirs: string; accept_yours: string };
}

export interface StageRunDto {
  stage: JobStage;
  attempt: number;
  /**
   * 'stage': the stage's own command; 'check': a resolve watcher check; 'probe': a state check
   * before a retry (or the conflicts' history); 'plan': the `p4 interchanges` listing the source
   * changes of a one-change-at-a-time job; 'action': a resolve taken from the app (its summary
   * names who, what and the result).
   */
  purpose: 'stage' | 'check' | 'probe' | 'plan' | 'action';
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
  /**
   * On the one line that stands for a run of resolve-watcher checks ("checked 12 times, last at
   * 10:31 UTC, 2 conflicts remain"): the checks themselves, oldest first, with their commands.
   */
  folded?: StageRunDto[];
}

/** What a job would do, read before anything is opened (`p4 interchanges`, `p4 integrate -n`). */
export interface IntegrationPreviewDto {
  /** Source changes not yet integrated, oldest first, with author and full description. */
  changes: { change: number; date: string; user: string; description: string }[];
  /** Files the integration would open. */
  files: { depot_file: string; action: string; from_file: string; from_revs: string }[];
  /** Files it would refuse, in p4's words; `exclusive` when another client holds the file (+l). */
  refused: { depot_file: string; text: string; exclusive: boolean }[];
  /** Why the preview could not be made (unknown branch, server unreachable …). */
  error?: string;
}

export interface JobDto {
  job_id: string;
  /** Short number per master, shown as `#42`; `q=#42` finds it. */
  number: number;
  /** The description's first line, or `branch_spec → path`, or the branch spec. */
  title: string;
  agent_id: string | null;
  target: { agent_id: string | null; labels: string[] };
  priority: JobPriority;
  spec: JobSpec;
  /**
   * Secret env names whose values were erased when the job ended (only the names are kept):
   * retry and clean-up need them given again (`SecretValues`).
   */
  erased_secrets: string[];
  stage: JobStage;
  status: JobStatus;
  /** The job's pending change (created at INIT). */
  changelist: number | null;
  /** The number Perforce gave the change at submit (differs from `changelist` after a rename). */
  submitted_change: number | null;
  /** Set when status is done. */
  outcome: JobOutcome | null;
  cleanup: CleanupState | null;
  /** What the job leaves in Perforce, e.g. "change 5 holds 2 opened files on agent local in /ws". */
  left_in_perforce: string | null;
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
  /** One change at a time: the source changes in order, once `p4 interchanges` listed them. */
  chain?: ChainStepDto[];
  stages: StageRunDto[];
}

/** One source change of a one-change-at-a-time job. */
export interface ChainStepDto {
  /** The source change, its author and description, as `p4 interchanges` named them. */
  change: number;
  user: string;
  description: string;
  /** `current`: being integrated now (or stopped there: NEEDS_RESOLVE, ERROR, cancel). */
  state: 'pending' | 'current' | 'submitted' | 'nothing_to_integrate';
  /** The pending change this step integrated into. */
  changelist: number | null;
  /** The number Perforce gave it at submit. */
  submitted_change: number | null;
}

export interface JobQuery {
  status?: JobStatus;
  /** Matches job id, `#number`, branch spec, workspace, description, agent. */
  q?: string;
  limit?: number;
  /** Only jobs created before this ISO time (paging). */
  before?: string;
  /** Full-text search over the jobs' command output: jobs with a command that printed this phrase. */
  text?: string;
  /** Jobs whose pending change had this number. */
  changelist?: number;
  /** Jobs whose change was submitted as this number. */
  submitted_change?: number;
}

/** Secret env values given again for a job whose values were erased when it ended. */
export interface SecretValues {
  secrets?: Record<string, string>;
}

export interface CancelOptions {
  /** Leave the opened files, shelf and pending change for the user instead of cleaning up. */
  keep?: boolean;
}

export interface ContinueResult {
  conflicts_resolved: boolean;
  remaining_conflicts: number;
  conflict_files: ConflictDto[];
}

/** theirs: take the source (-at); yours: keep the target (-ay); merged: accept p4's merge (-am). */
export type ResolveAction = 'theirs' | 'yours' | 'merged';

export interface ResolveConflictRequest {
  /** The conflict's `file` (or its `depot_file`). */
  file: string;
  action: ResolveAction;
}

export interface ResolveConflictResult {
  file: string;
  action: ResolveAction;
  /** The command that ran on the agent, as the timeline would show it. */
  command: string;
  /** What p4 said (e.g. "//ws/rel/a.txt - copy from //depot/main/a.txt"). */
  output: string;
}

export interface JobLogEntry {
  stage: JobStage;
  attempt: number;
  purpose: StageRunDto['purpose'];
  cmd_id: string;
  stream: StreamName;
  text: string;
}

export interface StageTemplateDto {
  stage: string;
  /** The command line as the timeline shows it, with {placeholders}. */
  command: string;
  /** True when <data-dir>/pipeline.yaml overrides the built-in template. */
  custom: boolean;
}

/** What the master runs with (read-only). */
export interface SettingsDto {
  version: string;
  data_dir: string;
  agent_port: number;
  /** The address the agent port binds to: 127.0.0.1 (this machine only) unless configured. */
  agent_host: string;
  /** Whether an agent runs on this machine, started by the master. */
  local_agent: boolean;
  /** null inside the desktop app without an HTTP face. */
  http_port: number | null;
  pipeline_file: string;
  templates: StageTemplateDto[];
  timeouts_s: Record<string, number>;
  retry_limits: Record<string, number>;
}

/** Which job events notify: the desktop app's tray and every browser with the app open. */
export interface NotificationChoices {
  needs_resolve: boolean;
  /** The job's agent has been away longer than agent_lost_after_s. */
  blocked: boolean;
  done: boolean;
  error: boolean;
}

/** An SSH bootstrap: connect to a host, prepare it, start (or stop) its agent. */
export type BootstrapAction = 'start' | 'restart' | 'stop';
/** waiting_input: a prompt needs an answer; needs_host_key: approve the key (or give up). */
export type BootstrapState = 'running' | 'waiting_input' | 'needs_host_key' | 'done' | 'failed' | 'cancelled';
export type BootstrapStep = 'queued' | 'connect' | 'check_shell' | 'probe' | 'install' | 'start' | 'register' | 'stop' | 'finished';

export interface NewBootstrap {
  /** A host name or an alias from ~/.ssh/config. */
  host: string;
  user?: string;
  port?: number;
  /** Default working directory of the agent's commands; must exist on the host. */
  workspace: string;
  labels?: string[];
  /** Default: derived from user, host and port (stable across bootstraps). */
  agent_id?: string;
  /** A Node >= 18 on the host to use instead of looking on PATH (remembered per host). */
  node_path?: string;
  /** HOST or HOST:PORT the agent dials; default: this side of the SSH connection, agent port. */
  master_address?: string;
  /** auto: tunnel over SSH only when the host cannot reach the master. */
  tunnel?: 'auto' | 'always' | 'never';
  /** How long to wait for the started agent to connect (default 30). */
  register_timeout_s?: number;
  /** Start a new agent even when one of this version already runs. */
  restart?: boolean;
}

/** A Host alias of ~/.ssh/config, resolved as a bootstrap would resolve it. */
export interface SshHostDto {
  alias: string;
  host_name: string;
  user: string;
  port: number;
}

export interface BootstrapPrompt {
  prompt_id: string;
  kind: 'passphrase' | 'password' | 'keyboard-interactive';
  title: string;
  instructions: string;
  questions: { text: string; echo: boolean }[];
}

export interface BootstrapHostKey {
  /** The name as known_hosts records it, e.g. "[build-01]:2222". */
  host: string;
  status: 'unknown' | 'changed' | 'trusted';
  key_type: string;
  /** SHA256:... as `ssh-keygen -lf` prints it. */
  fingerprint: string;
  /** For a changed key: what was known before. */
  known: { type: string; fingerprint: string }[];
}

export interface BootstrapDto {
  bootstrap_id: string;
  action: BootstrapAction;
  agent_id: string;
  request: NewBootstrap;
  /** What ~/.ssh/config resolved the host to. */
  target: { host_name: string; port: number; user: string; via: string[] } | null;
  state: BootstrapState;
  step: BootstrapStep;
  error: string | null;
  host_key: BootstrapHostKey | null;
  prompt: BootstrapPrompt | null;
  remote: { os: string; arch: string; glibc: string | null; node_path: string | null; node_version: string | null } | null;
  uploaded: { node_runtime: boolean; agent_bundle: boolean };
  /** An agent of this version was already running and connected: nothing was started. */
  reused: boolean;
  /** The remote port of the SSH reverse tunnel carrying the agent link, if one is used. */
  tunnel_port: number | null;
  created_by: string;
  created_at: string;
  ended_at: string | null;
  duration_ms: number | null;
  log: { at: string; step: BootstrapStep; message: string }[];
}

export type MasterEvent =
  | { type: 'agent'; agent: AgentDto }
  | { type: 'job'; job: Omit<JobDto, 'stages'> }
  | { type: 'command'; command: CommandDto }
  | { type: 'output'; cmd_id: string; stream: StreamName; offset: number; data: Uint8Array; /** When the chunk was stored (ms since the epoch). */ at?: number }
  | { type: 'bootstrap'; bootstrap: BootstrapDto }
  /** The store stopped (or started again) taking writes; `error` says why, e.g. "disk full: /path". */
  | { type: 'store'; store: StoreHealthDto }

  | { type: 'notifications'; notifications: NotificationChoices }
  /** Something a person should be told about at once (desktop and browser notifications). */
  | { type: 'job_alert'; job_id: string; alert: 'blocked'; message: string };

/** A client's request for the live output of some commands (a WebSocket message, the desktop window's IPC call). */
export interface OutputSubscription {
  type: 'subscribe' | 'unsubscribe';
  cmd_ids: string[];
}

export interface MasterApi {
  health(): Promise<Health>;
  agents: {
    list(): Promise<AgentDto[]>;
    /** Enrolment decisions for pending (or denied) agents. */
    accept(agentId: string): Promise<void>;
    reject(agentId: string): Promise<void>;
  };
  commands: {
    /** Stores the command and returns at once; it runs when its agent is connected. */
    create(input: NewCommand): Promise<{ cmd_id: string }>;
    get(cmdId: string): Promise<CommandDto>;
    output(cmdId: string, stream: StreamName, offset: number, limit?: number): Promise<OutputSlice>;
    /** Searches the whole stored stream (ASCII letters in either case unless `matchCase`); counts every match, lists the first `limit` (default 1000). */
    search(cmdId: string, stream: StreamName, text: string, limit?: number, matchCase?: boolean): Promise<OutputSearchResult>;
    /** Byte offset where 1-based `line` of the stream starts (404 past its last line). */
    lineOffset(cmdId: string, stream: StreamName, line: number): Promise<{ offset: number }>;
    /** Newest first. */
    list(query?: CommandQuery): Promise<CommandDto[]>;
    kill(cmdId: string): Promise<void>;
  };
  jobs: {
    /** Validates and stores the job; returns at once (it runs when scheduled). */
    create(input: NewJob): Promise<{ job_id: string }>;
    /** What the job would integrate (source changes, files), read-only, on its agent; Start runs the same input. */
    preview(input: NewJob): Promise<IntegrationPreviewDto>;
    list(query?: JobQuery): Promise<Omit<JobDto, 'stages'>[]>;
    get(jobId: string): Promise<JobDto>;
    logs(jobId: string): Promise<JobLogEntry[]>;
    /** Checks the conflicts now; the job moves on by itself when they are resolved. */
    continue(jobId: string): Promise<ContinueResult>;
    /**
     * Resolves one conflicting file on the job's agent (`p4 resolve -at|-ay|-am -c N FILE`),
     * audited; the job checks again at once and goes on by itself when nothing is left.
     */
    resolveConflict(jobId: string, request: ResolveConflictRequest): Promise<ResolveConflictResult>;
    /** Stops the job, then reverts its files and deletes its shelf and change (unless `keep`). */
    cancel(jobId: string, options?: CancelOptions): Promise<void>;
    /**
     * An ended job's clean-up, as cancel does: revert, delete the shelf and the pending change.
     * A job whose secret values were erased needs them again (400 naming the missing ones).
     */
    cleanup(jobId: string, values?: SecretValues): Promise<void>;
    /**
     * Runs an ended job again: a new job with the same spec, target and priority. The old job's
     * pending change is cleaned up first (reverted and deleted); the new job starts over in a
     * new change once that is done. A job whose secret values were erased when it ended needs
     * them again (`erased_secrets`): without them the answer is 400 naming the missing ones.
     */
    retry(jobId: string, values?: SecretValues): Promise<{ job_id: string }>;
  };
  settings: {
    get(): Promise<SettingsDto>;
    /** The notification choices, kept by the master (every event notifies until changed). */
    notifications(): Promise<NotificationChoices>;
    /** Changes the given choices, keeps the others; every face hears a `notifications` event. */
    setNotifications(choices: Partial<NotificationChoices>): Promise<NotificationChoices>;
  };
  audit: {
    /** Audit events after `afterId` (0 for the first), oldest first. */
    list(afterId?: number, limit?: number): Promise<AuditEvent[]>;
  };
  bootstraps: {
    /** Starts an SSH bootstrap and returns at once; follow it with `bootstrap` events or get(). */
    start(input: NewBootstrap): Promise<{ bootstrap_id: string }>;
    get(bootstrapId: string): Promise<BootstrapDto>;
    /** Newest first. */
    list(limit?: number): Promise<BootstrapDto[]>;
    /** Host aliases of the master's ~/.ssh/config (wildcard patterns left out), for suggestions. */
    hosts(): Promise<SshHostDto[]>;
    /** Answers the waiting prompt (one answer per question); answers are never stored. */
    answer(bootstrapId: string, promptId: string, answers: string[]): Promise<void>;
    /** Trusts the host key shown (its fingerprint must match) and continues the bootstrap. */
    approveHostKey(bootstrapId: string, fingerprint: string): Promise<void>;
    cancel(bootstrapId: string): Promise<void>;
    /** Stops / restarts an agent started by a bootstrap (over SSH again; may prompt). */
    stopAgent(agentId: string): Promise<{ bootstrap_id: string }>;
    restartAgent(agentId: string): Promise<{ bootstrap_id: string }>;
  };
  /**
   * Subscribes to live events; returns the unsubscribe function. `outputOf` (on the master's
   * side, for its faces): the commands whose `output` events the listener gets, none unless
   * given. A page gets the output of the commands it watches (ClientApi.watchOutput).
   */
  onEvent(listener: (event: MasterEvent) => void, outputOf?: (cmdId: string) => boolean): () => void;
}

/** The MasterApi as a page sees it (desktop window, browser): live output only for the commands it watches. */
export interface ClientApi extends MasterApi {
  /**
   * `output` events of this command reach onEvent from now on, until the returned function is
   * called (counted: each call needs its own release). Every other event reaches every listener.
   */
  watchOutput(cmdId: string): () => void;
}
