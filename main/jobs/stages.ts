// The stages of an integration job, in pipeline order (docs/architecture.md §5.1 says what each
// runs), then the steps that run after an end (docs/jobs.md).

export const STAGES = [
  'LOGIN',
  'INIT',
  'SYNC',
  'INTEGRATE',
  'RESOLVE_PASS_1',
  'RESOLVE_PASS_2',
  'RESOLVE_CHECK',
  'NEEDS_RESOLVE',
  'PRE_SUBMIT',
  'SHELVE',
  'NC_FIX',
  'P4PUSH',
  'VERIFY',
  'DONE',
  'ERROR',
  'CANCELLED',
  'INSPECT',
  'REVERT',
  'DELETE_SHELF',
  'DELETE_CHANGE',
] as const;

export type Stage = (typeof STAGES)[number];

export const TERMINAL_STAGES: ReadonlySet<Stage> = new Set<Stage>(['DONE', 'ERROR', 'CANCELLED']);

export function isTerminalStage(stage: Stage): boolean {
  return TERMINAL_STAGES.has(stage);
}

export function isStage(value: unknown): value is Stage {
  return typeof value === 'string' && (STAGES as readonly string[]).includes(value);
}
