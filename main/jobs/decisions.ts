// Pure stage decisions: (stage, classification of THAT stage's command output, counters) →
// next stage and a sentence a human understands. No I/O, no clock: the engine persists the
// transition and sleeps retryAfterMs itself. Every way back to an earlier stage is bounded, so a
// job can never loop for ever; only the stage's own output is read, never an earlier stage's.
// DONE is reached only with a proof: a submit that `p4 describe` confirms, or nothing to
// integrate and the job's empty change deleted.

import type { JobOutcome } from '../../preload/api.ts';
import { classifyP4Output } from '../p4/classify.ts';
import { changeState, classifyChangeCheck, classifyLogin, classifySubmitted, countReverted, hasShelvedFiles, openedFiles } from '../p4/probes.ts';
import { describeConflicts, needs, plural, triggerReason } from '../p4/summary.ts';
import type { P4Classification, P4Kind, P4Output } from '../p4/types.ts';
import { isTerminalStage, type Stage } from './stages.ts';

/** Steps that run only after the job ended (DELETE_CHANGE also ends a pipeline with nothing to integrate). */
export type AfterEndStep = 'INSPECT' | 'REVERT' | 'DELETE_SHELF' | 'DELETE_CHANGE';
type PipelineStage = Exclude<Stage, 'DONE' | 'ERROR' | 'CANCELLED' | 'INSPECT' | 'REVERT' | 'DELETE_SHELF'>;

/**
 * Which reader judges each stage's output: a p4 output kind, 'script' (a site script judged by
 * exit status), or one of the fixed checks of probes.ts.
 */
export const STAGE_OUTPUT_KIND: Record<Exclude<Stage, 'DONE' | 'ERROR' | 'CANCELLED'>, P4Kind | 'script' | 'login' | 'submitted' | 'opened' | 'revert'> = {
  LOGIN: 'login',
  INIT: 'change', // `p4 change -i` when the spec names no changelist; else `p4 change -o N` (classifyChangeCheck)
  SYNC: 'sync',
  INTEGRATE: 'integrate',
  RESOLVE_PASS_1: 'resolve',
  RESOLVE_PASS_2: 'resolve',
  RESOLVE_CHECK: 'resolve-preview',
  NEEDS_RESOLVE: 'resolve-preview', // the resolve watcher's `p4 resolve -n`
  PRE_SUBMIT: 'script',
  SHELVE: 'shelve',
  NC_FIX: 'script',
  P4PUSH: 'submit',
  VERIFY: 'submitted',
  INSPECT: 'opened',
  REVERT: 'revert',
  DELETE_SHELF: 'shelve',
  DELETE_CHANGE: 'change',
};

/** What the engine knows about the job's change when it reads a stage's output. */
export interface ChangeFacts {
  /** The job's pending change (null before INIT made one). */
  changelist: number | null;
  /** The spec named the change (INIT then only checks it). */
  fromSpec: boolean;
  /** The number the submit reported (VERIFY describes it). */
  submittedChange: number | null;
}

/** Reads one stage's own output. */
export function classifyStage(stage: Exclude<Stage, 'DONE' | 'ERROR' | 'CANCELLED'>, output: P4Output, facts: ChangeFacts): P4Classification {
  const kind = STAGE_OUTPUT_KIND[stage];
  switch (kind) {
    case 'script':
      return classifyScriptOutput(output);
    case 'login':
      return classifyLogin(output);
    case 'submitted':
      return classifySubmitted(output, facts.submittedChange ?? facts.changelist ?? 0);
    case 'opened':
      return { outcome: output.exitCode === 0 ? 'ok' : 'error', files: openedFiles(output), conflicts: [], messages: output.stderr.trim() ? [output.stderr.trim().split('\n')[0]!] : [] };
    case 'revert': {
      const reverted = countReverted(output);
      if (output.exitCode === 0) return { outcome: reverted > 0 ? 'ok' : 'nothing-to-do', files: Array.from({ length: reverted }, () => ({ file: '', action: 'reverted' })), conflicts: [], messages: [] };
      return { ...classifyP4Output('change', output), outcome: 'error' };
    }
    case 'change':
      return stage === 'INIT' && facts.fromSpec && facts.changelist !== null ? classifyChangeCheck(output, facts.changelist) : classifyP4Output('change', output);
    default:
      return classifyP4Output(kind, output);
  }
}

