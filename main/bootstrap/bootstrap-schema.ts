// What POST /api/agents/bootstrap accepts. Every field ends up on a remote shell line (quoted)
// or in an ssh2 option, so each is held to a strict shape.
import { z } from 'zod';
import { agentIdSchema } from '../../agent/protocol.ts';

const absolutePath = z.string().min(1).max(1024).regex(/^\/[^\n\0]*$/, 'must be an absolute path on the host');

export const newBootstrapSchema = z.strictObject({
  host: z.string().min(1).max(255).regex(/^[A-Za-z0-9_.:%[\]-]+$/, 'must be a host name, an address or an alias from ~/.ssh/config').refine((h) => !h.startsWith('-'), 'must not start with "-"'),
  user: z.string().min(1).max(64).regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]*$/, 'must be a user name').optional(),
  port: z.number().int().min(1).max(65535).optional(),
  workspace: absolutePath,
  labels: z.array(z.string().regex(/^[A-Za-z0-9._:=-]{1,64}$/, 'must be 1-64 letters, digits, ".", "_", ":", "=" or "-"')).max(32).optional(),
  // It names a directory on the host; the agent's own rule already refuses "." and "..".
  agent_id: z.optional(agentIdSchema),
  node_path: absolutePath.optional(),
  master_address: z.string().max(300).regex(/^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9_.-]+)(:\d{1,5})?$/, 'must be HOST or HOST:PORT').optional(),
  tunnel: z.enum(['auto', 'always', 'never']).optional(),
  register_timeout_s: z.number().min(1).max(600).optional(),
  restart: z.boolean().optional(),
});

export const answerSchema = z.strictObject({
  prompt_id: z.string().min(1).max(64),
  answers: z.array(z.string().max(4096)).max(16),
});

export const approveSchema = z.strictObject({
  fingerprint: z.string().regex(/^SHA256:[A-Za-z0-9+/]{43}$/, 'must be the SHA256:... fingerprint shown with the bootstrap'),
});
