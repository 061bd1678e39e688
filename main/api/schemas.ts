// Validation of everything the API receives; messages name the field and the reason.
import { z } from 'zod';
import { agentIdSchema, envNameSchema, isProcessText, PROCESS_TEXT_PROBLEM } from '../../agent/protocol.ts';

/** Text a process receives (argv, env, cwd). */
const processText = (max: number) => z.string().max(max).refine(isProcessText, PROCESS_TEXT_PROBLEM);

export const newCommandSchema = z.object({
  agent_id: agentIdSchema,
  command: z.union([z.array(processText(65_536)).min(1, 'must not be empty').max(4096), processText(65_536).min(1, 'must not be empty')]),
  shell: z.boolean().optional(),
  cwd: processText(4096).min(1).optional(),
  // Not the wire's envSchema: the API refuses values no process can take, the agent reports them.
  env: z.record(envNameSchema, processText(32_768)).optional(),
  secret_env: z.array(envNameSchema).max(256).optional(),
  timeout_s: z.number().positive().max(7 * 24 * 3600).optional(),
}).strict();

/** A change to the notification choices: any of them, each on or off. */
export const notificationChoicesSchema = z.object({
  needs_resolve: z.boolean().optional(),
  blocked: z.boolean().optional(),
  done: z.boolean().optional(),
  error: z.boolean().optional(),
}).strict();

export const streamSchema = z.enum(['stdout', 'stderr']);

export const commandQuerySchema = z.object({
  state: z.enum(['queued', 'running', 'exited', 'failed_to_start', 'killed', 'timed_out', 'lost']).optional(),
  agent_id: z.string().min(1).max(256).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
  before: z.string().refine((v) => !Number.isNaN(Date.parse(v)), 'before must be an ISO date').optional(),
}).strict();

export const outputSearchSchema = z.object({
  text: z.string().min(1, 'must not be empty').max(1024),
  limit: z.coerce.number().int().min(1).max(10_000).optional(),
  // A query parameter arrives as text, an IPC argument as a boolean.
  match_case: z.union([z.boolean(), z.enum(['true', 'false', '1', '0'])]).optional().transform((v) => v === true || v === 'true' || v === '1'),
});


/** Most commands one client may watch at once (each open log pane watches one). */
export const MAX_WATCHED_COMMANDS = 1000;

/** A client's request for the live output of some commands (WebSocket message, desktop IPC call). */
export const outputSubscriptionSchema = z.object({
  type: z.enum(['subscribe', 'unsubscribe']),
  cmd_ids: z.array(z.string().min(1).max(256)).max(MAX_WATCHED_COMMANDS),
}).strict();