export interface DecisionLimits {
  /** NC_FIX runs per job (each followed by SHELVE, or by SHELVE → P4PUSH). */
  ncFixRounds: number;
  /** P4PUSH reruns while another client holds a lock (default 5, after 30 s × n). */
  lockRetries: number;
  lockDelayMs: number;
  /** Reruns of a stage that could not reach the server (NETWORK_ERROR: 3, exponential). */
  connectionRetries: number;
  connectionDelayMs: number;
  /** Reruns of a timed-out stage that is safe to repeat (TIMEOUT: 2, fixed 60 s). */
  timeoutRetries: number;
  timeoutDelayMs: number;
  /** Times P4PUSH may send the job back to resolve (merges pending / out of date). */
  resubmits: number;
  /** RESOLVE_CHECK runs per job: bounds NEEDS_RESOLVE ↔ RESOLVE_CHECK round trips. */
  resolveChecks: number;
  /** Consecutive failed watcher checks in NEEDS_RESOLVE before giving up. */
  watchFailures: number;
}

export const DEFAULT_LIMITS: Readonly<DecisionLimits> = {
  ncFixRounds: 3,
  lockRetries: 5,
  lockDelayMs: 30_000,
  connectionRetries: 3,
  connectionDelayMs: 5_000,
  timeoutRetries: 2,
  timeoutDelayMs: 60_000,
  resubmits: 1,
  resolveChecks: 20,
  watchFailures: 10,
};

export interface DecisionContext {
  /** Runs of this stage in a row, this one included (1 the first time). */
  attempt?: number;
  /** NC_FIX runs so far in this job. */
  ncFixRounds?: number;
  /** RESOLVE_CHECK runs so far in this job, this one included. */
  resolveChecks?: number;
  /** Times P4PUSH sent this job back to SYNC or RESOLVE_PASS_1 so far. */
  resubmits?: number;
  /** The spec has a pre_submit_hook (PRE_SUBMIT runs only then). */
  hasPreSubmitHook?: boolean;
  /** The spec has a name_check_fix_script (NC_FIX runs only then). */
  hasNameCheckFix?: boolean;
  /** The agent killed the command at the stage timeout. */
  timedOut?: boolean;
  /** The job's pending change, for the reasons. */
  changelist?: number | null;
  limits?: Partial<DecisionLimits>;
}

export interface Decision {
  next: Stage;
  reason: string;
  /** When next === the stage itself: wait this long before running it again. */
  retryAfterMs?: number;
  /** With next === 'DONE': what was proven. */
  outcome?: JobOutcome;
}

type Decider = (r: P4Classification, ctx: DecisionContext, limits: DecisionLimits) => Decision;

const first = (r: P4Classification, fallback: string): string => r.messages[0] ?? fallback;
const fail = (reason: string): Decision => ({ next: 'ERROR', reason });

/** Any outcome a stage has no better answer for ends the job with p4's own explanation. */
function failWith(what: string, r: P4Classification): Decision {
  switch (r.outcome) {
    case 'refused':
      return fail(`${what} was refused: ${first(r, 'no reason given')}`);
    case 'rejected-by-trigger':
      return fail(`${what} was rejected by trigger${r.trigger ? ` '${r.trigger}'` : ''}: ${triggerReason(r)}`);
    case 'needs-resolve':
      return fail(`${what} reported files that need resolving: ${first(r, describeConflicts(r.conflicts, 'file'))}`);
    case 'nothing-to-do':
      return fail(`${what} had nothing to do: ${first(r, 'no files')}`);
    default:
      return fail(`${what} failed: ${first(r, 'no error message')}`);
  }
}

