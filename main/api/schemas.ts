// Validation of everything the API receives; messages name the field and the reason.
import { z } from 'zod';
import { agentIdSchema, envNameSchema, envSchema } from '../../agent/protocol.ts';

export const newCommandSchema = z.object({
  agent_id: agentIdSchema,
  command: z.union([z.array(z.string().max(65_536)).min(1, 'must not be empty').max(4096), z.string().min(1, 'must not be empty').max(65_536)]),
  shell: z.boolean().optional(),
  cwd: z.string().min(1).max(4096).optional(),
  env: envSchema.optional(),
  secret_env: z.array(envNameSchema).max(256).optional(),
  timeout_s: z.number().positive().max(7 * 24 * 3600).optional(),
}).strict();

/** A change to the notification choices: any of the three, each on or off. */
export const notificationChoicesSchema = z.object({
  needs_resolve: z.boolean().optional(),
  done: z.boolean().optional(),
  error: z.boolean().optional(),
}).strict();

export const streamSchema = z.enum(['stdout', 'stderr']);

export const commandQuerySchema = z.object({
  state: z.enum(['queued', 'running', 'exited', 'killed', 'timed_out', 'lost']).optional(),
  agent_id: agentIdSchema.optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
  before: z.string().refine((v) => !Number.isNaN(Date.parse(v)), 'before must be an ISO date').optional(),
}).strict();

export const outputSearchSchema = z.object({
  text: z.string().min(1, 'must not be empty').max(1024),
  limit: z.coerce.number().int().min(1).max(10_000).optional(),
});

