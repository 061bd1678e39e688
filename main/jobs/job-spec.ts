// Validation of new jobs. Every field that reaches a command line is checked here, so a bad
// spec is refused up front with the field and the reason, never half-run.
import { z } from 'zod';
import { agentIdSchema, envNameSchema, envSchema, limitsSchema } from '../../agent/protocol.ts';
import type { JobStage } from '../../preload/api.ts';

/** Text that ends up as one argv element: no NUL or newline, and no leading "-" (no flag injection). */
const argText = (what: string) => z.string().min(1).max(1024)
  .refine((v) => !/[\u0000\n\r]/.test(v), `${what} must be one line`)
  .refine((v) => !v.startsWith('-'), `${what} must not start with "-"`);

const absolutePath = (what: string) => argText(what).refine((v) => v.startsWith('/'), `${what} must be an absolute path`);

export const jobSpecSchema = z.object({
  workspace: absolutePath('workspace'),
  branch_spec: argText('branch_spec').refine((v) => /^[^\s@#%*]+$/.test(v) && !/\.\.\./.test(v), 'branch_spec must be a branch name without spaces or @ # % * ...'),
  path: argText('path').refine((v) => !/\s/.test(v) || v.startsWith('//'), 'path must be a depot or workspace path').optional(),
  changelist: z.union([z.number().int().positive(), z.string().regex(/^[1-9]\d*$/, 'changelist must be a positive number').transform(Number)]).optional(),
  init_script: absolutePath('init_script').optional(),
  pre_submit_hook: absolutePath('pre_submit_hook').optional(),
  name_check_fix_script: absolutePath('name_check_fix_script').optional(),
  env: envSchema.optional(),
  secret_env: z.array(envNameSchema).max(256).optional(),
  description: z.string().max(4096).refine((v) => !v.includes('\u0000'), 'description must not contain NUL').optional(),
  limits: limitsSchema.strict().optional(),
}).strict();

export const newJobSchema = z.object({
  agent_id: agentIdSchema.optional(),
  labels: z.array(z.string().regex(/^[A-Za-z0-9._:=-]{1,64}$/, 'labels are 1-64 letters, digits, ".", "_", ":", "=" or "-"')).max(32).optional(),
  priority: z.enum(['HIGH', 'NORMAL', 'LOW']).optional(),
  spec: jobSpecSchema,
}).strict();

export const jobQuerySchema = z.object({
  status: z.enum(['queued', 'running', 'needs_resolve', 'done', 'error', 'cancelled']).optional(),
  q: z.string().max(256).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
  before: z.string().refine((v) => !Number.isNaN(Date.parse(v)), 'before must be an ISO date').optional(),
  text: z.string().trim().min(1, 'text must not be empty').max(256).optional(),
  changelist: z.coerce.number().int().positive('changelist must be a change number').optional(),
}).strict();

/** Default stage timeouts, in seconds; the pipeline's timeouts_s overrides them. */
export const DEFAULT_STAGE_TIMEOUTS_S: Partial<Record<JobStage, number>> = {
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
};