const afterResolveCheck = (ctx: DecisionContext): Stage => (ctx.hasPreSubmitHook ? 'PRE_SUBMIT' : 'SHELVE');

/** Trigger rejections (name check) go to the fix script, a bounded number of times. */
function triggerRejection(what: string, r: P4Classification, ctx: DecisionContext, limits: DecisionLimits): Decision {
  const trigger = r.trigger ? `trigger '${r.trigger}'` : 'a trigger';
  const why = triggerReason(r);
  if (!ctx.hasNameCheckFix) {
    return fail(`${what} was rejected by ${trigger} and no name-check fix script is configured: ${why}`);
  }
  const rounds = ctx.ncFixRounds ?? 0;
  if (rounds >= limits.ncFixRounds) {
    return fail(`${what} was still rejected by ${trigger} after ${plural(rounds, 'name-check fix', 'name-check fixes')}: ${why}`);
  }
  return {
    next: 'NC_FIX',
    reason: `${what} was rejected by ${trigger}: ${why}; running the name-check fix (round ${rounds + 1} of ${limits.ncFixRounds})`,
  };
}

/** `p4 integrate` onto a file another client holds exclusively (+l); exit 0, the rest is opened. */
const EXCLUSIVE_REFUSAL = /^\/\/.+ - can't \S+ exclusive file already opened$/;

const changeName = (ctx: DecisionContext): string => (ctx.changelist ? `change ${ctx.changelist}` : 'the job\'s change');

