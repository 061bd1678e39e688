// Read-only checks the engine runs before it repeats a stage whose command was lost with its
// agent: did the integration open files, is the change shelved, was it submitted? Pure.
import { parseChangeForm } from './change-spec.ts';
import type { P4Classification, P4Output } from './types.ts';

export type ChangeState = 'pending' | 'submitted' | 'unknown';

const errorText = (o: P4Output): string => o.stderr.trim().split(/\r?\n/)[0] ?? '';

/** `p4 change -o N` for a changelist the spec names: it must exist and be pending. */
export function classifyChangeCheck(o: P4Output, changelist: number): P4Classification {
  const form = parseChangeForm(o.stdout);
  const fail = (message: string): P4Classification => ({ outcome: 'error', files: [], conflicts: [], messages: [message] });
  if (form.Change === undefined) return fail(errorText(o) || `change ${changelist} could not be read`);
  if (form.Status !== 'pending') return fail(`change ${changelist} is not pending (status: ${form.Status ?? 'unknown'})`);
  return { outcome: 'ok', files: [], conflicts: [], messages: [], change: changelist };
}

/** `p4 opened -c N`: how many files the changelist has open. */
export function countOpened(o: P4Output): number {
  return o.stdout.split(/\r?\n/).filter((line) => /^\/\/.+#\d+ - \S+ (default change|change \d+) /.test(line)).length;
}

/** `p4 describe -S -s N`: whether the change has shelved files. */
export function hasShelvedFiles(o: P4Output): boolean {
  const lines = o.stdout.split(/\r?\n/);
  const start = lines.findIndex((l) => l.startsWith('Shelved files'));
  return start >= 0 && lines.slice(start + 1).some((l) => l.startsWith('... //'));
}

/** `p4 describe -s N`: pending, submitted, or not known to the server (renamed or deleted). */
export function changeState(o: P4Output, changelist: number): ChangeState {
  const header = new RegExp(`^Change ${changelist} by \\S+ on .*?( \\*pending\\*)?\\s*$`, 'm').exec(o.stdout);
  if (!header) return 'unknown';
  return header[1] ? 'pending' : 'submitted';
}
