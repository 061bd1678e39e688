// The job state machine. Every stage runs one command on the job's agent; when it ends, its
// own output is classified, a pure decision picks the next stage, and the transition (the
// finished stage run, the job row, the next command) is committed in one transaction. A master
// restart therefore finds every job exactly where it was and carries on.
import { randomUUID } from 'node:crypto';
import type { AgentDto, CancelOptions, ChainStepDto, CommandDto, ConflictDto, IntegrationPreviewDto, ResolveConflictRequest, ResolveConflictResult, ContinueResult, JobDto, JobLogEntry, JobQuery, JobStage, NewJob } from '../../preload/api.ts';
import type { AgentRegistry } from '../agents/agent-registry.ts';
import type { CommandDispatcher, CommandInput } from '../agents/command-dispatcher.ts';
import { ApiError } from '../base/errors.ts';
import type { EventHub } from '../events.ts';
import type { Logger } from '../observe/log.ts';
import type { Metrics } from '../observe/metrics.ts';
import { SEALED_PREFIX, SecretBox } from '../security/secret-box.ts';
import { classifyP4Output, summarizeClassification, type Conflict, type P4Classification, type P4Output } from '../p4/index.ts';
import { TERMINAL_STATES } from '../store/command-repo.ts';
import { erasedSecrets, FRESH_COUNTERS, jobDto, NO_CHANGE_YET, type JobCounters, type JobPatch, type JobRecord, type JobRow } from '../store/job-repo.ts';
import type { Store } from '../store/store.ts';
import { StoreUnavailableError } from '../store/store-writer.ts';
import { classifyStage, decideAfterEnd, decideAfterLoss, decideNextStage, PROBE_AFTER_LOSS, STAGE_OUTPUT_KIND, type AfterEndStep, type ChangeFacts, type Decision } from './decisions.ts';
import { resolveRefusal } from './conflict-details.ts';
import { integrateArgv, previewArgvs, resolveArgvs, resolveFileArgv } from './integrate-command.ts';
import { buildPreview, chainFrom, nextChainStep } from './integration-preview.ts';
import { planSchedule } from './job-scheduler.ts';
import { describeConflicts, describeLocks, historyFiles, lockRefusals, type ConflictSources } from './needs-resolve-details.ts';
import { CREATE_CHANGE_TEMPLATE, DEFAULT_TEMPLATES, FIXED_STEPS, PROBES, renderArgvs, renderTemplate, templateStage, templateValues, TemplateError, type Pipeline, type RenderedCommand, type StageTemplate } from './pipeline-templates.ts';
import { foldChecks, ResolveWatcher } from './resolve-watcher.ts';
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
  /** A job whose agent has been away this long is blocked (and a person is told). */
  agentLostAfterMs: number;
}

/**
 * Output of one stage read for classification: the head and the tail of each stream, each up
 * to this size. p4 puts its verdicts in short messages and at the ends; reading 100 MB of sync
 * lines in one go would stall the master's event loop for most of a second.
 */
const CLASSIFY_SLICE = 4 * 1024 * 1024;
/** A script's verdict is its exit code and its last lines: only this much of each stream's end is read. */
const SCRIPT_TAIL = 64 * 1024;
/** Largest log entry /api/jobs/:id/logs returns per stream (the whole output stays in the store). */
const LOG_LIMIT = 64 * 1024 * 1024;
const ACTOR = 'engine';
/** A step the store could not commit is tried again after this, doubling up to the maximum. */
const STORE_RETRY_MS = 500;
const STORE_RETRY_MAX_MS = 10_000;