const DECIDERS: Record<PipelineStage, Decider> = {
  VERIFY: (r) =>
    r.outcome === 'ok'
      ? { next: 'DONE', outcome: 'submitted', reason: `p4 describe shows change ${r.change} submitted` }
      : fail(`the submit could not be proven: ${first(r, 'p4 describe failed')}`),

  DELETE_CHANGE: (r, ctx) => {
    // "unknown" after a lost delete: the change is gone, as asked.
    const gone = r.outcome === 'ok' || (ctx.changelist && r.messages.includes(`Change ${ctx.changelist} unknown.`));
    if (gone) return { next: 'DONE', outcome: 'nothing_to_integrate', reason: `nothing to integrate; ${changeName(ctx)} deleted` };
    if (r.outcome === 'refused') return fail(`integrate opened nothing, yet ${changeName(ctx)} holds files: ${first(r, 'it cannot be deleted')}`);
    return failWith(`deleting the empty ${changeName(ctx)}`, r);
  },

  LOGIN: (r) => {
    if (r.outcome === 'ok') return { next: 'INIT', reason: `logged in to Perforce (${first(r, 'ticket valid')})` };
    if (r.cause === 'login') return fail(first(r, 'not logged in to Perforce'));
    return failWith('p4 login -s', r);
  },

  INIT: (r) =>
    r.outcome === 'ok'
      ? { next: 'SYNC', reason: r.change !== undefined ? `pending change ${r.change} is ready` : 'job initialised' }
      : failWith('creating the pending changelist', r),

  SYNC: (r, ctx) => {
    // After a submit found out-of-date files the integration is already open: only resolve.
    const resync = (ctx.resubmits ?? 0) > 0;
    if (resync && (r.outcome === 'ok' || r.outcome === 'nothing-to-do' || r.outcome === 'needs-resolve')) {
      return { next: 'RESOLVE_PASS_1', reason: 'workspace synced again; resolving the files that changed' };
    }
    if (r.outcome === 'ok') return { next: 'INTEGRATE', reason: `${plural(r.files.length, 'file')} synced` };
    if (r.outcome === 'nothing-to-do') return { next: 'INTEGRATE', reason: 'workspace already up to date' };
    if (r.outcome === 'needs-resolve') {
      return fail(
        `sync scheduled resolves for ${plural(r.conflicts.length, 'file')} already opened in the workspace ` +
          `(${r.conflicts[0]?.file ?? 'unknown file'}); resolve or revert them, then run the job again`,
      );
    }
    return failWith('p4 sync', r);
  },

  INTEGRATE: (r, ctx) => {
    if (r.outcome === 'ok') {
      return { next: 'RESOLVE_PASS_1', reason: `${plural(r.files.length, 'file')} opened for integration` };
    }
    const pending = r.messages.find((m) => /already integrated in pending changelist/.test(m));
    if (pending) {
      // The revisions are open in some other pending change of this workspace: not integrated yet.
      return fail(`the files are already opened for this integration in another pending change of the workspace (${pending}); ` +
        'run `p4 opened` to find it, then submit or revert it and retry');
    }
    if (r.outcome === 'refused' && r.messages.length > 0 && r.messages.every((m) => EXCLUSIVE_REFUSAL.test(m))) {
      // Only locks refused files: wait for their holders, then integrate again (docs/jobs.md).
      return { next: 'NEEDS_RESOLVE', reason: `${plural(r.messages.length, 'file')} locked by another client (${r.messages[0]}); INTEGRATE runs again once the lock is released` };
    }
    if (r.outcome === 'nothing-to-do') {
      return { next: 'DELETE_CHANGE', reason: `nothing to integrate: ${first(r, 'all revisions already integrated')}; deleting the empty ${changeName(ctx)}` };
    }
    return failWith('p4 integrate', r);
  },

  RESOLVE_PASS_1: (r) => {
    if (r.outcome === 'needs-resolve') {
      return {
        next: 'RESOLVE_PASS_2',
        reason: `${describeConflicts(r.conflicts)} after the first automatic resolve; trying a second pass`,
      };
    }
    if (r.outcome === 'ok') {
      return { next: 'RESOLVE_CHECK', reason: `${plural(r.files.length, 'file')} resolved automatically` };
    }
    if (r.outcome === 'nothing-to-do') return { next: 'RESOLVE_CHECK', reason: 'no files needed resolving' };
    return failWith('p4 resolve (first pass)', r);
  },

  RESOLVE_PASS_2: (r) => {
    // Whatever is left, `p4 resolve -n` decides: it gives the conflict list NEEDS_RESOLVE shows.
    if (r.outcome === 'needs-resolve') {
      return { next: 'RESOLVE_CHECK', reason: `${describeConflicts(r.conflicts)} left after the second automatic resolve` };
    }
    if (r.outcome === 'ok') {
      return { next: 'RESOLVE_CHECK', reason: `${plural(r.files.length, 'more file')} resolved automatically` };
    }
    if (r.outcome === 'nothing-to-do') return { next: 'RESOLVE_CHECK', reason: 'nothing left for the second pass' };
    return failWith('p4 resolve (second pass)', r);
  },

  RESOLVE_CHECK: (r, ctx, limits) => {
    const checks = ctx.resolveChecks ?? 1;
    if (r.outcome === 'nothing-to-do' || (r.outcome === 'ok' && r.conflicts.length === 0)) {
      return { next: afterResolveCheck(ctx), reason: 'no files left to resolve' };
    }
    if (r.outcome === 'needs-resolve') {
      if (checks > limits.resolveChecks) {
        return fail(`files still need resolving after ${plural(checks, 'check')}: ${describeConflicts(r.conflicts, 'file')}`);
      }
      return {
        next: 'NEEDS_RESOLVE',
        reason: `${describeConflicts(r.conflicts, 'file')} ${needs(r.conflicts.length)} a manual resolve`,
      };
    }
    return failWith('p4 resolve -n', r);
  },

  NEEDS_RESOLVE: (r, ctx, limits) => {
    if (r.outcome === 'nothing-to-do' || (r.outcome === 'ok' && r.conflicts.length === 0)) {
      return { next: 'RESOLVE_CHECK', reason: 'all conflicts are resolved; checking once more before shelving' };
    }
    if (r.outcome === 'needs-resolve') {
      return { next: 'NEEDS_RESOLVE', reason: `${describeConflicts(r.conflicts, 'file')} still ${needs(r.conflicts.length)} resolving` };
    }
    // A failed check must not end a job a human is working on, unless it keeps failing.
    const failures = ctx.attempt ?? 1;
    if (failures >= limits.watchFailures) {
      return failWith(`checking the conflicts (${plural(failures, 'attempt')})`, r);
    }
    return { next: 'NEEDS_RESOLVE', reason: `could not check the conflicts, will try again: ${first(r, r.outcome)}` };
  },

  PRE_SUBMIT: (r) =>
    r.outcome === 'ok' ? { next: 'SHELVE', reason: 'pre-submit hook passed' } : failWith('the pre-submit hook', r),

  SHELVE: (r, ctx, limits) => {
    if (r.outcome === 'ok') {
      const where = r.change !== undefined ? ` in change ${r.change}` : '';
      return { next: 'P4PUSH', reason: `${plural(r.files.length, 'file')} shelved${where}` };
    }
    if (r.outcome === 'rejected-by-trigger') return triggerRejection('the shelve', r, ctx, limits);
    if (r.cause === 'empty-changelist') {
      return fail(`nothing to shelve: the changelist has no open files (${first(r, 'No files to shelve.')})`);
    }
    return failWith('p4 shelve', r);
  },

  NC_FIX: (r) =>
    r.outcome === 'ok'
      ? { next: 'SHELVE', reason: 'name-check fix applied; shelving again' }
      : failWith('the name-check fix script', r),

  P4PUSH: (r, ctx, limits) => {
    if (r.outcome === 'ok') {
      const change = r.change !== undefined ? `change ${r.change}` : 'the change';
      const renamed = r.change !== undefined && ctx.changelist && r.change !== ctx.changelist ? ` (${changeName(ctx)} renamed)` : '';
      return { next: 'VERIFY', reason: `${change} submitted${renamed} (${plural(r.files.length, 'file')}); checking with p4 describe` };
    }
    if (r.outcome === 'rejected-by-trigger') return triggerRejection('the submit', r, ctx, limits);
    if (r.outcome === 'needs-resolve') {
      const resubmits = ctx.resubmits ?? 0;
      const what = r.conflicts.length > 0 ? describeConflicts(r.conflicts, 'file') : first(r, 'files');
      if (resubmits >= limits.resubmits) {
        return fail(`the submit still needs resolving after ${plural(resubmits, 'retry', 'retries')}: ${what}`);
      }
      // Out of date: someone submitted to the target meanwhile; sync schedules the resolves.
      if (r.cause === 'out-of-date') {
        return { next: 'SYNC', reason: `files changed in the depot since they were resolved (${what}); syncing and resolving again` };
      }
      return { next: 'RESOLVE_PASS_1', reason: `the submit found unresolved files (${what}); resolving again` };
    }
    if (r.cause === 'files-locked') {
      return fail(`files are still locked by another client after ${plural(ctx.attempt ?? 1, 'attempt')}: ${first(r, 'locked')}`);
    }
    if (r.cause === 'shelved-files') {
      return fail(
        `${first(r, 'the change has shelved files')} — the submit command must delete the shelf first ` +
          `(p4 shelve -d -c N) or submit the shelf (p4 submit -e N)`,
      );
    }
    return failWith('the submit', r);
  },
};

