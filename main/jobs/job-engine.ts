// The job state machine. Every stage runs one command on the job's agent; when it ends, its
// own output is classified, a pure decision picks the next stage, and the transition (the
// finished stage run, the job row, the next command) is committed in one transaction. A master
// restart therefore finds every job exactly where it was and carries on.
import { randomUUID } from 'node:crypto';
import type { CommandDto, ContinueResult, JobDto, JobLogEntry, JobQuery, JobStage, MasterEvent, NewJob } from '../../preload/api.ts';
import type { AgentRegistry } from '../agents/agent-registry.ts';
import type { CommandDispatcher } from '../agents/command-dispatcher.ts';
import { ApiError } from '../base/errors.ts';
import type { EventHub } from '../events.ts';
import type { Logger } from '../observe/log.ts';
import type { Metrics } from '../observe/metrics.ts';
import type { SecretBox } from '../security/secret-box.ts';
import { changeState, classifyChangeCheck, classifyP4Output, countOpened, hasShelvedFiles, summarizeClassification, type P4Classification, type P4Output } from '../p4/index.ts';
import { TERMINAL_STATES } from '../store/command-repo.ts';
import { FRESH_COUNTERS, jobDto, type JobCounters, type JobPatch, type JobRecord } from '../store/job-repo.ts';
import type { Store } from '../store/store.ts';
import { classifyScriptOutput, decideNextStage, STAGE_OUTPUT_KIND, type Decision } from './decisions.ts';
import { planSchedule } from './job-scheduler.ts';
import { CREATE_CHANGE_TEMPLATE, PROBES, renderTemplate, templateStage, templateValues, TemplateError, type Pipeline } from './pipeline-templates.ts';
import { ResolveWatcher } from './resolve-watcher.ts';
import type { Disposable } from '../base/disposable.ts';

export interface EngineOptions {
  pipeline: Pipeline;
  metrics: Metrics;
  maxRunningJobs: number;
  watcherIntervalMs: number;
  /** Stage commands lost with their agent, in a row, before the job fails. */
  lostRetries: number;
  /** How often a job whose agent is away looks again. */
  agentWaitMs: number;
  /** Seals the secret env values of a job spec before it is stored. */
  secrets: SecretBox;
}

/**
 * Output of one stage read for classification: the head and the tail of each stream, each up
 * to this size. p4 puts its verdicts in short messages and at the ends; reading 100 MB of sync
 * lines in one go would stall the master's event loop for most of a second.
 */
const CLASSIFY_SLICE = 4 * 1024 * 1024;
/** Largest log entry /api/jobs/:id/logs returns per stream (the whole output stays in the store). */
const LOG_LIMIT = 64 * 1024 * 1024;
const ACTOR = 'engine';

type ProbeKind = keyof typeof PROBES;
const PROBE_FOR: Partial<Record<JobStage, ProbeKind>> = { INTEGRATE: 'opened', SHELVE: 'shelved', P4PUSH: 'submitted' };

export class JobEngine implements Disposable {
  private readonly store: Store;
  private readonly dispatcher: CommandDispatcher;
  private readonly registry: AgentRegistry;
  private readonly events: EventHub;
  private readonly log: Logger;
  private readonly opts: EngineOptions;
  private readonly watcher: ResolveWatcher;
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private waiting = new Map<string, string>();
  private readonly unsubscribe: () => void;
  private closed = false;

  constructor(store: Store, dispatcher: CommandDispatcher, registry: AgentRegistry, events: EventHub, log: Logger, opts: EngineOptions) {
    this.store = store;
    this.dispatcher = dispatcher;
    this.registry = registry;
    this.events = events;
    this.log = log.child({ component: 'jobs' });
    this.opts = opts;
    this.watcher = new ResolveWatcher(opts.watcherIntervalMs, {
      checkDue: (jobId, reason) => this.check(jobId, reason),
      watchFiles: (agentId, jobId, paths) => {
        const session = registry.sessionFor(agentId);
        session?.send({ t: 'watch', watch_id: jobId, paths, debounce_ms: 500 });
        return session !== undefined;
      },
      unwatchFiles: (agentId, jobId) => registry.sessionFor(agentId)?.send({ t: 'unwatch', watch_id: jobId }),
    });
    this.unsubscribe = events.on((event) => this.onEvent(event));
  }

