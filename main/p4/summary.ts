// One line per stage for the UI: "214 files integrated", "nothing to sync (up to date)",
// "refused: <first message>".

import type { Conflict, P4Classification, P4Kind } from './types.ts';

/** "1 file", "2 files"; `many` for irregular words ("fixes", "retries"). */
export const plural = (n: number, word: string, many = `${word}s`): string => `${n} ${n === 1 ? word : many}`;

/** "1 file needs", "2 files need" */
export const needs = (n: number): string => (n === 1 ? 'needs' : 'need');

const DONE_VERB: Record<P4Kind, string> = {
  sync: 'synced',
  integrate: 'integrated',
  resolve: 'resolved',
  'resolve-preview': 'listed',
  shelve: 'shelved',
  submit: 'submitted',
  change: 'in the change',
};

const NOTHING: Record<P4Kind, string> = {
  sync: 'nothing to sync (up to date)',
  integrate: 'nothing to integrate',
  resolve: 'no files to resolve',
  'resolve-preview': 'no files left to resolve',
  shelve: 'nothing to shelve',
  submit: 'nothing to submit',
  change: 'change unchanged',
};

/** "3 conflicts (1 binary, 1 non-content)" */
export function describeConflicts(conflicts: readonly Conflict[], noun = 'conflict'): string {
  const binary = conflicts.filter((c) => c.reason === 'binary').length;
  const nonContent = conflicts.filter((c) => c.reason === 'non-content').length;
  const kinds = [binary ? `${binary} binary` : '', nonContent ? `${nonContent} non-content` : '']
    .filter(Boolean)
    .join(', ');
  return `${plural(conflicts.length, noun)}${kinds ? ` (${kinds})` : ''}`;
}

function firstMessage(c: P4Classification, fallback: string): string {
  return c.messages[0] ?? fallback;
}

/** The trigger's own words: the tail of "'name' validation failed: …" or the line after it. */
export function triggerReason(c: P4Classification): string {
  const i = c.messages.findIndex((m) => /^'[^']+' validation failed:/.test(m));
  if (i < 0) return firstMessage(c, 'validation failed');
  const tail = (c.messages[i] as string).replace(/^'[^']+' validation failed: ?/, '').trim();
  return tail || c.messages[i + 1] || 'validation failed';
}

export function summarizeClassification(kind: P4Kind, c: P4Classification): string {
  const files = `${plural(c.files.length, 'file')} ${DONE_VERB[kind]}`;
  switch (c.outcome) {
    case 'ok':
      if (kind === 'submit') return `change ${c.change ?? '?'} submitted (${plural(c.files.length, 'file')})`;
      if (kind === 'shelve' && c.change !== undefined) return `${files} in change ${c.change}`;
      if (kind === 'change') return `change ${c.change ?? '?'} ready`;
      return files;
    case 'nothing-to-do': {
      const why = c.messages[0];
      // The catalog's own words say which kind of "nothing" it was (already integrated, …).
      return kind === 'sync' || !why ? NOTHING[kind] : `${NOTHING[kind]}: ${why}`;
    }
    case 'needs-resolve':
      if (kind === 'resolve-preview') return `${describeConflicts(c.conflicts, 'file')} still ${needs(c.conflicts.length)} resolving`;
      if (kind === 'resolve') return `${files}, ${describeConflicts(c.conflicts)}`;
      if (c.conflicts.length > 0) return `needs resolve: ${describeConflicts(c.conflicts, 'file')}`;
      return `needs resolve: ${firstMessage(c, 'files must be resolved')}`;
    case 'refused':
      return `refused: ${firstMessage(c, 'p4 refused the command')}`;
    case 'rejected-by-trigger':
      return `rejected by trigger${c.trigger ? ` '${c.trigger}'` : ''}: ${triggerReason(c)}`;
    case 'error':
      return `error: ${firstMessage(c, 'the command failed')}`;
  }
}