// Stages whose command can run again without harm after a timeout: they read, or they only
// finish what is unfinished. Integrate, shelve, submit and site scripts are never rerun blindly.
const SAFE_TO_RERUN: ReadonlySet<Stage> = new Set<Stage>([
  'SYNC',
  'RESOLVE_PASS_1',
  'RESOLVE_PASS_2',
  'RESOLVE_CHECK',
  'NEEDS_RESOLVE',
]);

function retryDecision(stage: Stage, r: P4Classification, ctx: DecisionContext, limits: DecisionLimits): Decision | undefined {
  const attempt = ctx.attempt ?? 1;
  if (r.cause === 'connection' && attempt <= limits.connectionRetries) {
    // A failed connect happens before any request: no stage has done anything yet.
    return {
      next: stage,
      reason: `could not reach the Perforce server (${first(r, 'connect failed')}); retry ${attempt} of ${limits.connectionRetries}`,
      retryAfterMs: limits.connectionDelayMs * 2 ** (attempt - 1),
    };
  }
  if (stage === 'P4PUSH' && r.cause === 'files-locked' && r.outcome === 'refused' && attempt <= limits.lockRetries) {
    return {
      next: stage,
      reason: `files are locked by another client (${first(r, 'locked')}); retry ${attempt} of ${limits.lockRetries}`,
      retryAfterMs: limits.lockDelayMs * attempt,
    };
  }
  return undefined;
}

