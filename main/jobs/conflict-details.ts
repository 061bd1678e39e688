// What the Needs resolve screen says about one blocked file: the target depot path, p4's chunk
// counts, the source change and its author, who last changed the target, a lock holder, and
// the commands that resolve it, ready to paste on the agent's host. Pure: the facts come from
// the classified resolve output and from `p4 integrate`, `p4 filelog` and `p4 opened -a` output
// the caller ran.
import { isSecretEnv } from '../../agent/protocol.ts';
import type { ConflictDto, ResolveAction } from '../../preload/api.ts';
import { shellQuote } from '../base/shell-quote.ts';
import type { Conflict, FileLog, IntegratedFile } from '../p4/index.ts';
import { resolveFileArgv } from './integrate-command.ts';

export interface ConflictFacts {
  /** The classifier's record (resolve -am / -n output), or a refused file with reason 'locked'. */
  conflict: Conflict | { file: string; reason: 'locked' };
  workspace: string;
  changelist: number;
  /** The job's env (P4PORT/P4USER/P4CLIENT are taken from it) and its secret names. */
  env?: Record<string, string>;
  secretEnv?: readonly string[];
  /** What the INTEGRATE stage opened: maps the source of the conflict to its target. */
  integrated?: readonly IntegratedFile[];
  /** `p4 filelog` of the source and the target files. */
  filelogs?: readonly FileLog[];
  /** From `p4 opened -a` (parseLockHolders). */
  lockHolders?: ReadonlyMap<string, string>;
}

/** The only settings a pasted command needs to reach the same server, client and user. */
const P4_SETTINGS = ['P4PORT', 'P4USER', 'P4CLIENT'] as const;

export function buildConflict(facts: ConflictFacts): ConflictDto {
  const { conflict } = facts;
  const from = 'from' in conflict ? conflict.from : undefined;
  const target = from ? facts.integrated?.find((f) => f.fromFile === from.file) : undefined;
  // The integration names the target of the conflict's source; a lock refusal names it itself.
  const depotFile = target?.depotFile ?? conflict.file;
  const dto: ConflictDto = { file: conflict.file, depot_file: depotFile, reason: conflict.reason, commands: commands(facts) };
  if ('chunks' in conflict && conflict.chunks) dto.chunks = { ...conflict.chunks };
  const source = from ? revisionOf(facts.filelogs, from.file, from.end) : undefined;
  if (from && source) dto.source = { depot_file: from.file, rev: from.end, change: source.change, user: source.user, description: source.description };
  const last = facts.filelogs?.find((l) => l.depotFile === depotFile)?.revisions[0];
  if (last) dto.target_last = { change: last.change, user: last.user, description: last.description };
  const holder = facts.lockHolders?.get(depotFile);
  if (holder) dto.locked_by = holder;
  return dto;
}

function revisionOf(logs: readonly FileLog[] | undefined, depotFile: string, rev: number) {
  return logs?.find((l) => l.depotFile === depotFile)?.revisions.find((r) => r.rev === rev);
}

function commands(facts: ConflictFacts): ConflictDto['commands'] {
  const env = P4_SETTINGS.flatMap((name) => {
    const value = facts.env?.[name];
    return value === undefined || isSecretEnv(name, facts.secretEnv ?? []) ? [] : [`${name}=${shellQuote(value)}`];
  });
  const line = (action: 'merged' | 'theirs' | 'yours') =>
    [`cd ${shellQuote(facts.workspace)} &&`, ...env, ...resolveFileArgv(action, facts.changelist, facts.conflict.file).map(shellQuote)].join(' ');
  return { resolve: line('merged'), accept_theirs: line('theirs'), accept_yours: line('yours') };
}

/** Why an action cannot resolve this conflict, or undefined when it can. */
export function resolveRefusal(conflict: ConflictDto, action: ResolveAction): string | undefined {
  if (conflict.reason === 'locked') return `${conflict.depot_file} is locked by ${conflict.locked_by ?? 'another client'}; nothing can be resolved until that lock is released`;
  if (action !== 'merged') return undefined;
  if (conflict.reason === 'binary') return `${conflict.depot_file} is binary: p4 cannot merge it; take theirs (the source) or yours (the target)`;
  const conflicting = conflict.chunks?.conflicting ?? 0;
  if (conflicting > 0) {
    return `${conflict.depot_file} still has ${conflicting} conflicting chunk${conflicting === 1 ? '' : 's'}: merged would submit the conflict markers; ` +
      'edit the file and take yours, or take theirs or yours as they are';
  }
  return undefined;
}
