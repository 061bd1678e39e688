// The facts behind a job's NEEDS_RESOLVE list, taken from the output of the commands the job
// already ran: what INTEGRATE opened (maps a conflict's source to its target), how the last
// automatic resolve split each file into chunks, and which files' history the Needs resolve
// screen needs (`p4 filelog`, run once as a read-only probe), and the files INTEGRATE left to a
// lock holder (`p4 opened -a`). Pure.
import type { ConflictDto, JobSpec } from '../../preload/api.ts';
import { classifyP4Output, parseFilelog, parseIntegratePreview, parseLockHolders, type Chunks, type Conflict, type P4Output } from '../p4/index.ts';
import { buildConflict } from './conflict-details.ts';

/** Outputs of the job's runs that tell about its conflicts; each may be missing. */
export interface ConflictSources {
  /** The INTEGRATE stage (what it opened, from which source revisions). */
  integrate?: P4Output;
  /** The last automatic resolve pass (its "Diff chunks" lines). */
  resolvePass?: P4Output;
  /** The `p4 filelog -l` probe of the sources and targets. */
  filelog?: P4Output;
}

/** The conflicts as the screen shows them, from the raw list `p4 resolve -n` gave. */
export function describeConflicts(raw: readonly Conflict[], spec: JobSpec, changelist: number, sources: ConflictSources): ConflictDto[] {
  const integrated = sources.integrate ? parseIntegratePreview(sources.integrate.stdout).files : [];
  const chunks = chunksBySource(sources.resolvePass);
  const filelogs = sources.filelog ? parseFilelog(sources.filelog.stdout) : undefined;
  return raw.map((conflict) => {
    const known = conflict.chunks ?? (conflict.from ? chunks.get(conflict.from.file) : undefined);
    return buildConflict({
      conflict: known ? { ...conflict, chunks: known } : conflict,
      workspace: spec.workspace, changelist, env: spec.env, secretEnv: spec.secret_env, integrated, filelogs,
    });
  });
}

/** The depot files whose history names the source change and the target's last change. */
export function historyFiles(conflicts: readonly ConflictDto[], raw: readonly Conflict[]): string[] {
  const files = [...raw.flatMap((c) => (c.from ? [c.from.file] : [])), ...conflicts.map((c) => c.depot_file)];
  return [...new Set(files.filter((f) => f.startsWith('//')))];
}

/**
 * The files INTEGRATE could not open because another client holds them exclusively (+l), when
 * those are its only refusals; undefined when it refused nothing or refused anything else.
 */
export function lockRefusals(integrate: P4Output): string[] | undefined {
  const { refused } = parseIntegratePreview(integrate.stdout);
  return refused.length > 0 && refused.every((r) => r.exclusive) ? refused.map((r) => r.depotFile) : undefined;
}

/** Locked files as the screen shows them; the holders come from `p4 opened -a FILES`. */
export function describeLocks(files: readonly string[], spec: JobSpec, changelist: number, opened?: P4Output): ConflictDto[] {
  const lockHolders = opened ? parseLockHolders(opened.stdout) : undefined;
  return files.map((file) => buildConflict({
    conflict: { file, reason: 'locked' }, workspace: spec.workspace, changelist, env: spec.env, secretEnv: spec.secret_env, lockHolders,
  }));
}

/** `p4 resolve -am` says per file "… - merging //from#N" then "Diff chunks: …": by source file. */
function chunksBySource(output: P4Output | undefined): Map<string, Chunks> {
  const map = new Map<string, Chunks>();
  if (!output) return map;
  for (const c of classifyP4Output('resolve', output).conflicts) if (c.from && c.chunks) map.set(c.from.file, c.chunks);
  return map;
}