function timeoutDecision(stage: Stage, ctx: DecisionContext, limits: DecisionLimits): Decision {
  const attempt = ctx.attempt ?? 1;
  if (SAFE_TO_RERUN.has(stage) && attempt <= limits.timeoutRetries) {
    return {
      next: stage,
      reason: `${stage} timed out; running it again (retry ${attempt} of ${limits.timeoutRetries})`,
      retryAfterMs: limits.timeoutDelayMs,
    };
  }
  const why = SAFE_TO_RERUN.has(stage) ? `after ${plural(attempt, 'attempt')}` : 'and is not safe to rerun blindly';
  return fail(`${stage} timed out ${why}`);
}

/**
 * The next stage after `stage`'s command finished with output classified as `result`.
 * Terminal stages stay where they are.
 */
export function decideNextStage(stage: Stage, result: P4Classification, ctx: DecisionContext = {}): Decision {
  if (isTerminalStage(stage)) return { next: stage, reason: `the job already ended (${stage})` };
  if (!(stage in DECIDERS)) return fail(`${stage} runs only after the job ended`);
  const limits: DecisionLimits = { ...DEFAULT_LIMITS, ...ctx.limits };
  if (ctx.timedOut) return timeoutDecision(stage, ctx, limits);
  const retry = retryDecision(stage, result, ctx, limits);
  if (retry) return retry;
  return DECIDERS[stage as PipelineStage](result, ctx, limits);
}

/** Stages whose lost command is first checked in Perforce (what did it already do?) before it runs again. */
export const PROBE_AFTER_LOSS: Partial<Record<Stage, 'opened' | 'shelved' | 'submitted'>> = { INTEGRATE: 'opened', SHELVE: 'shelved', P4PUSH: 'submitted' };

/**
 * The verdict of the probe run after `stage`'s command was lost with its agent, from the probe's
 * own output; null when the probe itself failed (the engine counts that as another loss).
 */
export function decideAfterLoss(stage: Stage, output: P4Output, changelist: number): Decision | null {
  if (output.exitCode !== 0 && output.stdout.trim() === '') return null;
  const cl = `change ${changelist}`;
  if (stage === 'INTEGRATE') {
    const opened = openedFiles(output).length;
    return opened > 0
      ? { next: 'RESOLVE_PASS_1', reason: `the lost integrate had already opened ${plural(opened, 'file')} in ${cl}` }
      : { next: 'INTEGRATE', reason: `${cl} has no open files: integrating again` };
  }
  if (stage === 'SHELVE') {
    return hasShelvedFiles(output)
      ? { next: 'P4PUSH', reason: `${cl} was shelved before the command was lost` }
      : { next: 'SHELVE', reason: `${cl} has no shelved files: shelving again` };
  }
  if (stage === 'P4PUSH') {
    const state = changeState(output, changelist);
    if (state === 'submitted') return { next: 'DONE', outcome: 'submitted', reason: `p4 describe shows ${cl} submitted before the command was lost` };
    if (state === 'pending') return { next: 'P4PUSH', reason: `${cl} is still pending: submitting again` };
    return fail(`cannot tell whether ${cl} was submitted (p4 describe does not know it; it may have been renamed at submit): check p4 changes before running the job again`);
  }
  return null;
}

