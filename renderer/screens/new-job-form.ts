// The New Job form's text fields → a NewJob for the master. Only shape is checked here (a
// number is a number, env lines are KEY=VALUE); the master validates the rest and its messages
// are shown next to the field they name.
import type { IntegrateFlag, JobPriority, JobSpec, NewJob } from '../../preload/api.ts';

/** What the job integrates: a branch spec, a stream (merged down or copied up), or two paths. */
export type SourceKind = 'branch' | 'stream-merge' | 'stream-copy' | 'paths';

export interface JobForm {
  agent_id: string;
  labels: string;
  priority: JobPriority;
  workspace: string;
  source_kind: SourceKind;
  branch_spec: string;
  stream: string;
  from: string;
  to: string;
  revisions: string;
  /** Space-separated, e.g. "-Di -Ob". */
  integrate_flags: string;
  resolve_mode: 'merge' | 'safe';
  /** 'one': one change at a time (each source change in its own change). */
  changes: 'all' | 'one';
  /** One path per line. */
  accept_theirs: string;
  path: string;
  changelist: string;
  description: string;
  init_script: string;
  pre_submit_hook: string;
  name_check_fix_script: string;
  env: string;
}

export const EMPTY_FORM: JobForm = {
  agent_id: '', labels: '', priority: 'NORMAL', workspace: '', source_kind: 'branch', branch_spec: '', stream: '', from: '', to: '',
  revisions: '', integrate_flags: '', resolve_mode: 'merge', changes: 'all', accept_theirs: '', path: '', changelist: '',
  description: '', init_script: '', pre_submit_hook: '', name_check_fix_script: '', env: '',
};

export type FieldErrors = Partial<Record<keyof JobForm | 'form', string>>;

export function toNewJob(form: JobForm): { job: NewJob } | { errors: FieldErrors } {
  const errors: FieldErrors = {};
  const env: Record<string, string> = {};
  form.env.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    const eq = line.indexOf('=');
    if (eq <= 0) errors.env ??= `line ${i + 1} is not NAME=value`;
    else env[line.slice(0, eq).trim()] = line.slice(eq + 1);
  });
  const changelist = form.changelist.trim();
  if (changelist && !/^\d+$/.test(changelist)) errors.changelist = 'changelist must be a number';
  if (Object.keys(errors).length) return { errors };
  const optional = (v: string) => (v.trim() ? v.trim() : undefined);
  const labels = form.labels.split(/[\s,]+/).filter(Boolean);
  const flags = form.integrate_flags.split(/\s+/).filter(Boolean) as IntegrateFlag[];
  const theirs = form.accept_theirs.split('\n').map((l) => l.trim()).filter(Boolean);
  const resolve: JobSpec['resolve'] = form.resolve_mode === 'safe' || theirs.length ? { mode: form.resolve_mode, ...(theirs.length ? { accept_theirs: theirs } : {}) } : undefined;
  const source: JobSpec['source'] = form.source_kind === 'paths' ? { from: form.from.trim(), to: form.to.trim() }
    : form.source_kind === 'branch' ? undefined
    : { stream: form.stream.trim(), mode: form.source_kind === 'stream-merge' ? 'merge' : 'copy' };
  const spec = Object.fromEntries(Object.entries({
    workspace: form.workspace.trim(),
    branch_spec: source ? undefined : form.branch_spec.trim(),
    source,
    revisions: optional(form.revisions),
    integrate_flags: flags.length ? flags : undefined,
    resolve,
    one_change_at_a_time: form.changes === 'one' ? true : undefined,
    path: optional(form.path),
    changelist: changelist ? Number(changelist) : undefined,
    description: optional(form.description),
    init_script: optional(form.init_script),
    pre_submit_hook: optional(form.pre_submit_hook),
    name_check_fix_script: optional(form.name_check_fix_script),
    env: Object.keys(env).length ? env : undefined,
  }).filter(([, v]) => v !== undefined)) as unknown as NewJob['spec'];
  const job: NewJob = { priority: form.priority, spec };
  if (form.agent_id) job.agent_id = form.agent_id;
  if (labels.length) job.labels = labels;
  return { job };
}

/** Spec keys whose form field has another name ("spec.resolve.mode" → resolve_mode). */
const NESTED: Record<string, (rest: string | undefined) => keyof JobForm> = {
  source: () => 'source_kind',
  resolve: (rest) => (rest === 'mode' ? 'resolve_mode' : 'accept_theirs'),
  one_change_at_a_time: () => 'changes',
};

/** Which form field a master message ("spec.env.X: …", "labels.0: …") belongs to. */
export function fieldOf(path: string | null): keyof JobForm | 'form' {
  if (!path) return 'form';
  const [first, second, third] = path.split('.');
  const key = first === 'spec' ? second : first;
  if (first === 'spec' && key && NESTED[key]) return NESTED[key](third);
  return key && key in EMPTY_FORM ? (key as keyof JobForm) : 'form';
}
