// What the lines of one command's output established, and the outcome that follows from it.
// The line rules (line-rules.ts, resolve-rules.ts) record facts here; outcome() ranks them.

import type {
  Conflict,
  ConflictReason,
  FileAction,
  P4Cause,
  P4Classification,
  P4Kind,
  P4Outcome,
} from './types.ts';

/** The UI shows messages; a 50 000-file refusal list must not become 50 000 messages. */
export const MAX_MESSAGES = 100;

type Role =
  | 'error' // explains an error by itself (E_FAILED text, connection failure)
  | 'weak-error' // says "failed" without the why (footer lines, unknown stderr with exit != 0)
  | 'trigger' // trigger rejection line or the trigger's own text
  | 'needs-resolve' // "Merges still pending", "Out of date files must be resolved …"
  | 'refusal' // per-file refusal (E_INFO on stdout, exit 0!)
  | 'nothing' // "File(s) up-to-date.", "No file(s) to resolve." …
  | 'warning'; // anything else a human should see

interface Note {
  text: string;
  role: Role;
}

const RELEVANT: Record<P4Outcome, readonly Role[]> = {
  error: ['error', 'weak-error'],
  'rejected-by-trigger': ['trigger'],
  'needs-resolve': ['needs-resolve', 'weak-error'],
  refused: ['refusal', 'weak-error'],
  'nothing-to-do': ['nothing'],
  ok: ['warning'],
};

export class Findings {
  readonly files: FileAction[] = [];
  readonly conflicts: Conflict[] = [];
  private readonly notes: Note[] = [];
  private readonly counts: Record<Role, number> = {
    error: 0,
    'weak-error': 0,
    trigger: 0,
    'needs-resolve': 0,
    refusal: 0,
    nothing: 0,
    warning: 0,
  };
  private succeeded = false;
  /** Unrecognised stderr lines of a command that exited 0: p4 prints warnings there. */
  private unexplainedStderr = 0;
  change: number | undefined;
  trigger: string | undefined;
  cause: P4Cause | undefined;
  /** Set after a "'name' validation failed:" line: the trigger's own output follows. */
  inTriggerText = false;

  note(role: Role, text: string): void {
    this.counts[role]++;
    this.notes.push({ text: text.trim(), role });
  }

  file(file: string, action: string): void {
    this.files.push({ file, action });
  }

  conflict(file: string, reason: ConflictReason, details: Pick<Conflict, 'from' | 'chunks'> = {}): void {
    const conflict: Conflict = { file, reason };
    if (details.from) conflict.from = details.from;
    if (details.chunks) conflict.chunks = details.chunks;
    this.conflicts.push(conflict);
  }

  success(change?: number): void {
    this.succeeded = true;
    if (change !== undefined) this.change = change;
  }

  setCause(cause: P4Cause): void {
    // The first cause named is the one the rest of the output follows from.
    this.cause ??= cause;
  }

  unexplained(text: string): void {
    this.unexplainedStderr++;
    this.note('warning', text);
  }

  outcome(kind: P4Kind, exitCode: number | null): P4Outcome {
    const c = this.counts;
    if (c.error > 0) return 'error';
    if (c.trigger > 0) return 'rejected-by-trigger';
    if (this.conflicts.length > 0 || c['needs-resolve'] > 0) return 'needs-resolve';
    if (c.refusal > 0) return 'refused';
    if (c['weak-error'] > 0 || exitCode !== 0) return 'error';
    if (this.succeeded || this.files.length > 0) return 'ok';
    if (c.nothing > 0) return 'nothing-to-do';
    // p4 always says something; only unknown warnings means we cannot tell what happened.
    if (this.unexplainedStderr > 0) return 'error';
    return SILENT_OUTCOME[kind];
  }

  messagesFor(outcome: P4Outcome): string[] {
    const relevant = RELEVANT[outcome];
    // Best explanation first: by the role's rank for this outcome, then in output order.
    const rank = (n: Note): number => relevant.indexOf(n.role);
    const first = this.notes.filter((n) => rank(n) >= 0).sort((a, b) => rank(a) - rank(b));
    const rest = this.notes.filter((n) => rank(n) < 0 && n.role !== 'nothing');
    const all = [...first, ...rest].map((n) => n.text).filter((t) => t !== '');
    if (all.length <= MAX_MESSAGES) return all;
    return [...all.slice(0, MAX_MESSAGES - 1), `… and ${all.length - (MAX_MESSAGES - 1)} more`];
  }

  toClassification(kind: P4Kind, exitCode: number | null): P4Classification {
    const outcome = this.outcome(kind, exitCode);
    const messages = this.messagesFor(outcome);
    if (outcome === 'error' && messages.length === 0) {
      messages.push(
        exitCode === null
          ? 'the command did not exit normally (killed or lost)'
          : exitCode !== 0
            ? `the command exited with status ${exitCode} and printed no explanation`
            : `p4 ${kind} printed nothing that confirms it worked`,
      );
    }
    const result: P4Classification = {
      outcome,
      files: this.files,
      conflicts: this.conflicts,
      messages,
    };
    if (this.change !== undefined) result.change = this.change;
    if (outcome === 'rejected-by-trigger' && this.trigger !== undefined) result.trigger = this.trigger;
    if (this.cause !== undefined && outcome !== 'ok' && outcome !== 'nothing-to-do') {
      result.cause = this.cause;
    }
    return result;
  }
}

/**
 * Outcome when the command exits 0 and prints nothing recognisable (e.g. a wrapper ran it with
 * -q). Shelve, submit and change must confirm success in words; a quiet sync or resolve is
 * harmless because the next stage checks again.
 */
const SILENT_OUTCOME: Record<P4Kind, P4Outcome> = {
  sync: 'ok',
  integrate: 'error',
  resolve: 'nothing-to-do',
  'resolve-preview': 'nothing-to-do',
  shelve: 'error',
  submit: 'error',
  change: 'error',
};
