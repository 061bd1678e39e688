// The p4 command lines of a job's integration options, as argv (never a shell line): what the
// INTEGRATE stage runs, the read-only preview (interchanges, integrate -n), the automatic
// resolve passes, and one file's manual resolve. Pure; the spec was validated by job-spec.ts.
import type { IntegrationSource, JobSpec } from '../../preload/api.ts';
import { integrateCommand } from './job-spec.ts';

/** The source of a spec: `source`, or today's `branch_spec`. */
export function integrationSource(spec: JobSpec): IntegrationSource {
  return spec.source ?? { branch: spec.branch_spec };
}

/** The selection part: `-b BRANCH [path@rev]`, `-S STREAM [-r] [target@rev]` or `from@rev to`. */
function selection(spec: JobSpec): string[] {
  const source = integrationSource(spec);
  const rev = spec.revisions ?? '';
  if ('from' in source) return [`${source.from}${rev}`, source.to];
  if ('branch' in source) return ['-b', source.branch, ...(spec.path === undefined ? [] : [`${spec.path}${rev}`])];
  // -S maps the stream to its parent; -r turns that around to merge the parent down.
  const down = source.mode === 'merge';
  const target = spec.path ?? (down && rev ? `${source.stream}/...` : undefined);
  return ['-S', source.stream, ...(down ? ['-r'] : []), ...(target === undefined ? [] : [`${target}${rev}`])];
}

function command(spec: JobSpec): 'integrate' | 'merge' | 'copy' {
  return integrateCommand(integrationSource(spec));
}

/** The INTEGRATE stage: `p4 integrate|merge|copy -c CL [flags] <selection>`. */
export function integrateArgv(spec: JobSpec, changelist: number): string[] {
  return ['p4', command(spec), '-c', String(changelist), ...(spec.integrate_flags ?? []), ...selection(spec)];
}

/**
 * The preview before anything is opened: the source changes not yet integrated (with author
 * and full description) and the files the integration would open.
 */
export function previewArgvs(spec: JobSpec): { interchanges: string[]; integrate: string[] } {
  return {
    interchanges: ['p4', 'interchanges', '-l', '-t', ...selection(spec)],
    integrate: ['p4', command(spec), '-n', ...(spec.integrate_flags ?? []), ...selection(spec)],
  };
}

/** The automatic resolve pass: listed paths take the source (-at) first, then -am (or -as). */
export function resolveArgvs(spec: JobSpec, changelist: number): string[][] {
  const change = ['-c', String(changelist)];
  const auto = ['p4', 'resolve', spec.resolve?.mode === 'safe' ? '-as' : '-am', ...change];
  const theirs = spec.resolve?.accept_theirs ?? [];
  return theirs.length > 0 ? [['p4', 'resolve', '-at', ...change, ...theirs], auto] : [auto];
}

export type ResolveAction = 'theirs' | 'yours' | 'merged';

const ACTION_FLAG: Record<ResolveAction, string> = { theirs: '-at', yours: '-ay', merged: '-am' };

/** One file resolved by hand: accept the source (theirs), keep the target (yours), or merge. */
export function resolveFileArgv(action: ResolveAction, changelist: number, file: string): string[] {
  return ['p4', 'resolve', ACTION_FLAG[action], '-c', String(changelist), file];
}