  /** Picks up every job that had not ended when the master stopped. */
  resume(): void {
    for (const job of this.store.jobs.live()) {
      if (job.status === 'queued') continue;
      if (job.status === 'needs_resolve') this.watcher.watch(job.jobId, job.agentId!, job.spec.workspace, job.conflicts);
      if (job.currentCmdId) {
        const cmd = this.store.commands.get(job.currentCmdId);
        if (cmd && TERMINAL_STATES.has(cmd.state)) setImmediate(() => this.commandEnded(cmd));
      } else if (job.status !== 'needs_resolve') {
        this.later(job.jobId, Math.max(0, (job.retryAt ?? 0) - Date.now()));
      }
    }
    this.schedule();
  }

  create(input: NewJob, actor: string): string {
    if (input.agent_id && !this.store.agents.find(input.agent_id)) throw new ApiError(404, `unknown agent "${input.agent_id}"`);
    const jobId = randomUUID();
    const now = Date.now();
    const env = input.spec.env === undefined ? {} : { env: this.opts.secrets.sealEnv(input.spec.env, input.spec.secret_env ?? []) };
    const spec = { ...input.spec, ...env, description: input.spec.description ?? `P4 Integrator: integrate ${input.spec.branch_spec}${input.spec.path ? ` ${input.spec.path}` : ''}` };
    this.store.transaction(() => {
      this.store.jobs.insert({
        jobId, agentId: null, targetAgent: input.agent_id ?? null, targetLabels: input.labels ?? [], priority: input.priority ?? 'NORMAL', spec,
        stage: 'INIT', status: 'queued', changelist: spec.changelist ?? null, error: null, conflicts: [], counters: FRESH_COUNTERS,
        currentCmdId: null, retryAt: null, lastCheckAt: null, createdBy: actor, createdAt: now, startedAt: null,
      });
      this.store.audit.record(actor, 'job.create', jobId, { branch_spec: spec.branch_spec, workspace: spec.workspace, agent_id: input.agent_id, labels: input.labels });
    });
    this.log.info({ job_id: jobId, branch_spec: spec.branch_spec }, 'job queued');
    this.opts.metrics.jobsTotal.inc();
    this.schedule();
    this.publish(jobId);
    return jobId;
  }

  get(jobId: string): JobDto {
    const row = this.store.jobs.row(jobId);
    if (!row) throw new ApiError(404, `unknown job "${jobId}"`);
    return { ...jobDto(row, this.waitingFor(row.job_id, row.retry_at)), stages: this.store.jobs.runs(jobId) };
  }

  list(query: JobQuery): Omit<JobDto, 'stages'>[] {
    return this.store.jobs.list(query).map((row) => jobDto(row, this.waitingFor(row.job_id, row.retry_at)));
  }

  logs(jobId: string): JobLogEntry[] {
    const job = this.get(jobId);
    const entries: JobLogEntry[] = [];
    for (const run of job.stages) {
      if (!run.cmd_id) continue;
      for (const stream of ['stdout', 'stderr'] as const) {
        const text = this.store.output.read(run.cmd_id, stream, 0, LOG_LIMIT).data.toString('utf8');
        if (text) entries.push({ stage: run.stage, attempt: run.attempt, purpose: run.purpose, cmd_id: run.cmd_id, stream, text });
      }
    }
    return entries;
  }