/** Where the job's change lives, for the sentences about what is left. */
export interface AfterEndContext {
  changelist: number;
  /** "on agent X in /ws" */
  where: string;
  /** The job shelved files (and submitted nothing): the shelf must go before the change. */
  shelved: boolean;
}

export interface AfterEndDecision {
  /** The next step, or null when this was the last. */
  next: AfterEndStep | null;
  reason: string;
  /** What the job leaves in Perforce now (null: nothing). */
  leftInPerforce: string | null;
  /** The clean-up stopped on an error. */
  failed?: boolean;
}

/**
 * After the job ended: INSPECT says what an ERROR left; the clean-up reverts the opened files,
 * deletes the shelf if the job made one, then deletes the change. A failed step stops the
 * clean-up and says what is left.
 */
export function decideAfterEnd(step: AfterEndStep, r: P4Classification, ctx: AfterEndContext): AfterEndDecision {
  const cl = `change ${ctx.changelist}`;
  const stopped = (what: string): AfterEndDecision => ({
    next: null,
    failed: true,
    reason: `clean-up stopped: ${what} failed: ${first(r, 'no error message')}`,
    leftInPerforce: `${cl} may still hold opened files ${ctx.where} (${what} failed: ${first(r, 'no error message')})`,
  });
  switch (step) {
    case 'INSPECT':
      if (r.outcome !== 'ok') return { next: null, reason: `p4 opened failed: ${first(r, 'no error message')}`, leftInPerforce: `${cl} may hold opened files ${ctx.where}` };
      return { next: null, reason: `${cl} holds ${plural(r.files.length, 'opened file')}`, leftInPerforce: `${cl} holds ${plural(r.files.length, 'opened file')} ${ctx.where}` };
    case 'REVERT':
      // A submit that ended just as the job was cancelled: nothing pending is left to clean up.
      if (r.messages.some((m) => m === `Change ${ctx.changelist} unknown.` || m === `Change ${ctx.changelist} is already committed.`)) {
        return { next: null, reason: `${cl} is no longer pending`, leftInPerforce: `${cl} is no longer pending: it was submitted or deleted (see p4 changes)` };
      }
      if (r.outcome === 'error') return stopped('p4 revert');
      return { next: ctx.shelved ? 'DELETE_SHELF' : 'DELETE_CHANGE', reason: `${plural(r.files.length, 'file')} reverted in ${cl}`, leftInPerforce: `${cl} is pending ${ctx.where}` };
    case 'DELETE_SHELF':
      if (r.outcome !== 'ok' && !r.messages.some((m) => /^No shelved files in changelist to delete\.$/.test(m))) return stopped('p4 shelve -d');
      return { next: 'DELETE_CHANGE', reason: `shelf of ${cl} deleted`, leftInPerforce: `${cl} is pending ${ctx.where}` };
    case 'DELETE_CHANGE':
      // Already gone (deleted by hand, or a retry of this step) is as good as deleted.
      if (r.outcome === 'ok' || r.messages.some((m) => m === `Change ${ctx.changelist} unknown.`)) return { next: null, reason: `${cl} deleted`, leftInPerforce: null };
      return stopped('p4 change -d');
  }
}

/**
 * Site scripts (pre-submit hook, name-check fix) speak no p4: success is exit status 0, and
 * the last lines they printed explain a failure.
 */
export function classifyScriptOutput(output: P4Output, tailLines = 5): P4Classification {
  if (output.exitCode === 0) return { outcome: 'ok', files: [], conflicts: [], messages: [] };
  const text = output.stderr.trim() ? output.stderr : output.stdout;
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  const tail = lines.slice(-tailLines);
  const status = output.exitCode === null ? 'was killed' : `exited with status ${output.exitCode}`;
  return { outcome: 'error', files: [], conflicts: [], messages: tail.length > 0 ? tail : [`the script ${status}`] };
}
