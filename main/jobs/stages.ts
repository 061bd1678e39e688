// The stages of an integration job, in pipeline order (docs/architecture.md §5.1 says what each runs).

export const STAGES = [
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
  'DONE',
  'ERROR',
  'CANCELLED',
] as const;

export type Stage = (typeof STAGES)[number];

export const TERMINAL_STAGES: ReadonlySet<Stage> = new Set<Stage>(['DONE', 'ERROR', 'CANCELLED']);

export function isTerminalStage(stage: Stage): boolean {
  return TERMINAL_STAGES.has(stage);
}

export function isStage(value: unknown): value is Stage {
  return typeof value === 'string' && (STAGES as readonly string[]).includes(value);
}
