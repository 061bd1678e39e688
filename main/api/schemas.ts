// Validation of everything the API receives; messages name the field and the reason.
import { z } from 'zod';
import { agentIdSchema, isProcessText, PROCESS_TEXT_PROBLEM } from '../../agent/protocol.ts';
import { ApiError } from './api-error.ts';

/** Text a process receives (argv, env, cwd). */
const processText = (max: number) => z.string().max(max).refine(isProcessText, PROCESS_TEXT_PROBLEM);

export const newCommandSchema = z.object({
  agent_id: agentIdSchema,
  command: z.union([z.array(processText(65_536)).min(1, 'must not be empty').max(4096), processText(65_536).min(1, 'must not be empty')]),
  shell: z.boolean().optional(),
  cwd: processText(4096).min(1).optional(),
  env: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'env names are letters, digits and "_"'), processText(32_768)).optional(),
  secret_env: z.array(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/)).max(256).optional(),
  timeout_s: z.number().positive().max(7 * 24 * 3600).optional(),
}).strict();

export const streamSchema = z.enum(['stdout', 'stderr']);

export function validate<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const field = issue.path.length > 0 ? issue.path.join('.') : what;
  throw new ApiError(400, `${field}: ${issue.message}`);
}
