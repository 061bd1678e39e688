// Validation of new jobs. Every field that reaches a command line is checked here, so a bad
// spec is refused up front with the field and the reason, never half-run.
import { z } from 'zod';
import { agentIdSchema, envNameSchema, isProcessText, limitsSchema, PROCESS_TEXT_PROBLEM } from '../../agent/protocol.ts';
import type { IntegrateFlag, IntegrationSource, JobStage } from '../../preload/api.ts';

/** Text that ends up as one argv element: no NUL or newline, and no leading "-" (no flag injection). */
const argText = (what: string) => z.string().min(1).max(1024)
  .refine((v) => !/[\u0000\n\r]/.test(v), `${what} must be one line`)
  .refine((v) => !v.startsWith('-'), `${what} must not start with "-"`);

const absolutePath = (what: string) => argText(what).refine((v) => v.startsWith('/'), `${what} must be an absolute path`);

const branchName = argText('branch_spec').refine((v) => /^[^\s@#%*]+$/.test(v) && !/\.\.\./.test(v), 'branch_spec must be a branch name without spaces or @ # % * ...');

/** A depot path argument: "//…", no revision specifier (that is `revisions`), "..." allowed. */
const depotPath = (what: string) => argText(what).refine((v) => v.startsWith('//') && !/[@#%]/.test(v), `${what} must be a depot path (//…) without @ # %`);

/** `p4 integrate` flags a job may add, per command; anything else is refused by name. */
export const ALLOWED_FLAGS: Record<'integrate' | 'merge' | 'copy', readonly IntegrateFlag[]> = {
  integrate: ['-Di', '-Ds', '-Dt', '-Rb', '-Rd', '-Rs', '-Ob', '-Or', '-f', '-h', '-i', '-d'],
  merge: ['-Ob', '-F'],
  copy: ['-F'],
};
const ALL_FLAGS = [...new Set(Object.values(ALLOWED_FLAGS).flat())];

export const sourceSchema = z.union([
  z.object({ branch: branchName }).strict(),
  z.object({
    stream: argText('source.stream').refine((v) => /^\/\/[^\s/@#%*]+(\/[^\s/@#%*]+)+$/.test(v) && !v.includes('...'), 'source.stream must be a stream path like //streams/dev'),
    mode: z.enum(['merge', 'copy']),
  }).strict(),
  z.object({ from: depotPath('source.from'), to: depotPath('source.to') }).strict(),
], { error: 'source must be {branch}, {stream, mode: "merge" | "copy"} or {from, to}' });

const REVISIONS = /^@(?:(\d+)(?:,@?(\d+))?|[A-Za-z_][\w.-]*)$/;

/** Which p4 command runs the integration of this source. */
export function integrateCommand(source: IntegrationSource): 'integrate' | 'merge' | 'copy' {
  return 'stream' in source ? source.mode : 'integrate';
}

export const jobSpecSchema = z.object({
  workspace: absolutePath('workspace'),
  branch_spec: branchName.optional(),
  source: sourceSchema.optional(),
  revisions: z.string().max(256).refine((v) => REVISIONS.test(v), 'revisions must be @CHANGE, @FIRST,LAST or @label')
    .refine((v) => { const m = REVISIONS.exec(v); return !m?.[2] || Number(m[1]) <= Number(m[2]); }, 'revisions: the first change must not be after the last')
    .optional(),
  integrate_flags: z.array(z.string().max(16).refine((v): v is IntegrateFlag => (ALL_FLAGS as string[]).includes(v), {
    error: (issue) => `"${String(issue.input)}" is not an allowed integrate flag (allowed: ${ALL_FLAGS.join(' ')})`,
  })).max(16).optional(),
  resolve: z.object({
    mode: z.enum(['merge', 'safe']).optional(),
    accept_theirs: z.array(argText('resolve.accept_theirs')).min(1).max(256).optional(),
  }).strict().optional(),
  one_change_at_a_time: z.boolean().optional(),
  path: argText('path').refine((v) => !/\s/.test(v) || v.startsWith('//'), 'path must be a depot or workspace path').optional(),
  changelist: z.union([z.number().int().positive(), z.string().regex(/^[1-9]\d*$/, 'changelist must be a positive number').transform(Number)]).optional(),
  init_script: absolutePath('init_script').optional(),
  pre_submit_hook: absolutePath('pre_submit_hook').optional(),
  name_check_fix_script: absolutePath('name_check_fix_script').optional(),
  env: z.record(envNameSchema, z.string().max(32_768).refine(isProcessText, PROCESS_TEXT_PROBLEM)).optional(),
  secret_env: z.array(envNameSchema).max(256).optional(),
  description: z.string().max(4096).refine((v) => !v.includes('\u0000'), 'description must not contain NUL').optional(),
  limits: z.strictObject(limitsSchema.shape).optional(),
}).strict().superRefine((spec, ctx) => {
  const problem = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
  if (spec.branch_spec === undefined && spec.source === undefined) return problem('branch_spec', 'branch_spec or source is required');
  if (spec.branch_spec !== undefined && spec.source !== undefined && !('branch' in spec.source && spec.source.branch === spec.branch_spec)) {
    return problem('source', 'give either branch_spec or source, not both');
  }
  const source: IntegrationSource = spec.source ?? { branch: spec.branch_spec! };
  const command = integrateCommand(source);
  for (const flag of spec.integrate_flags ?? []) {
    if (!ALLOWED_FLAGS[command].includes(flag)) problem('integrate_flags', `"${flag}" is not allowed with p4 ${command} (allowed: ${ALLOWED_FLAGS[command].join(' ') || 'none'})`);
  }
  if ('from' in source && spec.path !== undefined) problem('path', 'path limits a branch or stream integration; with source.from/to name the files there');
  // p4 takes a range on a file argument: the target path, or the from path. Each step of one
  // change at a time is such a range (@N,N).
  const ranged = spec.revisions !== undefined ? 'revisions' : spec.one_change_at_a_time ? 'one_change_at_a_time' : undefined;
  if (ranged !== undefined) {
    const needsPath = 'branch' in source || ('stream' in source && source.mode === 'copy');
    if (needsPath && spec.path === undefined) problem(ranged, `${ranged} with ${'branch' in source ? 'a branch spec' : 'a copy'} needs path (p4 applies the range to the target files named)`);
    if (spec.path !== undefined && /[@#]/.test(spec.path)) problem('path', `path must not carry its own revision with ${ranged}`);
  }
  if (spec.one_change_at_a_time && spec.changelist !== undefined) problem('changelist', 'one_change_at_a_time makes a change per source change; it cannot use a given changelist');
}).transform((spec) => ({
  ...spec,
  // The job list and history name the integration by branch_spec: a stream or from path here.
  branch_spec: spec.branch_spec ?? sourceLabel(spec.source!),
}));

/** What the job list shows for a source. */
export function sourceLabel(source: IntegrationSource): string {
  return 'branch' in source ? source.branch : 'stream' in source ? source.stream : source.from;
}

export const newJobSchema = z.object({
  agent_id: z.optional(agentIdSchema),
  labels: z.array(z.string().regex(/^[A-Za-z0-9._:=-]{1,64}$/, 'labels are 1-64 letters, digits, ".", "_", ":", "=" or "-"')).max(32).optional(),
  priority: z.enum(['HIGH', 'NORMAL', 'LOW']).optional(),
  spec: jobSpecSchema,
}).strict();

export const jobQuerySchema = z.object({
  status: z.enum(['queued', 'running', 'needs_resolve', 'blocked', 'done', 'error', 'cancelled']).optional(),
  q: z.string().max(256).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
  before: z.string().refine((v) => !Number.isNaN(Date.parse(v)), 'before must be an ISO date').optional(),
  text: z.string().trim().min(1, 'text must not be empty').max(256).optional(),
  changelist: z.coerce.number().int().positive('changelist must be a positive number').optional(),
  submitted_change: z.coerce.number().int().positive('submitted_change must be a positive number').optional(),
}).strict();

export const resolveConflictSchema = z.object({
  file: z.string().min(1).max(4096),
  action: z.enum(['theirs', 'yours', 'merged'], { error: 'must be "theirs", "yours" or "merged"' }),
}).strict();

export const cancelOptionsSchema = z.object({ keep: z.boolean().optional() }).strict();

/** Secret env values given again to retry or clean up a job whose values were erased when it ended. */
export const secretValuesSchema = z.object({
  secrets: z.record(envNameSchema, z.string().max(32_768).refine(isProcessText, PROCESS_TEXT_PROBLEM)).optional(),
}).strict();

/** Default stage timeouts, in seconds; the pipeline's timeouts_s overrides them. */
export const DEFAULT_STAGE_TIMEOUTS_S: Partial<Record<JobStage, number>> = {
  LOGIN: 120,
  INIT: 300,
  SYNC: 600,
  INTEGRATE: 1800,
  RESOLVE_PASS_1: 600,
  RESOLVE_PASS_2: 600,
  RESOLVE_CHECK: 600,
  NEEDS_RESOLVE: 600,
  PRE_SUBMIT: 1800,
  SHELVE: 300,
  NC_FIX: 600,
  P4PUSH: 1200,
  VERIFY: 120,
  INSPECT: 120,
  REVERT: 1800,
  DELETE_SHELF: 300,
  DELETE_CHANGE: 120,
};