  cancel(jobId: string, actor: string): void {
    const job = this.mustGet(jobId);
    if (['done', 'error', 'cancelled'].includes(job.status)) throw new ApiError(409, `job already ended (${job.status})`);
    this.store.transaction(() => {
      this.store.jobs.update(jobId, { stage: 'CANCELLED', status: 'cancelled', currentCmdId: null, retryAt: null, endedAt: Date.now(), cancelledBy: actor, error: `cancelled by ${actor} during ${job.stage}` });
      this.store.audit.record(actor, 'job.cancel', jobId, { stage: job.stage });
    });
    if (job.currentCmdId) {
      try {
        this.dispatcher.kill(job.currentCmdId, actor);
      } catch (err) {
        if (!(err instanceof ApiError)) throw err; // already ended: nothing to kill
      }
    }
    this.log.info({ job_id: jobId, stage: job.stage, actor }, 'job cancelled');
    this.opts.metrics.jobEnded('cancelled', job.startedAt === null ? null : (Date.now() - job.startedAt) / 1000);
    this.ended(job);
  }

  retry(jobId: string, actor: string): string {
    const job = this.mustGet(jobId);
    if (!['done', 'error', 'cancelled'].includes(job.status)) throw new ApiError(409, `job is still ${job.status}; cancel it first or wait for it to end`);
    const { description: _generated, ...spec } = job.spec;
    const again = this.create({
      ...(job.targetAgent ? { agent_id: job.targetAgent } : {}),
      labels: job.targetLabels,
      priority: job.priority,
      spec: { ...spec, ...(job.spec.description ? { description: job.spec.description } : {}) },
    }, actor);
    this.store.audit.record(actor, 'job.retry', again, { retry_of: jobId });
    return again;
  }

  /** Continue in NEEDS_RESOLVE: check at once and answer with what is left. */
  async continue(jobId: string, actor: string): Promise<ContinueResult> {
    const job = this.mustGet(jobId);
    if (job.status !== 'needs_resolve') throw new ApiError(409, `job is not waiting for a resolve (it is ${job.status}, stage ${job.stage})`);
    if (!this.registry.sessionFor(job.agentId!)) throw new ApiError(409, `agent "${job.agentId}" is offline; the conflicts are checked again as soon as it is back`);
    this.store.audit.record(actor, 'job.continue', jobId);
    this.watcher.watch(jobId, job.agentId!, job.spec.workspace, job.conflicts);
    return this.watcher.continueNow(jobId);
  }

  /** The agent saw a watched conflict file change. */
  filesChanged(agentId: string, jobId: string): void {
    if (this.store.jobs.get(jobId)?.agentId === agentId) this.watcher.filesChanged(jobId);
  }

