// Read-only checks the engine runs: before it repeats a stage whose command was lost with its
// agent (did the integration open files, is the change shelved, was it submitted?), the login
// check, the proof of a submit, and what a clean-up reverted. Pure.
import { parseChangeForm } from './change-spec.ts';
import { classifyP4Output } from './classify.ts';
import type { FileAction, P4Classification, P4Output } from './types.ts';

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

/** `p4 opened -c N`: the files the changelist has open. */
export function openedFiles(o: P4Output): FileAction[] {
  const files: FileAction[] = [];
  for (const line of o.stdout.split(/\r?\n/)) {
    const m = /^(\/\/.+)#\d+ - (\S+) (?:default change|change \d+) /.exec(line);
    if (m) files.push({ file: m[1]!, action: m[2]! });
  }
  return files;
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

/** `p4 revert -c N //...`: the files it reverted ("… - was edit, reverted" / "… - was add, abandoned"). */
export function countReverted(o: P4Output): number {
  return o.stdout.split(/\r?\n/).filter((line) => /^\/\/.+#\d+ - was \S+, (?:reverted|abandoned)$/.test(line)).length;
}

const LOGIN_OK = /^(?:User .+ ticket expires in \d+ hours \d+ minutes\.|'login' not necessary, no password set for (?:user .+|this user)\.|User .+ was authenticated by password not ticket\.)$/m;
/** The four texts any command prints instead of its output when it has no valid ticket. */
const AUTH_FAILED = /^(?:Perforce password \(P4PASSWD\) invalid or unset\.|Your session has expired, please login again\.|Your session was logged out, please login again\.|Access for user '[^']+' has not been enabled by 'p4 protect'\.)$/m;

/**
 * `p4 info && p4 login -s`: whether the ticket is valid. info names the user, server and host
 * for the message (it works without a ticket). Never reads or prints a password.
 */
export function classifyLogin(o: P4Output): P4Classification {
  const field = (name: string): string => new RegExp(`^${name}: (.+)$`, 'm').exec(o.stdout)?.[1]?.trim() ?? 'unknown';
  const ok = LOGIN_OK.exec(o.stdout);
  if (o.exitCode === 0 && ok) return { outcome: 'ok', files: [], conflicts: [], messages: [ok[0]] };
  const auth = AUTH_FAILED.exec(o.stderr) ?? AUTH_FAILED.exec(o.stdout);
  if (auth) {
    const message = `Perforce ticket for ${field('User name')} on ${field('Server address')} has expired — run \`p4 login\` on ${field('Client host')}`;
    return { outcome: 'error', files: [], conflicts: [], messages: [message, auth[0]], cause: 'login' };
  }
  const other = classifyP4Output('change', o);
  return { ...other, outcome: 'error', messages: other.messages.length > 0 ? other.messages : ['p4 login -s did not confirm a valid ticket'] };
}

/** `p4 describe -s M` after a submit: ok only when M is a submitted change. */
export function classifySubmitted(o: P4Output, change: number): P4Classification {
  const state = changeState(o, change);
  if (state === 'submitted') return { outcome: 'ok', files: [], conflicts: [], messages: [], change };
  const why = state === 'pending' ? `change ${change} is still pending` : errorText(o) || `change ${change} is not known to the server`;
  return { outcome: 'error', files: [], conflicts: [], messages: [why], change };
}
