// Shared types of the p4 output classifier. Pure data, no behaviour.

/** Which pipeline command produced the output (decides which line grammar applies). */
export type P4Kind =
  | 'sync'
  | 'integrate'
  | 'resolve' // an automatic pass: p4 resolve -am / -as / -at / -ay
  | 'resolve-preview' // p4 resolve -n (also -N)
  | 'shelve'
  | 'submit' // p4 submit -c CL, or a site wrapper such as p4push that prints submit output
  | 'change'; // p4 change -i / -d: creating, updating or deleting a pending changelist

export const P4_KINDS: readonly P4Kind[] = [
  'sync',
  'integrate',
  'resolve',
  'resolve-preview',
  'shelve',
  'submit',
  'change',
];

export type P4Outcome =
  | 'ok'
  | 'nothing-to-do'
  | 'needs-resolve'
  | 'refused'
  | 'rejected-by-trigger'
  | 'error';

export type ConflictReason = 'conflict' | 'binary' | 'non-content';

/** p4's "Diff chunks: Y yours + T theirs + B both + C conflicting" (or "Non-text diff: …"). */
export interface Chunks {
  yours: number;
  theirs: number;
  both: number;
  conflicting: number;
}

export interface Conflict {
  /** The path as p4 printed it: local path (resolve -n), client path (resolve -am) or depot path. */
  file: string;
  reason: ConflictReason;
  /** The source of the pending resolve, when the output names it ("merging //from#2,#3"). */
  from?: { file: string; start: number; end: number };
  /** Present when an automatic resolve tried the file and said how its chunks fell. */
  chunks?: Chunks;
}

export interface FileAction {
  /** Depot, client or local path as printed by p4. */
  file: string;
  /** What happened to it, normalised: 'added', 'updated', 'branch', 'integrate', 'merge from', 'edit'… */
  action: string;
}

/**
 * A machine-usable hint about why the command did not succeed, where the text says so. The job
 * engine uses it to pick a retry policy; humans read `messages`.
 */
export type P4Cause =
  | 'connection' // could not reach the server: retrying may help
  | 'login' // ticket expired / password unset
  | 'files-locked' // another client holds a lock: retry later
  | 'out-of-date' // files changed in the depot since they were resolved
  | 'merges-pending' // integrations left unresolved
  | 'empty-changelist' // nothing to shelve / submit
  | 'shelved-files' // `p4 submit -c` of a change that still has shelved files
  | 'interactive-prompt'; // p4 resolve asked a question: the stage must use an automatic mode

export interface P4Classification {
  outcome: P4Outcome;
  /** Files the command acted on (synced, opened for integrate, resolved, shelved, submitted). */
  files: FileAction[];
  /** Files left needing a resolve (resolve passes, resolve -n, submit refusals, sync). */
  conflicts: Conflict[];
  /**
   * Human-readable lines that explain the outcome, best explanation first, then other warnings;
   * trimmed of p4's prefixes and capped (see MAX_MESSAGES).
   */
  messages: string[];
  /** Changelist number the output names (submitted, shelved, created; the new number on rename). */
  change?: number;
  /** Trigger name from "'name' validation failed:" when outcome is rejected-by-trigger. */
  trigger?: string;
  cause?: P4Cause;
}

export interface P4Output {
  stdout: string;
  stderr: string;
  /** null when the process did not exit normally (killed by a signal). */
  exitCode: number | null;
}