  dispose(): void {
    this.closed = true;
    this.unsubscribe();
    this.watcher.dispose();
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  // ---- scheduling ------------------------------------------------------------------------

  private schedule(): void {
    if (this.closed) return;
    const live = this.store.jobs.live();
    const plan = planSchedule(this.store.jobs.queued(), live.filter((j) => j.status !== 'queued'), this.registry.list(), this.opts.maxRunningJobs);
    this.waiting = plan.waiting;
    for (const { jobId, agentId } of plan.start) {
      this.store.jobs.update(jobId, { agentId, status: 'running', startedAt: Date.now() });
      this.log.info({ job_id: jobId, agent_id: agentId }, 'job started');
      this.startStage(this.mustGet(jobId), 'INIT');
    }
  }

  private waitingFor(jobId: string, retryAt: number | null): string | null {
    if (retryAt !== null) return `retrying at ${new Date(retryAt).toISOString()}`;
    return this.waiting.get(jobId) ?? null;
  }

  // ---- running stages --------------------------------------------------------------------

  /**
   * Starts `stage` (or a check/probe run of it): the stage run, the command and the job row are
   * committed together with `finishing` (the transition that led here), then the command is sent.
   */
  private startStage(job: JobRecord, stage: JobStage, purpose: 'stage' | 'check' | 'probe' = 'stage', patch: JobPatch = {}, finishing?: () => void): void {
    const next = { ...job, ...patch } as JobRecord;
    let rendered;
    try {
      const template = purpose === 'probe' ? PROBES[PROBE_FOR[stage]!]
        : stage === 'INIT' && next.changelist === null ? CREATE_CHANGE_TEMPLATE
        : this.opts.pipeline.templates[templateStage(stage)];
      rendered = renderTemplate(stage, template, templateValues(next.spec, next.changelist), next.spec.init_script);
    } catch (err) {
      if (!(err instanceof TemplateError)) throw err;
      this.finish(next, { next: 'ERROR', reason: err.message }, patch, finishing);
      return;
    }
    const cmdId = this.store.transaction(() => {
      finishing?.();
      const id = this.dispatcher.insert({
        agent_id: next.agentId!,
        command: rendered.command,
        shell: rendered.shell,
        cwd: next.spec.workspace,
        env: { ...next.spec.env, P4I_JOB_ID: next.jobId, P4I_DESCRIPTION: next.spec.description ?? '', ...(next.changelist !== null ? { P4I_CHANGELIST: String(next.changelist) } : {}) },
        timeout_s: this.opts.pipeline.timeoutsS[stage],
        secret_env: next.spec.secret_env,
        tmpdir: `job-${next.jobId}`,
        limits: next.spec.limits ?? null,
      }, ACTOR);
      this.store.jobs.insertRun({ jobId: next.jobId, stage, attempt: next.counters.attempt, purpose, cmdId: id, command: rendered.display });
      this.store.jobs.update(next.jobId, { ...patch, stage, currentCmdId: id, retryAt: null });
      return id;
    });
    this.dispatcher.dispatch(cmdId);
    this.publish(next.jobId);
  }

  private onEvent(event: MasterEvent): void {
    if (event.type === 'command' && TERMINAL_STATES.has(event.command.state)) {
      const command = event.command;
      // Outside the emitter's call stack: the handler starts new commands.
      setImmediate(() => this.commandEnded(command));
    }
  }

  /** An agent (re)connected: its file watches are gone, and queued jobs may now fit. */
  agentReady(agentId: string): void {
    for (const jobId of this.watcher.jobsOn(agentId)) {
      const job = this.store.jobs.get(jobId);
      if (job) this.watcher.watch(jobId, agentId, job.spec.workspace, job.conflicts);
    }
    this.schedule();
  }

  private commandEnded(cmd: CommandDto): void {
    if (this.closed) return;
    const run = this.store.jobs.runOf(cmd.cmd_id);
    if (!run || run.ended) return;
    const job = this.store.jobs.get(run.jobId);
    if (!job || job.currentCmdId !== cmd.cmd_id) {
      this.store.jobs.finishRun(cmd.cmd_id, { exitCode: cmd.exit_code, outcome: 'superseded', summary: `command ${cmd.state}`, decision: 'the job had moved on', nextStage: null });
      return;
    }
    const output = this.outputOf(cmd);
    if (cmd.started_at && cmd.ended_at) this.opts.metrics.stageDuration.observe({ stage: run.stage }, (Date.parse(cmd.ended_at) - Date.parse(cmd.started_at)) / 1000);
    if (cmd.state === 'lost') return this.commandLost(job, run.stage, cmd);
    if (run.purpose === 'probe') return this.probed(job, run.stage, output);
    const result = this.classify(job, run.stage, output);
    const counters: JobCounters = { ...job.counters, lostRetries: 0 };
    if (run.stage === 'RESOLVE_CHECK') counters.resolveChecks++;
    const decision = decideNextStage(run.stage, result, {
      attempt: counters.attempt,
      ncFixRounds: counters.ncFixRounds,
      resolveChecks: counters.resolveChecks,
      resubmits: counters.resubmits,
      hasPreSubmitHook: Boolean(job.spec.pre_submit_hook),
      hasNameCheckFix: Boolean(job.spec.name_check_fix_script),
      timedOut: cmd.state === 'timed_out',
      limits: this.opts.pipeline.limits,
    });
    if (decision.next === 'NC_FIX') counters.ncFixRounds++;
    if (run.stage === 'P4PUSH' && (decision.next === 'SYNC' || decision.next === 'RESOLVE_PASS_1')) counters.resubmits++;
    // In NEEDS_RESOLVE `attempt` counts failed checks in a row, not checks.
    const failedCheck = run.stage === 'NEEDS_RESOLVE' && result.outcome !== 'needs-resolve';
    counters.attempt = decision.next === run.stage && (run.stage !== 'NEEDS_RESOLVE' || failedCheck) ? counters.attempt + 1 : 1;
    const patch: JobPatch = { counters };
    if (run.stage === 'INIT' && result.change !== undefined) patch.changelist = result.change;
    if (decision.next === 'NEEDS_RESOLVE' && result.outcome === 'needs-resolve') patch.conflicts = result.conflicts;
    const summary = cmd.state === 'timed_out' ? `timed out after ${this.opts.pipeline.timeoutsS[run.stage] ?? '?'} s` : this.summarize(run.stage, result);
    this.log.info({ job_id: job.jobId, agent_id: job.agentId, stage: run.stage, cmd_id: cmd.cmd_id, next: decision.next, outcome: result.outcome, duration_ms: cmd.started_at && cmd.ended_at ? Date.parse(cmd.ended_at) - Date.parse(cmd.started_at) : null }, decision.reason);
    this.advance(job, decision, patch, () => this.store.jobs.finishRun(cmd.cmd_id, { exitCode: cmd.exit_code, outcome: result.outcome, summary, decision: decision.reason, nextStage: decision.next }), result);
  }

  /** Applies a decision: wait and retry, wait for a resolve, end, or start the next stage. */
  private advance(job: JobRecord, decision: Decision, patch: JobPatch, finishing: () => void, result?: P4Classification): void {
    const { next } = decision;
    if (next === 'DONE' || next === 'ERROR') return this.finish(job, decision, patch, finishing);
    if (decision.retryAfterMs !== undefined) {
      const retryAt = Date.now() + decision.retryAfterMs;
      this.store.transaction(() => {
        finishing();
        this.store.jobs.update(job.jobId, { ...patch, stage: next, currentCmdId: null, retryAt });
      });
      this.later(job.jobId, decision.retryAfterMs);
      this.publish(job.jobId);
      return;
    }
    if (next === 'NEEDS_RESOLVE') {
      const conflicts = patch.conflicts ?? job.conflicts;
      this.store.transaction(() => {
        finishing();
        this.store.jobs.update(job.jobId, { ...patch, stage: next, status: 'needs_resolve', currentCmdId: null, lastCheckAt: Date.now() });
      });
      if (job.stage === 'NEEDS_RESOLVE') this.watcher.checked(job.jobId, conflicts);
      else this.log.warn({ job_id: job.jobId, conflicts: conflicts.length }, 'job needs a manual resolve');
      this.watcher.watch(job.jobId, job.agentId!, job.spec.workspace, conflicts);
      this.publish(job.jobId);
      return;
    }
    if (job.stage === 'NEEDS_RESOLVE' || job.status === 'needs_resolve') {
      this.watcher.stop(job.jobId, result?.conflicts ?? []);
      patch = { ...patch, status: 'running', conflicts: [], lastCheckAt: Date.now() };
    }
    this.startStage(job, next, 'stage', patch, finishing);
  }

  private finish(job: JobRecord, decision: Decision, patch: JobPatch, finishing?: () => void): void {
    const status = decision.next === 'DONE' ? 'done' : 'error';
    this.store.transaction(() => {
      finishing?.();
      this.store.jobs.update(job.jobId, { ...patch, stage: decision.next, status, currentCmdId: null, retryAt: null, endedAt: Date.now(), error: status === 'error' ? decision.reason : null });
      this.store.audit.record(ACTOR, `job.${status}`, job.jobId, { reason: decision.reason });
    });
    this.log.info({ job_id: job.jobId, status, duration_ms: job.startedAt === null ? null : Date.now() - job.startedAt }, `job ${status}: ${decision.reason}`);
    this.opts.metrics.jobEnded(status, job.startedAt === null ? null : (Date.now() - job.startedAt) / 1000);
    this.ended(job);
  }

  /** Housekeeping when a job ends for any reason: watcher, timers, TMPDIR, the next job. */
  private ended(job: JobRecord): void {
    this.watcher.stop(job.jobId);
    const timer = this.timers.get(job.jobId);
    if (timer) clearTimeout(timer);
    this.timers.delete(job.jobId);
    if (job.agentId) this.registry.sessionFor(job.agentId)?.send({ t: 'purge_tmp', tmpdir: `job-${job.jobId}` });
    this.publish(job.jobId);
    this.schedule();
  }

  // ---- NEEDS_RESOLVE checks ------------------------------------------------------------

  private check(jobId: string, reason: string): void {
    const job = this.store.jobs.get(jobId);
    if (!job || job.status !== 'needs_resolve' || job.currentCmdId) return; // one check at a time
    if (!this.registry.sessionFor(job.agentId!)) return; // the timer tries again
    this.log.debug({ job_id: jobId, reason }, 'checking conflicts');
    this.startStage(job, 'NEEDS_RESOLVE', 'check');
  }

  // ---- lost commands and probes --------------------------------------------------------

  /**
   * The stage's command died with its agent. Stages that only read or finish what is unfinished
   * run again; integrate, shelve and submit first check what the lost command already did.
   */
  private commandLost(job: JobRecord, stage: JobStage, cmd: CommandDto): void {
    const lostRetries = job.counters.lostRetries + 1;
    const finishing = (): void => this.store.jobs.finishRun(cmd.cmd_id, { exitCode: null, outcome: 'lost', summary: cmd.reason ?? 'command lost', decision: 'will run again when the agent is back', nextStage: stage });
    if (lostRetries > this.opts.lostRetries) {
      return this.finish(job, { next: 'ERROR', reason: `the ${stage} command was lost ${lostRetries} times in a row (${cmd.reason ?? 'agent lost'})` }, {}, finishing);
    }
    const counters = { ...job.counters, lostRetries };
    this.log.warn({ job_id: job.jobId, stage, cmd_id: cmd.cmd_id, reason: cmd.reason }, 'stage command lost; will retry');
    this.store.transaction(() => {
      finishing();
      this.store.jobs.update(job.jobId, { counters, currentCmdId: null, retryAt: Date.now() });
    });
    this.later(job.jobId, 0);
    this.publish(job.jobId);
  }

  /** A delayed retry is due, or a lost command is to be redone: run it (once the agent is back). */
  private runDue(jobId: string): void {
    this.timers.delete(jobId);
    const job = this.store.jobs.get(jobId);
    if (!job || job.currentCmdId || !['running', 'needs_resolve'].includes(job.status)) return;
    if (job.status === 'needs_resolve') {
      this.watcher.watch(jobId, job.agentId!, job.spec.workspace, job.conflicts);
      return;
    }
    if (!this.registry.sessionFor(job.agentId!)) {
      this.later(jobId, this.opts.agentWaitMs);
      return;
    }
    const probe = job.counters.lostRetries > 0 && PROBE_FOR[job.stage] !== undefined && job.changelist !== null;
    this.startStage(job, job.stage, probe ? 'probe' : 'stage');
  }

  private probed(job: JobRecord, stage: JobStage, output: P4Output): void {
    const cl = job.changelist!;
    let decision: Decision | null = null;
    if (output.exitCode !== 0 && output.stdout.trim() === '') decision = null;
    else if (stage === 'INTEGRATE') {
      const opened = countOpened(output);
      decision = opened > 0 ? { next: 'RESOLVE_PASS_1', reason: `the lost integrate had already opened ${opened} file(s) in change ${cl}` } : { next: 'INTEGRATE', reason: `change ${cl} has no open files: integrating again` };
    } else if (stage === 'SHELVE') {
      decision = hasShelvedFiles(output) ? { next: 'P4PUSH', reason: `change ${cl} was shelved before the command was lost` } : { next: 'SHELVE', reason: `change ${cl} has no shelved files: shelving again` };
    } else if (stage === 'P4PUSH') {
      const state = changeState(output, cl);
      decision = state === 'submitted' ? { next: 'DONE', reason: `change ${cl} was submitted before the command was lost` }
        : state === 'pending' ? { next: 'P4PUSH', reason: `change ${cl} is still pending: submitting again` }
        : { next: 'ERROR', reason: `cannot tell whether change ${cl} was submitted (p4 describe does not know it); check p4 changes before running the job again` };
    }
    const cmdId = job.currentCmdId!;
    if (decision === null) {
      // The probe itself failed (server unreachable…): treat like another loss.
      return this.commandLost(job, stage, { ...this.store.commands.get(cmdId)!, reason: output.stderr.trim().split('\n')[0] ?? 'probe failed' });
    }
    const counters: JobCounters = { ...job.counters, lostRetries: 0, attempt: 1 };
    const finishing = (): void => this.store.jobs.finishRun(cmdId, { exitCode: output.exitCode, outcome: 'probe', summary: decision.reason, decision: decision.reason, nextStage: decision.next });
    this.advance(job, decision, { counters }, finishing);
  }

  // ---- helpers ---------------------------------------------------------------------------

  private classify(job: JobRecord, stage: JobStage, output: P4Output): P4Classification {
    if (stage === 'INIT') return job.changelist === null ? classifyP4Output('change', output) : classifyChangeCheck(output, job.changelist);
    const kind = STAGE_OUTPUT_KIND[stage as keyof typeof STAGE_OUTPUT_KIND];
    return kind === 'script' ? classifyScriptOutput(output) : classifyP4Output(kind, output);
  }

  private summarize(stage: JobStage, result: P4Classification): string {
    const kind = STAGE_OUTPUT_KIND[stage as keyof typeof STAGE_OUTPUT_KIND];
    if (kind === 'script') return result.outcome === 'ok' ? 'script succeeded' : `script failed: ${result.messages[0] ?? ''}`;
    return summarizeClassification(stage === 'INIT' ? 'change' : kind, result);
  }

  private outputOf(cmd: CommandDto): P4Output {
    const text = (stream: 'stdout' | 'stderr'): string => {
      const size = stream === 'stdout' ? cmd.stdout_bytes : cmd.stderr_bytes;
      if (size <= 2 * CLASSIFY_SLICE) return this.store.output.read(cmd.cmd_id, stream, 0, size).data.toString('utf8');
      // Cut at line ends so no line is classified half.
      const head = this.store.output.read(cmd.cmd_id, stream, 0, CLASSIFY_SLICE).data;
      const tail = this.store.output.read(cmd.cmd_id, stream, size - CLASSIFY_SLICE, CLASSIFY_SLICE).data;
      return `${head.subarray(0, head.lastIndexOf(0x0a) + 1).toString('utf8')}${tail.subarray(tail.indexOf(0x0a) + 1).toString('utf8')}`;
    };
    return { stdout: text('stdout'), stderr: text('stderr'), exitCode: cmd.exit_code };
  }

  private later(jobId: string, ms: number): void {
    const old = this.timers.get(jobId);
    if (old) clearTimeout(old);
    this.timers.set(jobId, setTimeout(() => this.runDue(jobId), ms));
  }

  private mustGet(jobId: string): JobRecord {
    const job = this.store.jobs.get(jobId);
    if (!job) throw new ApiError(404, `unknown job "${jobId}"`);
    return job;
  }

  private publish(jobId: string): void {
    const row = this.store.jobs.row(jobId);
    if (row) this.events.emit({ type: 'job', job: jobDto(row, this.waitingFor(jobId, row.retry_at)) });
  }
}