const ENDED = new Set(['done', 'error', 'cancelled']);
const isEnded = (job: JobRecord): boolean => ENDED.has(job.status);
/** The job made a pending change and nothing was submitted from it: the change is its to clean up. */
const ownsPendingChange = (job: JobRecord): boolean => job.changelist !== null && job.submittedChange === null;
const where = (job: JobRecord): string => `on agent ${job.agentId ?? '?'} in ${job.spec.workspace}`;

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
  /** Agents not online, and since when (the last time they were heard). */
  private readonly away = new Map<string, number>();
  private readonly blockTimers = new Map<string, NodeJS.Timeout>();
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
      checkDue: (jobId, reason) => this.guarded(() => this.check(jobId, reason)),
      watchFiles: (agentId, jobId, paths) => registry.watch(agentId, jobId, paths),
      unwatchFiles: (agentId, jobId) => registry.unwatch(agentId, jobId),
    });
    // Outside the dispatcher's call stack: the handler starts new commands.
    const offEnded = dispatcher.onCommandEnded((command) => setImmediate(() => this.guarded(() => this.commandEnded(command))));
    const offAgents = events.on((event) => {
      if (event.type === 'agent') this.agentChanged(event.agent);
    });
    this.unsubscribe = () => {
      offEnded();
      offAgents();
    };
  }

  /** Picks up every job that had not ended when the master stopped. */
  resume(): void {
    for (const job of this.store.jobs.live()) {
      if (job.status === 'queued') continue;
      // Nobody was heard while the master was down: an agent is away from now on, until it connects.
      if (this.registry.statusOf(job.agentId!) !== 'online') this.markAway(job.agentId!, Date.now());
      if (job.stage === 'NEEDS_RESOLVE') this.watcher.watch(job.jobId, job.agentId!, job.spec.workspace, job.conflicts);
      if (job.currentCmdId) this.endedMeanwhile(job.currentCmdId);
      else if (job.stage !== 'NEEDS_RESOLVE') this.later(job.jobId, Math.max(0, (job.retryAt ?? 0) - Date.now()));
    }
    // A master stopped between a job's end and the erasing of its secret values.
    for (const job of this.store.jobs.endedHolding(SEALED_PREFIX)) this.eraseSecrets(job);
    // Clean-ups and inspections that had not finished: each goes on from its persisted step, once.
    for (const job of this.store.jobs.afterEnd()) {
      if (job.agentId && this.registry.statusOf(job.agentId) !== 'online') this.markAway(job.agentId, Date.now());
      if (job.currentCmdId) this.endedMeanwhile(job.currentCmdId);
      else this.runAfterEnd(job.jobId);
    }
    this.schedule();
  }

  /** A command that ended while the master was down is handled as if its end just arrived. */
  private endedMeanwhile(cmdId: string): void {
    const cmd = this.store.commands.get(cmdId);
    if (cmd && TERMINAL_STATES.has(cmd.state)) setImmediate(() => this.guarded(() => this.commandEnded(cmd)));
  }

  create(input: NewJob, actor: string): string {
    if (input.agent_id && !this.store.agents.find(input.agent_id)) throw new ApiError(404, `unknown agent "${input.agent_id}"`);
    // Each step integrates one change through the job's options; a site's own INTEGRATE line cannot take the range.
    if (input.spec.one_change_at_a_time && this.opts.pipeline.templates.INTEGRATE !== DEFAULT_TEMPLATES.INTEGRATE) {
      throw new ApiError(400, 'spec.one_change_at_a_time needs the default INTEGRATE template; this master\'s pipeline has its own');
    }
    const jobId = randomUUID();
    const now = Date.now();
    const env = input.spec.env === undefined ? {} : { env: this.opts.secrets.sealEnv(input.spec.env, input.spec.secret_env ?? []) };
    const spec = { ...input.spec, ...env, description: input.spec.description ?? `P4 Integrator: integrate ${input.spec.branch_spec}${input.spec.path ? ` ${input.spec.path}` : ''}` };
    this.store.transaction(() => {
      this.store.jobs.insert({
        jobId, agentId: null, targetAgent: input.agent_id ?? null, targetLabels: input.labels ?? [], priority: input.priority ?? 'NORMAL', spec,
        stage: 'LOGIN', status: 'queued', changelist: spec.changelist ?? null, ...NO_CHANGE_YET,
        error: null, conflicts: [], counters: FRESH_COUNTERS,
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
    return { ...jobDto(row, this.waitingFor(row)), stages: foldChecks(this.store.jobs.runs(jobId)) };
  }

  list(query: JobQuery): Omit<JobDto, 'stages'>[] {
    return this.store.jobs.list(query).map((row) => jobDto(row, this.waitingFor(row)));
  }

  logs(jobId: string): JobLogEntry[] {
    this.mustGet(jobId);
    const entries: JobLogEntry[] = [];
    for (const run of this.store.jobs.runs(jobId)) {
      if (!run.cmd_id) continue;
      for (const stream of ['stdout', 'stderr'] as const) {
        const text = this.store.output.read(run.cmd_id, stream, 0, LOG_LIMIT).data.toString('utf8');
        if (text) entries.push({ stage: run.stage, attempt: run.attempt, purpose: run.purpose, cmd_id: run.cmd_id, stream, text });
      }
    }
    return entries;
  }

  /**
   * Stops the job. Unless `keep`, its pending change is cleaned up once the running command has
   * ended: opened files reverted, the shelf deleted if the job made one, the change deleted.
   */
  cancel(jobId: string, actor: string, options: CancelOptions = {}): void {
    const job = this.mustGet(jobId);
    if (isEnded(job)) throw new ApiError(409, `job already ended (${job.status})`);
    const owns = ownsPendingChange(job);
    const keep = owns && options.keep === true;
    const cleanUp = owns && !keep;
    const kept = keep ? `; change ${job.changelist} and its opened files are kept for you ${where(job)}` : '';
    this.store.transaction(() => {
      this.store.jobs.update(jobId, {
        stage: 'CANCELLED', status: 'cancelled', retryAt: null, endedAt: Date.now(), cancelledBy: actor,
        error: `cancelled by ${actor} during ${job.stage}${kept}`,
        // The clean-up waits for the running command to end: it takes over from it.
        currentCmdId: cleanUp ? job.currentCmdId : null,
        cleanup: keep ? 'kept' : cleanUp ? 'pending' : null,
        afterEndStep: cleanUp ? 'REVERT' : null,
        leftInPerforce: owns ? `change ${job.changelist} is pending ${where(job)}` : null,
      });
      this.store.audit.record(actor, 'job.cancel', jobId, { stage: job.stage, keep });
    });
    if (job.currentCmdId) {
      try {
        this.dispatcher.kill(job.currentCmdId, actor);
      } catch (err) {
        if (!(err instanceof ApiError)) throw err; // already ended: its end is on its way
      }
    }
    this.log.info({ job_id: jobId, stage: job.stage, actor, keep }, 'job cancelled');
    this.opts.metrics.jobEnded('cancelled', job.startedAt === null ? null : (Date.now() - job.startedAt) / 1000);
    this.ended(job);
  }

  /**
   * Clean-up of an ended job's pending change, as cancel does (the ERROR and "kept" action).
   * `secrets`: the values erased when the job ended, which its commands need again.
   */
  cleanup(jobId: string, actor: string, secrets: Record<string, string> = {}): void {
    const job = this.mustGet(jobId);
    if (!isEnded(job)) throw new ApiError(409, `job is still ${job.status}; cancel it to clean up`);
    if (!ownsPendingChange(job)) throw new ApiError(409, 'the job has no pending change to clean up');
    if (job.cleanup === 'done') throw new ApiError(409, `change ${job.changelist} was already cleaned up`);
    if (job.cleanup === 'pending') throw new ApiError(409, `the clean-up of change ${job.changelist} is already under way`);
    this.startCleanup(job, actor, this.givenSecrets(job, secrets));
  }

  /**
   * The env an ended job runs with again: its secret values were erased when it ended (only the
   * names stay), so each must be given; a 400 names the missing ones.
   */
  private givenSecrets(job: JobRecord, given: Record<string, string>): Record<string, string> {
    const erased = erasedSecrets(job.spec);
    const missing = erased.filter((name) => given[name] === undefined);
    if (missing.length > 0) throw new ApiError(400, `secrets: the job's secret env values were erased when it ended; give them again: ${missing.join(', ')}`);
    const unknown = Object.keys(given).filter((name) => !erased.includes(name));
    if (unknown.length > 0) throw new ApiError(400, `secrets: not an erased secret of this job: ${unknown.join(', ')}`);
    return { ...job.spec.env, ...given };
  }

  private startCleanup(job: JobRecord, actor: string, env: Record<string, string>): void {
    // The erased values given again are sealed into the job until its clean-up ends.
    const spec = { ...job.spec, env: this.opts.secrets.sealEnv(env, job.spec.secret_env ?? []) };
    this.store.transaction(() => {
      this.store.jobs.update(job.jobId, { spec, cleanup: 'pending', afterEndStep: 'REVERT' });
      this.store.audit.record(actor, 'job.cleanup', job.jobId, { changelist: job.changelist });
    });
    this.log.info({ job_id: job.jobId, changelist: job.changelist, actor }, 'cleaning up the job\'s change');
    this.runAfterEnd(job.jobId);
    this.publish(job.jobId);
  }

  /**
   * Runs an ended job again, always the same way: the old job's pending change is cleaned up
   * first, then a new job starts over in a new change (the workspace stays the old job's until
   * its clean-up is done, so the new one waits for it).
   */
  retry(jobId: string, actor: string, secrets: Record<string, string> = {}): string {
    const job = this.mustGet(jobId);
    if (!isEnded(job)) throw new ApiError(409, `job is still ${job.status}; cancel it first or wait for it to end`);
    const env = this.givenSecrets(job, secrets);
    if (ownsPendingChange(job) && job.cleanup !== 'done' && job.cleanup !== 'pending') this.startCleanup(job, actor, env);
    // Starting over means a new change: the old one is being deleted.
    const { description: _generated, changelist: _old, ...rest } = job.spec;
    const spec = job.spec.env === undefined ? rest : { ...rest, env };
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

  /**
   * Resolves one conflicting file as the user chose, on the job's agent in its workspace:
   * `p4 resolve -at|-ay|-am -c N FILE`. Refused (409, with why) for a locked file, `merged` of a
   * binary file or of one with conflicting chunks left. The job checks again at once after it.
   */
  async resolveConflict(jobId: string, actor: string, request: ResolveConflictRequest): Promise<ResolveConflictResult> {
    const job = this.mustGet(jobId);
    if (job.status !== 'needs_resolve') throw new ApiError(409, `job is not waiting for a resolve (it is ${job.status}, stage ${job.stage})`);
    const conflict = job.conflicts.find((c) => c.file === request.file || c.depot_file === request.file);
    if (!conflict) throw new ApiError(404, `"${request.file}" is not one of the job's conflicts (${job.conflicts.map((c) => c.file).join(', ')})`);
    const refusal = resolveRefusal(conflict, request.action);
    if (refusal) throw new ApiError(409, refusal);
    if (!this.registry.sessionFor(job.agentId!)) throw new ApiError(409, `agent "${job.agentId}" is offline; try again when it is back`);
    const rendered = renderArgvs([resolveFileArgv(request.action, job.changelist!, conflict.file)], job.spec.init_script);
    // The action is a run of the job's timeline too (purpose 'action'): who, what, which file, and the result.
    const { cmd, output } = await this.runOnce(this.commandInput(job, rendered, 'NEEDS_RESOLVE'), actor, (id) => {
      this.store.audit.record(actor, 'job.resolve', jobId, { file: conflict.file, action: request.action, cmd_id: id });
      this.store.jobs.insertRun({ jobId, stage: 'NEEDS_RESOLVE', attempt: 1, purpose: 'action', cmdId: id, command: rendered.display });
    });
    const result = classifyP4Output('resolve', output);
    const said = [output.stdout, output.stderr].join('').trim();
    const failed = result.outcome === 'ok' ? null : result.messages[0] ?? (said || cmd.state);
    const what = `${actor} chose ${ACTION_WORDS[request.action]} for ${conflict.depot_file || conflict.file}`;
    this.store.jobs.finishRun(cmd.cmd_id, { exitCode: cmd.exit_code, outcome: failed === null ? 'resolved' : 'error', summary: failed === null ? `${what}: resolved` : `${what}: not resolved (${failed})`, decision: 'resolve taken from the app; the conflicts are checked again', nextStage: null });
    this.log.info({ job_id: jobId, file: conflict.file, action: request.action, cmd_id: cmd.cmd_id, actor }, 'conflict resolved by hand');
    this.publish(jobId);
    // Check now (and once more shortly): the job moves on by itself when nothing is left.
    this.watcher.filesChanged(jobId);
    if (failed !== null) throw new ApiError(409, `${rendered.display} did not resolve ${conflict.file}: ${failed}`);
    return { file: conflict.file, action: request.action, command: rendered.display, output: said };
  }

  /**
   * What a new job would do, before anything is opened: `p4 interchanges` and `p4 integrate -n`
   * (or merge/copy) of its spec, run on the agent it names (or an online one with its labels).
   */
  async preview(input: NewJob, actor: string): Promise<IntegrationPreviewDto> {
    const candidates = this.registry.list().filter((a) => (input.agent_id ? a.agent_id === input.agent_id : (input.labels ?? []).every((l) => a.labels.includes(l))));
    const agent = candidates.find((a) => a.status === 'online' && this.registry.sessionFor(a.agent_id));
    if (!agent) {
      throw new ApiError(409, input.agent_id ? `agent "${input.agent_id}" is ${candidates[0]?.status ?? 'unknown'}; the preview runs on the job's agent` : `no online agent has the labels ${input.labels?.join(', ') || '(any)'}`);
    }
    const { spec } = input;
    const argvs = previewArgvs(spec);
    const env = this.opts.secrets.sealEnv(spec.env ?? {}, spec.secret_env ?? []);
    const run = async (argv: string[]): Promise<P4Output> => {
      const { command, shell } = renderArgvs([argv], spec.init_script);
      const exec = { agent_id: agent.agent_id, command, shell, cwd: spec.workspace, env, timeout_s: this.opts.pipeline.timeoutsS.INTEGRATE, secret_env: spec.secret_env, limits: spec.limits ?? null };
      const audit = (cmdId: string) => this.store.audit.record(actor, 'job.preview', null, { branch_spec: spec.branch_spec, workspace: spec.workspace, agent_id: agent.agent_id, cmd_id: cmdId });
      return (await this.runOnce(exec, actor, audit)).output;
    };
    return buildPreview({ interchanges: await run(argvs.interchanges), integrate: await run(argvs.integrate) });
  }

  /** Runs one command outside the pipeline (recorded with `audit` in the same transaction) and waits for its end. */
  private async runOnce(input: CommandInput, actor: string, audit: (cmdId: string) => void): Promise<{ cmd: CommandDto; output: P4Output }> {
    const cmdId = this.store.transaction(() => {
      const id = this.dispatcher.insert(input, actor);
      audit(id);
      return id;
    });
    const ended = new Promise<CommandDto>((resolve) => {
      const off = this.dispatcher.onCommandEnded((command) => {
        if (command.cmd_id !== cmdId) return;
        off();
        resolve(command);
      });
    });
    this.dispatcher.dispatch(cmdId);
    const cmd = await ended;
    return { cmd, output: this.outputOf(cmd) };
  }

  /** The agent saw a watched conflict file change. */
  filesChanged(agentId: string, jobId: string): void {
    if (this.store.jobs.get(jobId)?.agentId === agentId) this.watcher.filesChanged(jobId);
  }

  dispose(): void {
    this.closed = true;
    this.unsubscribe();
    this.watcher.dispose();
    for (const timer of [...this.timers.values(), ...this.blockTimers.values()]) clearTimeout(timer);
    this.timers.clear();
    this.blockTimers.clear();
  }

  // ---- scheduling ------------------------------------------------------------------------

  private schedule(): void {
    if (this.closed) return;
    // A workspace stays taken while an ended job still cleans up or inspects its change there.
    const active = [...this.store.jobs.live().filter((j) => j.status !== 'queued'), ...this.store.jobs.afterEnd()];
    const plan = planSchedule(this.store.jobs.queued(), active, this.registry.list(), this.opts.maxRunningJobs);
    this.waiting = plan.waiting;
    for (const { jobId, agentId } of plan.start) {
      // Started in the same transaction as its first command, so a failed write leaves it queued.
      try {
        this.startStage(this.mustGet(jobId), 'LOGIN', 'stage', { agentId, status: 'running', startedAt: Date.now() });
      } catch (err) {
        if (!(err instanceof StoreUnavailableError)) throw err;
        this.log.warn({ job_id: jobId, err: err.message }, 'job not started: the store refuses writes; trying again');
        setTimeout(() => this.guarded(() => this.schedule()), STORE_RETRY_MS);
        return;
      }
      this.log.info({ job_id: jobId, agent_id: agentId }, 'job started');
    }
  }

  /** Why the job is not moving, as of now (never a past retry time while its agent is away). */
  private waitingFor(row: JobRow): string | null {
    const since = row.agent_id === null ? undefined : this.away.get(row.agent_id);
    const away = since === undefined ? null : `agent ${row.agent_id} ${this.registry.statusOf(row.agent_id!) === 'unresponsive' ? 'unresponsive' : 'offline'} since ${new Date(since).toISOString()}`;
    if (row.after_end_step !== null) {
      const what = row.after_end_step === 'INSPECT' ? 'inspection of the change' : 'clean-up';
      return away ? `${what} pending on agent ${row.agent_id} (${away})` : null;
    }
    if (ENDED.has(row.status)) return null;
    if (away && row.status !== 'queued') return away;
    if (row.retry_at !== null) return `retrying at ${new Date(row.retry_at).toISOString()}`;
    return this.waiting.get(row.job_id) ?? null;
  }

  // ---- running stages --------------------------------------------------------------------

  /**
   * Starts `stage` (or a check/probe run of it): the stage run, the command and the job row are
   * committed together with `finishing` (the transition that led here), then the command is sent.
   * Steps after the end (clean-up, inspection) leave the job's stage as it is.
   */
  private startStage(job: JobRecord, stage: JobStage, purpose: 'stage' | 'check' | 'probe' | 'plan' = 'stage', patch: JobPatch = {}, finishing?: () => void, argvs?: string[][]): void {
    const next = { ...job, ...patch } as JobRecord;
    const afterEnd = isEnded(next);
    let rendered;
    try {
      const number = stage === 'VERIFY' ? next.submittedChange : next.changelist;
      const built = argvs ?? (purpose === 'stage' ? this.optionCommand(next, stage) : null);
      rendered = built ? renderArgvs(built, next.spec.init_script)
        : renderTemplate(stage, this.templateFor(next, stage, purpose), templateValues(next.spec, number), next.spec.init_script);
    } catch (err) {
      if (!(err instanceof TemplateError)) throw err;
      if (afterEnd) {
        // Fixed templates: only a job without a change gets here; it has nothing to clean up.
        this.store.jobs.update(next.jobId, { afterEndStep: null, cleanup: next.cleanup === null ? null : 'failed', leftInPerforce: err.message });
        this.wrapUp(next.jobId);
        this.publish(next.jobId);
        return;
      }
      this.finish(next, { next: 'ERROR', reason: err.message }, patch, finishing);
      return;
    }
    const cmdId = this.store.transaction(() => {
      finishing?.();
      const id = this.dispatcher.insert(this.commandInput(next, rendered, stage), ACTOR);
      this.store.jobs.insertRun({ jobId: next.jobId, stage, attempt: afterEnd ? 1 : next.counters.attempt, purpose, cmdId: id, command: rendered.display });
      this.store.jobs.update(next.jobId, { ...patch, ...(afterEnd ? {} : { stage }), currentCmdId: id, retryAt: null });
      return id;
    });
    this.dispatcher.dispatch(cmdId);
    this.publish(next.jobId);
  }

  /**
   * The integration and the automatic resolve passes run the job's options (stream, from/to,
   * revisions, flags, resolve policy) while the site keeps the default template for the stage;
   * a site's own template runs as written.
   */
  private optionCommand(job: JobRecord, stage: JobStage): string[][] | null {
    if (job.changelist === null || !(stage === 'INTEGRATE' || stage === 'RESOLVE_PASS_1' || stage === 'RESOLVE_PASS_2')) return null;
    if (this.opts.pipeline.templates[stage] !== DEFAULT_TEMPLATES[stage]) return null;
    if (stage === 'INTEGRATE') return [integrateArgv(stepSpec(job), job.changelist)];
    const passes = resolveArgvs(job.spec, job.changelist);
    // The second pass only merges what the first left; accepted paths were taken in the first.
    return stage === 'RESOLVE_PASS_1' ? passes : [passes.at(-1)!];
  }

  /** A command of the job: on its agent, in its workspace, with its env, limits and TMPDIR. */
  private commandInput(job: JobRecord, rendered: RenderedCommand, stage: JobStage): CommandInput {
    return {
      agent_id: job.agentId!,
      command: rendered.command,
      shell: rendered.shell,
      cwd: job.spec.workspace,
      env: { ...job.spec.env, P4I_JOB_ID: job.jobId, P4I_DESCRIPTION: stepSpec(job).description ?? '', ...(job.changelist !== null ? { P4I_CHANGELIST: String(job.changelist) } : {}) },
      timeout_s: this.opts.pipeline.timeoutsS[stage],
      secret_env: job.spec.secret_env,
      tmpdir: `job-${job.jobId}`,
      limits: job.spec.limits ?? null,
    };
  }

  /**
   * Runs a step started by a timer or a finished command. A step the store could not commit
   * changed nothing (its writes are one transaction), so it is simply run again later.
   */
  private guarded(step: () => void, delayMs = STORE_RETRY_MS): void {
    if (this.closed) return;
    try {
      step();
    } catch (err) {
      if (!(err instanceof StoreUnavailableError)) {
        this.log.error({ err }, 'job step failed');
        return;
      }
      this.log.warn({ err: err.message, retry_ms: delayMs }, 'job step not stored; trying again');
      setTimeout(() => this.guarded(step, Math.min(delayMs * 2, STORE_RETRY_MAX_MS)), delayMs);
    }
  }

  private templateFor(job: JobRecord, stage: JobStage, purpose: 'stage' | 'check' | 'probe' | 'plan'): StageTemplate {
    if (purpose === 'probe') return PROBES[PROBE_AFTER_LOSS[stage]!];
    if (stage in FIXED_STEPS) return FIXED_STEPS[stage as keyof typeof FIXED_STEPS];
    if (stage === 'INIT' && job.changelist === null) return CREATE_CHANGE_TEMPLATE;
    return this.opts.pipeline.templates[templateStage(stage)];
  }

  /**
   * An agent's status changed (or it beat again). Leaving: its jobs say so at once, and are
   * blocked after agent_lost_after_s. Back: blocked jobs run again (agentReady does the rest).
   */
  private agentChanged(agent: AgentDto): void {
    const id = agent.agent_id;
    if (agent.status === 'online') {
      if (!this.away.delete(id)) return;
      clearTimeout(this.blockTimers.get(id));
      this.blockTimers.delete(id);
      this.unblock(id);
      return;
    }
    this.markAway(id, Date.parse(agent.last_heartbeat ?? agent.last_seen) || Date.now());
  }

  /** The agent was last heard at `since`: its jobs say so now, and are blocked after agent_lost_after_s. */
  private markAway(agentId: string, since: number): void {
    if (this.away.has(agentId)) return;
    this.away.set(agentId, since);
    this.blockTimers.set(agentId, setTimeout(() => this.block(agentId), Math.max(0, since + this.opts.agentLostAfterMs - Date.now())));
    for (const job of this.jobsOn(agentId)) this.publish(job.jobId);
  }

  /** Live jobs and unfinished clean-ups on an agent. */
  private jobsOn(agentId: string): JobRecord[] {
    return [...this.store.jobs.live(), ...this.store.jobs.afterEnd()].filter((j) => j.agentId === agentId && j.status !== 'queued');
  }

  private block(agentId: string): void {
    this.blockTimers.delete(agentId);
    const since = this.away.get(agentId);
    if (since === undefined || this.closed) return;
    for (const job of this.store.jobs.live()) {
      if (job.agentId !== agentId || (job.status !== 'running' && job.status !== 'needs_resolve')) continue;
      this.store.jobs.update(job.jobId, { status: 'blocked' });
      const message = `job ${job.jobId} is blocked in ${job.stage}: agent ${agentId} has been away since ${new Date(since).toISOString()}; it goes on by itself when the agent is back`;
      this.log.warn({ job_id: job.jobId, agent_id: agentId, stage: job.stage }, message);
      this.events.emit({ type: 'job_alert', job_id: job.jobId, alert: 'blocked', message });
      this.publish(job.jobId);
    }
  }

  private unblock(agentId: string): void {
    for (const job of this.jobsOn(agentId)) {
      if (job.status === 'blocked') this.store.jobs.update(job.jobId, { status: job.stage === 'NEEDS_RESOLVE' ? 'needs_resolve' : 'running' });
      this.publish(job.jobId);
    }
  }

  /** An agent (re)connected: its file watches are gone, waiting clean-ups can run, queued jobs may now fit. */
  agentReady(agentId: string): void {
    for (const jobId of this.watcher.jobsOn(agentId)) {
      const job = this.store.jobs.get(jobId);
      if (job) this.watcher.watch(jobId, agentId, job.spec.workspace, job.conflicts);
    }
    for (const job of this.store.jobs.afterEnd()) if (job.agentId === agentId) this.runAfterEnd(job.jobId);
    this.schedule();
  }

  private commandEnded(cmd: CommandDto): void {
    if (this.closed) return;
    const run = this.store.jobs.runOf(cmd.cmd_id);
    // A resolve from the app is awaited (and its run finished) by resolveConflict itself.
    if (!run || run.ended || run.purpose === 'action') return;
    const job = this.store.jobs.get(run.jobId);
    if (!job || job.currentCmdId !== cmd.cmd_id) {
      this.store.jobs.finishRun(cmd.cmd_id, { exitCode: cmd.exit_code, outcome: 'superseded', summary: `command ${cmd.state}`, decision: 'the job had moved on', nextStage: null });
      return;
    }
    const script = run.purpose === 'stage' && STAGE_OUTPUT_KIND[run.stage as keyof typeof STAGE_OUTPUT_KIND] === 'script';
    const output = this.outputOf(cmd, script);
    if (cmd.started_at && cmd.ended_at) this.opts.metrics.stageDuration.observe({ stage: run.stage }, (Date.parse(cmd.ended_at) - Date.parse(cmd.started_at)) / 1000);
    if (isEnded(job)) return this.afterEndCommandEnded(job, run.stage, cmd, output);
    if (run.stage === 'NEEDS_RESOLVE' && run.purpose !== 'stage' && isLocked(job)) return this.locksRead(job, cmd, output, run.purpose === 'check');
    if (run.purpose === 'probe' && run.stage === 'NEEDS_RESOLVE') return this.historyRead(job, cmd, output);
    if (cmd.state === 'lost') return this.commandLost(job, run.stage, cmd);
    if (run.purpose === 'plan') return this.planRead(job, cmd, output);
    if (run.purpose === 'probe') return this.probed(job, run.stage, output);
    const result = classifyStage(run.stage as keyof typeof STAGE_OUTPUT_KIND, output, facts(job));
    const counters: JobCounters = { ...job.counters, lostRetries: 0 };
    if (run.stage === 'RESOLVE_CHECK') counters.resolveChecks++;
    let decision = decideNextStage(run.stage, result, {
      attempt: counters.attempt,
      ncFixRounds: counters.ncFixRounds,
      resolveChecks: counters.resolveChecks,
      resubmits: counters.resubmits,
      hasPreSubmitHook: Boolean(job.spec.pre_submit_hook),
      hasNameCheckFix: Boolean(job.spec.name_check_fix_script),
      timedOut: cmd.state === 'timed_out',
      changelist: job.changelist,
      limits: this.opts.pipeline.limits,
    });
    if (run.stage === 'INTEGRATE' && decision.next === 'NEEDS_RESOLVE') {
      const locked = lockRefusals(output);
      if (locked) return this.lockedOut(job, cmd, locked, decision.reason);
      decision = { next: 'ERROR', reason: `p4 integrate was refused: ${decision.reason}` };
    }
    if (decision.next === 'NC_FIX') counters.ncFixRounds++;
    if (run.stage === 'P4PUSH' && (decision.next === 'SYNC' || decision.next === 'RESOLVE_PASS_1')) counters.resubmits++;
    // In NEEDS_RESOLVE `attempt` counts failed checks in a row, not checks.
    const failedCheck = run.stage === 'NEEDS_RESOLVE' && result.outcome !== 'needs-resolve';
    counters.attempt = decision.next === run.stage && (run.stage !== 'NEEDS_RESOLVE' || failedCheck) ? counters.attempt + 1 : 1;
    const patch: JobPatch = { counters };
    if (run.stage === 'INIT' && result.change !== undefined) {
      patch.changelist = result.change;
      if (job.chain) patch.chain = job.chain.map((step) => (step.state === 'current' ? { ...step, changelist: result.change! } : step));
    }
    // The number Perforce gave the change at submit ("Change 5 renamed change 7 and submitted.").
    if (run.stage === 'P4PUSH' && decision.next === 'VERIFY') patch.submittedChange = result.change ?? job.changelist;
    if (decision.next === 'NEEDS_RESOLVE' && result.outcome === 'needs-resolve') patch.conflicts = this.conflictsOf(job, result.conflicts);
    const summary = cmd.state === 'timed_out' ? `timed out after ${this.opts.pipeline.timeoutsS[run.stage] ?? '?'} s` : this.summarize(run.stage, result);
    this.log.info({ job_id: job.jobId, agent_id: job.agentId, stage: run.stage, cmd_id: cmd.cmd_id, next: decision.next, outcome: result.outcome, duration_ms: cmd.started_at && cmd.ended_at ? Date.parse(cmd.ended_at) - Date.parse(cmd.started_at) : null }, decision.reason);
    // A chain's step that ends DONE goes on with its next source change (finish() starts it).
    const goesOn = decision.next === 'DONE' ? job.chain?.find((step) => step.state === 'pending') : undefined;
    const said = goesOn ? { decision: `${decision.reason}; next: change ${goesOn.change} by ${goesOn.user}`, nextStage: 'INIT' as const } : { decision: decision.reason, nextStage: decision.next };
    this.advance(job, decision, patch, () => this.store.jobs.finishRun(cmd.cmd_id, { exitCode: cmd.exit_code, outcome: result.outcome, summary, ...said }), result);
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
      // Files new to the list: their history names the source change, its author and the
      // target's last change (read once, as a probe run of the stage). A job that only now
      // stops waits for it, so that the first notice already names them.
      const fresh = (result?.conflicts ?? []).filter((c) => !job.conflicts.some((o) => o.file === c.file));
      const files = historyFiles(conflicts.filter((c) => fresh.some((f) => f.file === c.file)), fresh);
      const status = files.length > 0 && job.stage !== 'NEEDS_RESOLVE' ? job.status : 'needs_resolve';
      this.store.transaction(() => {
        finishing();
        this.store.jobs.update(job.jobId, { ...patch, stage: next, status, currentCmdId: null, lastCheckAt: Date.now() });
      });
      if (job.stage === 'NEEDS_RESOLVE') this.watcher.checked(job.jobId, conflicts);
      else this.log.warn({ job_id: job.jobId, conflicts: conflicts.length }, 'job needs a manual resolve');
      this.watcher.watch(job.jobId, job.agentId!, job.spec.workspace, conflicts);
      if (files.length > 0) this.startStage(this.mustGet(job.jobId), 'NEEDS_RESOLVE', 'probe', {}, undefined, [['p4', 'filelog', '-l', ...files]]);
      else this.publish(job.jobId);
      return;
    }
    if (job.stage === 'NEEDS_RESOLVE') {
      this.watcher.stop(job.jobId, this.conflictsOf(job, result?.conflicts ?? []));
      patch = { ...patch, conflicts: [], lastCheckAt: Date.now() };
    }
    if (job.status !== 'running') patch = { ...patch, status: 'running' };
    if (next === 'INIT' && needsPlan(job)) return this.startPlan(job, patch, finishing);
    this.startStage(job, next, 'stage', patch, finishing);
  }

  // ---- one change at a time --------------------------------------------------------------

  /** Before its first change, a chain lists the source changes to integrate: `p4 interchanges` (a plan run of INIT). */
  private startPlan(job: JobRecord, patch: JobPatch = {}, finishing?: () => void): void {
    this.startStage(job, 'INIT', 'plan', patch, finishing, [previewArgvs(job.spec).interchanges]);
  }

  /** The plan ended: the chain starts with its oldest change, or the job is done with nothing pending. */
  private planRead(job: JobRecord, cmd: CommandDto, output: P4Output): void {
    const plan = chainFrom(output);
    const summary = 'error' in plan ? `error: ${plan.error}` : `${plan.steps.length} source change(s) to integrate one at a time`;
    const finishing = (decision: string, next: JobStage): void => this.store.jobs.finishRun(cmd.cmd_id, { exitCode: cmd.exit_code, outcome: 'error' in plan ? 'error' : 'ok', summary, decision, nextStage: next });
    if (cmd.state === 'timed_out' || 'error' in plan) {
      const reason = cmd.state === 'timed_out' ? 'p4 interchanges timed out' : `p4 interchanges failed: ${'error' in plan ? plan.error : ''}`;
      return this.finish(job, { next: 'ERROR', reason }, {}, () => finishing(reason, 'ERROR'));
    }
    if (plan.steps.length === 0) {
      const reason = 'p4 interchanges lists no source change to integrate';
      return this.finish(job, { next: 'DONE', reason, outcome: 'nothing_to_integrate' }, { chain: [] }, () => finishing(reason, 'DONE'));
    }
    const chain = plan.steps.map((step, i): ChainStepDto => (i === 0 ? { ...step, state: 'current' } : step));
    this.log.info({ job_id: job.jobId, changes: chain.map((s) => s.change) }, 'integrating one change at a time');
    this.startStage(job, 'INIT', 'stage', { chain, counters: { ...job.counters, lostRetries: 0 } }, () => finishing(`integrating change ${chain[0]!.change} by ${chain[0]!.user} first`, 'INIT'));
  }

  /**
   * A chain's step ended DONE (its change submitted, or nothing to integrate): the chain with
   * that step done and, when one is pending, the next one current (`next`: it starts in a new
   * change, from INIT). After the last one, the job's own DONE, naming every submitted change.
   */
  private nextStep(job: JobRecord, decision: Decision, patch: JobPatch): { chain: ChainStepDto[]; decision: Decision; next: boolean } {
    const after = { ...job, ...patch };
    const submitted = decision.outcome === 'submitted';
    const chain = job.chain!.map((step): ChainStepDto => step.state !== 'current' ? step : {
      ...step, state: submitted ? 'submitted' : 'nothing_to_integrate', changelist: after.changelist, submitted_change: submitted ? after.submittedChange : null,
    });
    const pending = chain.findIndex((step) => step.state === 'pending');
    if (pending >= 0) {
      chain[pending] = { ...chain[pending]!, state: 'current' };
      return { chain, decision, next: true };
    }
    const changes = chain.filter((step) => step.submitted_change !== null).map((step) => `${step.change} as ${step.submitted_change}`);
    return {
      chain, next: false,
      decision: {
        ...decision,
        outcome: changes.length > 0 ? 'submitted' : 'nothing_to_integrate',
        reason: `${chain.length} source change(s) integrated one at a time; submitted: ${changes.join(', ') || 'none (nothing to integrate)'}`,
      },
    };
  }

  /**
   * DONE carries what proved it; an ERROR that leaves the job's pending change behind first
   * asks Perforce what the change holds (INSPECT), so the job can say what is left.
   */
  private finish(job: JobRecord, decision: Decision, patch: JobPatch, finishing?: () => void): void {
    if (decision.next === 'DONE' && !decision.outcome) {
      // Every DONE decision carries its proof; one without is a bug, and must not pass as success.
      this.log.error({ job_id: job.jobId, reason: decision.reason }, 'DONE without proof');
      decision = { next: 'ERROR', reason: `internal error: DONE without proof (${decision.reason})` };
    }
    if (decision.next === 'DONE' && job.chain?.some((step) => step.state === 'current')) {
      const step = this.nextStep(job, decision, patch);
      if (step.next) {
        const current = step.chain.find((s) => s.state === 'current')!;
        this.log.info({ job_id: job.jobId, change: current.change }, `${decision.reason}; next: change ${current.change} by ${current.user}`);
        this.startStage(job, 'INIT', 'stage', { ...patch, chain: step.chain, changelist: null, submittedChange: null, conflicts: [], counters: FRESH_COUNTERS, status: 'running' }, finishing);
        return;
      }
      decision = step.decision;
      patch = { ...patch, chain: step.chain };
    }
    const status = decision.next === 'DONE' ? 'done' : 'error';
    const after = { ...job, ...patch };
    const inspect = status === 'error' && ownsPendingChange(after);
    this.store.transaction(() => {
      finishing?.();
      this.store.jobs.update(job.jobId, {
        ...patch, stage: decision.next, status, currentCmdId: null, retryAt: null, endedAt: Date.now(),
        error: status === 'error' ? decision.reason : null,
        outcome: decision.outcome ?? null,
        afterEndStep: inspect ? 'INSPECT' : null,
        leftInPerforce: inspect ? `change ${after.changelist} is pending ${where(after)}` : null,
      });
      this.store.audit.record(ACTOR, `job.${status}`, job.jobId, { reason: decision.reason });
    });
    this.log.info({ job_id: job.jobId, status, duration_ms: job.startedAt === null ? null : Date.now() - job.startedAt }, `job ${status}: ${decision.reason}`);
    this.opts.metrics.jobEnded(status, job.startedAt === null ? null : (Date.now() - job.startedAt) / 1000);
    this.ended(job);
  }

  /** Housekeeping when a job ends for any reason: watcher, timers, steps after the end, TMPDIR, the next job. */
  private ended(job: JobRecord): void {
    this.watcher.stop(job.jobId);
    const timer = this.timers.get(job.jobId);
    if (timer) clearTimeout(timer);
    this.timers.delete(job.jobId);
    this.runAfterEnd(job.jobId);
    this.wrapUp(job.jobId);
    this.publish(job.jobId);
    this.schedule();
  }

  /**
   * Once nothing of an ended job runs any more (its steps after the end are over too): its
   * TMPDIR goes, and its secret env values are erased; the names stay for a retry to ask for.
   */
  private wrapUp(jobId: string): void {
    const job = this.store.jobs.get(jobId);
    if (!job || !isEnded(job) || job.afterEndStep !== null) return;
    if (job.agentId) this.registry.purgeTmp(job.agentId, `job-${jobId}`);
    this.eraseSecrets(job);
  }

  private eraseSecrets(job: JobRecord): void {
    if (!job.spec.env || !SecretBox.holdsSealed(job.spec.env)) return;
    this.store.jobs.update(job.jobId, { spec: { ...job.spec, env: SecretBox.erase(job.spec.env) } });
  }

  // ---- after the end: inspection and clean-up of the job's change -----------------------

  /** Starts the job's next step after the end, when its agent is there and nothing else runs. */
  private runAfterEnd(jobId: string): void {
    const job = this.store.jobs.get(jobId);
    if (!job || job.afterEndStep === null || job.currentCmdId || this.closed) return;
    // An offline agent: the step waits (the job says so); agentReady starts it.
    if (!job.agentId || !this.registry.sessionFor(job.agentId) || this.registry.statusOf(job.agentId) !== 'online') return;
    this.startStage(job, job.afterEndStep);
  }

  private afterEndCommandEnded(job: JobRecord, stage: JobStage, cmd: CommandDto, output: P4Output): void {
    const step = job.afterEndStep;
    if (step === null || stage !== step) {
      // The stage command that was running when the job ended: the next step takes over.
      this.store.transaction(() => {
        this.store.jobs.finishRun(cmd.cmd_id, { exitCode: cmd.exit_code, outcome: cmd.state, summary: `command ${cmd.state}`, decision: `the job had ended (${job.status})`, nextStage: step });
        this.store.jobs.update(job.jobId, { currentCmdId: null });
      });
      this.runAfterEnd(job.jobId);
      this.publish(job.jobId);
      return;
    }
    if (cmd.state === 'lost') {
      // Every step can run again safely: it runs once the agent is back.
      this.store.transaction(() => {
        this.store.jobs.finishRun(cmd.cmd_id, { exitCode: null, outcome: 'lost', summary: cmd.reason ?? 'command lost', decision: 'will run again when the agent is back', nextStage: step });
        this.store.jobs.update(job.jobId, { currentCmdId: null });
      });
      this.runAfterEnd(job.jobId);
      this.publish(job.jobId);
      return;
    }
    const result = classifyStage(step as AfterEndStep, output, facts(job));
    const madeShelf = this.store.jobs.runs(job.jobId).some((r) => r.stage === 'SHELVE' && r.purpose === 'stage');
    const d = decideAfterEnd(step as AfterEndStep, result, { changelist: job.changelist!, where: where(job), shelved: madeShelf });
    const patch: JobPatch = { currentCmdId: null, afterEndStep: d.next, leftInPerforce: d.leftInPerforce };
    if (step !== 'INSPECT') patch.cleanup = d.failed ? 'failed' : d.next === null ? 'done' : 'pending';
    if (step === 'INSPECT' && job.status === 'error' && d.leftInPerforce) patch.error = `${job.error}; ${d.leftInPerforce}`;
    this.store.transaction(() => {
      this.store.jobs.finishRun(cmd.cmd_id, { exitCode: cmd.exit_code, outcome: result.outcome, summary: d.reason, decision: d.reason, nextStage: d.next });
      this.store.jobs.update(job.jobId, patch);
      if (d.next === null && step !== 'INSPECT') this.store.audit.record(ACTOR, `job.cleanup.${d.failed ? 'failed' : 'done'}`, job.jobId, { changelist: job.changelist, reason: d.reason });
    });
    this.log.info({ job_id: job.jobId, step, next: d.next }, d.reason);
    if (d.next !== null) this.runAfterEnd(job.jobId);
    else {
      this.wrapUp(job.jobId);
      this.schedule(); // the workspace is free again
    }
    this.publish(job.jobId);
  }

  // ---- NEEDS_RESOLVE checks ------------------------------------------------------------

  private check(jobId: string, reason: string): void {
    const job = this.store.jobs.get(jobId);
    if (!job || job.status !== 'needs_resolve' || job.currentCmdId) return; // one check at a time
    if (!this.registry.sessionFor(job.agentId!)) return; // the timer tries again
    this.log.debug({ job_id: jobId, reason }, 'checking conflicts');
    // While files are locked the check asks who still holds them, not what is left to resolve.
    this.startStage(job, 'NEEDS_RESOLVE', 'check', {}, undefined, isLocked(job) ? [lockQuery(job)] : undefined);
  }

  /**
   * INTEGRATE opened what it could; the rest another client holds exclusively (+l). The job
   * waits in NEEDS_RESOLVE, naming the holders (`p4 opened -a`, a probe run of the stage),
   * before anything is resolved: the refused files were never opened, so INTEGRATE runs again
   * once a check finds no holder left.
   */
  private lockedOut(job: JobRecord, cmd: CommandDto, files: string[], reason: string): void {
    const conflicts = describeLocks(files, job.spec, job.changelist!);
    this.store.transaction(() => {
      this.store.jobs.finishRun(cmd.cmd_id, { exitCode: cmd.exit_code, outcome: 'refused', summary: `${files.length} file(s) locked by another client`, decision: reason, nextStage: 'NEEDS_RESOLVE' });
      this.store.jobs.update(job.jobId, { stage: 'NEEDS_RESOLVE', conflicts, currentCmdId: null, lastCheckAt: Date.now(), counters: { ...job.counters, lostRetries: 0, attempt: 1 } });
    });
    this.log.warn({ job_id: job.jobId, files: files.length }, reason);
    this.watcher.watch(job.jobId, job.agentId!, job.spec.workspace, conflicts);
    const next = this.mustGet(job.jobId);
    this.startStage(next, 'NEEDS_RESOLVE', 'probe', {}, undefined, [lockQuery(next)]);
  }

  /**
   * `p4 opened -a` of the locked files ended. A probe names the holders; a check that finds none
   * left runs INTEGRATE again (only a check decides that, so a holder p4 does not list costs one
   * integration per watcher interval, never a loop).
   */
  private locksRead(job: JobRecord, cmd: CommandDto, output: P4Output, isCheck: boolean): void {
    const files = job.conflicts.filter((c) => c.reason === 'locked').map((c) => c.depot_file);
    const answered = cmd.state !== 'lost' && output.exitCode === 0;
    const conflicts = answered ? describeLocks(files, job.spec, job.changelist!, output) : job.conflicts;
    const held = conflicts.filter((c) => c.locked_by);
    if (isCheck && answered && held.length === 0) {
      const finishing = (): void => this.store.jobs.finishRun(cmd.cmd_id, { exitCode: cmd.exit_code, outcome: 'ok', summary: 'no lock held any more', decision: 'the locks are released; integrating the refused files again', nextStage: 'INTEGRATE' });
      this.watcher.stop(job.jobId);
      this.startStage(job, 'INTEGRATE', 'stage', { conflicts: [], status: 'running', lastCheckAt: Date.now() }, finishing);
      return;
    }
    const summary = !answered ? 'could not ask who holds the locks' : held.length > 0 ? `${held.length} file(s) still locked by ${held[0]!.locked_by}` : 'no holder listed';
    this.store.transaction(() => {
      this.store.jobs.finishRun(cmd.cmd_id, { exitCode: cmd.exit_code, outcome: isCheck ? 'needs-resolve' : 'probe', summary, decision: 'waiting for the locks to be released', nextStage: 'NEEDS_RESOLVE' });
      this.store.jobs.update(job.jobId, { conflicts, currentCmdId: null, lastCheckAt: Date.now(), ...(job.status === 'running' ? { status: 'needs_resolve' } : {}) });
    });
    if (isCheck) this.watcher.checked(job.jobId, conflicts);
    this.publish(job.jobId);
  }

  /** Conflicts still listed keep what is known of them; new ones are described from the job's runs. */
  private conflictsOf(job: JobRecord, raw: readonly Conflict[]): ConflictDto[] {
    const known = new Map(job.conflicts.map((c) => [c.file, c]));
    const fresh = raw.filter((c) => !known.has(c.file));
    const described = fresh.length > 0 ? describeConflicts(fresh, job.spec, job.changelist!, this.conflictSources(job)) : [];
    return raw.map((c) => known.get(c.file) ?? described[fresh.indexOf(c)]!);
  }

  /** The `p4 filelog` probe ended: the conflicts get their source change, authors and the target's last change. */
  private historyRead(job: JobRecord, cmd: CommandDto, output: P4Output): void {
    const raw = this.lastConflicts(job).filter((c) => job.conflicts.some((o) => o.file === c.file));
    const conflicts = cmd.state === 'lost' ? job.conflicts : describeConflicts(raw, job.spec, job.changelist!, { ...this.conflictSources(job), filelog: output });
    const named = conflicts.filter((c) => c.source).length;
    const summary = cmd.state === 'lost' ? 'lost with the agent' : `${named} of ${conflicts.length} conflict(s) name their source change`;
    this.store.transaction(() => {
      this.store.jobs.finishRun(cmd.cmd_id, { exitCode: cmd.exit_code, outcome: 'probe', summary, decision: 'conflict details read from p4 filelog', nextStage: 'NEEDS_RESOLVE' });
      // Blocked stays blocked: the agent's return makes it needs_resolve (its stage says so).
      this.store.jobs.update(job.jobId, { conflicts, currentCmdId: null, ...(job.status === 'running' ? { status: 'needs_resolve' } : {}) });
    });
    this.publish(job.jobId);
  }

  /** The outputs of the job's INTEGRATE and its last automatic resolve pass. */
  private conflictSources(job: JobRecord): ConflictSources {
    const runs = this.store.jobs.runs(job.jobId).filter((r) => r.purpose === 'stage' && r.cmd_id !== null);
    const last = (stages: JobStage[]): P4Output | undefined => {
      const run = runs.filter((r) => stages.includes(r.stage)).at(-1);
      const cmd = run ? this.store.commands.get(run.cmd_id!) : undefined;
      return cmd ? this.outputOf(cmd) : undefined;
    };
    return { integrate: last(['INTEGRATE']), resolvePass: last(['RESOLVE_PASS_1', 'RESOLVE_PASS_2']) };
  }

  /** The conflicts of the last resolve check (`p4 resolve -n`) that found some. */
  private lastConflicts(job: JobRecord): Conflict[] {
    const checks = this.store.jobs.runs(job.jobId)
      .filter((r) => r.cmd_id !== null && r.next_stage === 'NEEDS_RESOLVE' && ((r.stage === 'RESOLVE_CHECK' && r.purpose === 'stage') || (r.stage === 'NEEDS_RESOLVE' && r.purpose === 'check')));
    for (const run of checks.reverse()) {
      const cmd = this.store.commands.get(run.cmd_id!);
      const conflicts = cmd ? classifyP4Output('resolve-preview', this.outputOf(cmd)).conflicts : [];
      if (conflicts.length > 0) return conflicts;
    }
    return [];
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
    if (!job || job.currentCmdId || isEnded(job) || job.status === 'queued') return;
    if (job.stage === 'NEEDS_RESOLVE') {
      this.watcher.watch(jobId, job.agentId!, job.spec.workspace, job.conflicts);
      return;
    }
    if (!this.registry.sessionFor(job.agentId!)) {
      this.later(jobId, this.opts.agentWaitMs);
      return;
    }
    if (job.stage === 'INIT' && needsPlan(job)) return this.startPlan(job, job.status === 'blocked' ? { status: 'running' } : {});
    const probe = job.counters.lostRetries > 0 && PROBE_AFTER_LOSS[job.stage] !== undefined && job.changelist !== null;
    this.startStage(job, job.stage, probe ? 'probe' : 'stage', job.status === 'blocked' ? { status: 'running' } : {});
  }

  private probed(job: JobRecord, stage: JobStage, output: P4Output): void {
    const decision = decideAfterLoss(stage, output, job.changelist!);
    const cmdId = job.currentCmdId!;
    if (decision === null) {
      // The probe itself failed (server unreachable…): treat like another loss.
      return this.commandLost(job, stage, { ...this.store.commands.get(cmdId)!, reason: output.stderr.trim().split('\n')[0] ?? 'probe failed' });
    }
    const counters: JobCounters = { ...job.counters, lostRetries: 0, attempt: 1 };
    const finishing = (): void => this.store.jobs.finishRun(cmdId, { exitCode: output.exitCode, outcome: 'probe', summary: decision.reason, decision: decision.reason, nextStage: decision.next });
    this.advance(job, decision, { counters, ...(decision.outcome === 'submitted' ? { submittedChange: job.changelist } : {}) }, finishing);
  }

  // ---- helpers ---------------------------------------------------------------------------

  private summarize(stage: JobStage, result: P4Classification): string {
    const kind = STAGE_OUTPUT_KIND[stage as keyof typeof STAGE_OUTPUT_KIND];
    if (kind === 'script') return result.outcome === 'ok' ? 'script succeeded' : `script failed: ${result.messages[0] ?? ''}`;
    if (kind === 'login') return result.outcome === 'ok' ? result.messages[0] ?? 'logged in' : `error: ${result.messages[0] ?? 'not logged in'}`;
    if (kind === 'submitted') return result.outcome === 'ok' ? `change ${result.change} is submitted` : `error: ${result.messages[0] ?? ''}`;
    if (kind === 'opened' || kind === 'revert') return `${result.files.length} file(s)`;
    return summarizeClassification(stage === 'INIT' ? 'change' : kind, result);
  }

  /** `script`: the output of a script stage, read from the end only (SCRIPT_TAIL). */
  private outputOf(cmd: CommandDto, script = false): P4Output {
    const text = (stream: 'stdout' | 'stderr'): string => {
      const size = stream === 'stdout' ? cmd.stdout_bytes : cmd.stderr_bytes;
      if (script && size > SCRIPT_TAIL) {
        const tail = this.store.output.read(cmd.cmd_id, stream, size - SCRIPT_TAIL, SCRIPT_TAIL).data;
        return tail.subarray(tail.indexOf(0x0a) + 1).toString('utf8');
      }
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
    this.timers.set(jobId, setTimeout(() => this.guarded(() => this.runDue(jobId)), ms));
  }

  private mustGet(jobId: string): JobRecord {
    const job = this.store.jobs.get(jobId);
    if (!job) throw new ApiError(404, `unknown job "${jobId}"`);
    return job;
  }

  private publish(jobId: string): void {
    const row = this.store.jobs.row(jobId);
    if (row) this.events.emit({ type: 'job', job: jobDto(row, this.waitingFor(row)) });
  }
}

/** A one-change-at-a-time job whose source changes are not listed yet. */
const needsPlan = (job: JobRecord): boolean => job.spec.one_change_at_a_time === true && job.chain === null;

/** The spec the job's current step runs: one source change (`@N,N`, described with it) in a chain, else the job's own. */
function stepSpec(job: JobRecord): JobRecord['spec'] {
  return (job.chain && nextChainStep(job.spec, job.chain.filter((step) => step.state === 'current'))) || job.spec;
}

const ACTION_WORDS = { theirs: 'accept theirs (source)', yours: 'accept yours (target)', merged: 'accept merged' } as const;

/** The job waits for exclusive locks another client holds (INTEGRATE refused those files). */
const isLocked = (job: JobRecord): boolean => job.conflicts.some((c) => c.reason === 'locked');

const lockQuery = (job: JobRecord): string[] => ['p4', 'opened', '-a', ...job.conflicts.filter((c) => c.reason === 'locked').map((c) => c.depot_file)];

function facts(job: JobRecord): ChangeFacts {
  return { changelist: job.changelist, fromSpec: job.spec.changelist !== undefined, submittedChange: job.submittedChange };
}
