// Validation of outside input: the first problem becomes a 400 whose message names the field.
import type { z } from 'zod';
import { ApiError } from './errors.ts';

export function validate<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const field = issue.path.length > 0 ? issue.path.join('.') : what;
  throw new ApiError(400, `${field}: ${issue.message}`);
}
