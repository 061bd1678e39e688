// The New Job form's text fields → a NewJob for the master. Only shape is checked here (a
// number is a number, env lines are KEY=VALUE); the master validates the rest and its messages
// are shown next to the field they name.
import type { JobPriority, NewJob } from '../../preload/api.ts';

export interface JobForm {
  agent_id: string;
  labels: string;
  priority: JobPriority;
  workspace: string;
  branch_spec: string;
  path: string;
  changelist: string;
  description: string;
  init_script: string;
  pre_submit_hook: string;
  name_check_fix_script: string;
  env: string;
}

export const EMPTY_FORM: JobForm = {
  agent_id: '', labels: '', priority: 'NORMAL', workspace: '', branch_spec: '', path: '', changelist: '',
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
  const spec = Object.fromEntries(Object.entries({
    workspace: form.workspace.trim(),
    branch_spec: form.branch_spec.trim(),
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

/** Which form field a master message ("spec.env.X: …", "labels.0: …") belongs to. */
export function fieldOf(path: string | null): keyof JobForm | 'form' {
  if (!path) return 'form';
  const [first, second] = path.split('.');
  const key = first === 'spec' ? second : first;
  return key && key in EMPTY_FORM ? (key as keyof JobForm) : 'form';
}
