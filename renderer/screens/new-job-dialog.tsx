// New Job: what to integrate (branch spec, stream or paths) with its options, target agent or
// labels, priority. The master's validation message is shown next to the field it names.
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { ApiCallError, errorText } from '../api/api-call-error.ts';
import { FormField } from '../components/form-field.tsx';
import { useActions, useApp } from '../app-context.tsx';
import { navigate } from '../store/ui-slice.ts';
import { EMPTY_FORM, fieldOf, toNewJob, type FieldErrors, type JobForm } from './new-job-form.ts';

export function NewJobDialog({ onClose }: { onClose: () => void }) {
  const agents = useApp((s) => s.agents);
  const { createJob } = useActions();
  const [form, setForm] = useState<JobForm>(EMPTY_FORM);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);
  const dialog = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    dialog.current?.showModal();
  }, []);

  const set = (key: keyof JobForm) => (e: { target: { value: string } }) => setForm({ ...form, [key]: e.target.value });
  const kind = form.source_kind;

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    const parsed = toNewJob(form);
    if ('errors' in parsed) return setErrors(parsed.errors);
    setBusy(true);
    setErrors({});
    try {
      const jobId = await createJob(parsed.job);
      onClose();
      navigate({ screen: 'job', jobId });
    } catch (err) {
      const field = err instanceof ApiCallError ? fieldOf(err.field) : 'form';
      setErrors({ [field]: err instanceof ApiCallError && field !== 'form' ? err.reason : errorText(err) });
    } finally {
      setBusy(false);
    }
  };

  const field = (key: keyof JobForm, label: string, input: ReactNode, hint?: string) => <FormField name={key} label={label} error={errors[key]} hint={hint}>{input}</FormField>;
  const text = (key: keyof JobForm, label: string, hint?: string, placeholder?: string) =>
    field(key, label, <input name={key} value={form[key]} onChange={set(key)} placeholder={placeholder} aria-invalid={Boolean(errors[key])} />, hint);

  return (
    <dialog ref={dialog} className="dialog" onClose={onClose} aria-labelledby="new-job-title">
      <form onSubmit={(e) => void submit(e)} noValidate>
        <h2 id="new-job-title">New job</h2>
        {errors.form && <p className="error" role="alert">{errors.form}</p>}
        <div className="grid-2">
          {text('workspace', 'Workspace', 'Perforce workspace directory on the agent', '/home/me/ws')}
          {field('source_kind', 'Integrate', (
            <select name="source_kind" value={kind} onChange={set('source_kind')}>
              <option value="branch">Branch spec</option>
              <option value="stream-merge">Stream: merge down from its parent</option>
              <option value="stream-copy">Stream: copy up to its parent</option>
              <option value="paths">From path to path</option>
            </select>
          ))}
          {kind === 'branch' && text('branch_spec', 'Branch spec', undefined, 'main-to-release')}
          {kind.startsWith('stream') && text('stream', 'Stream', undefined, '//streams/dev')}
          {kind === 'paths' && text('from', 'From', undefined, '//depot/main/...')}
          {kind === 'paths' && text('to', 'To', undefined, '//depot/rel/...')}
          {kind !== 'paths' && text('path', 'Target path', 'optional, e.g. //depot/rel/...')}
          {text('revisions', 'Revisions', 'optional: @change, @first,last or @label')}
          {text('integrate_flags', 'Integrate flags', 'optional, e.g. -Di -Ob')}
          {field('resolve_mode', 'Automatic resolve', (
            <select name="resolve_mode" value={form.resolve_mode} onChange={set('resolve_mode')}>
              <option value="merge">Merge (-am)</option>
              <option value="safe">Safe (-as)</option>
            </select>
          ))}
          {text('changelist', 'Changelist', 'optional: pending change to integrate into')}
          {field('agent_id', 'Agent', (
            <select name="agent_id" value={form.agent_id} onChange={set('agent_id')}>
              <option value="">Any matching agent</option>
              {Object.values(agents).map((a) => <option key={a.agent_id} value={a.agent_id}>{a.agent_id} ({a.status})</option>)}
            </select>
          ))}
          {text('labels', 'Labels', 'with "any agent": it must have all of these')}
          {field('priority', 'Priority', (
            <select name="priority" value={form.priority} onChange={set('priority')}>
              <option>HIGH</option><option>NORMAL</option><option>LOW</option>
            </select>
          ))}
          {text('init_script', 'Init script', 'optional: sourced before every stage')}
          {text('pre_submit_hook', 'Pre-submit hook', 'optional')}
          {text('name_check_fix_script', 'Name-check fix script', 'optional')}
        </div>
        {field('accept_theirs', 'Accept theirs for', <textarea name="accept_theirs" rows={2} className="mono" value={form.accept_theirs} onChange={set('accept_theirs')} placeholder="//depot/rel/generated/..." />, 'optional: paths that take the source version, one per line')}
        {field('description', 'Description', <textarea name="description" rows={2} value={form.description} onChange={set('description')} />)}
        {field('env', 'Environment', <textarea name="env" rows={3} className="mono" value={form.env} onChange={set('env')} placeholder={'P4PORT=ssl:perforce:1666\nP4USER=me\nP4CLIENT=my-ws'} />, 'one NAME=value per line')}
        <footer className="dialog-actions">
          <button type="button" onClick={() => dialog.current?.close()}>Cancel</button>
          <button type="submit" className="primary" disabled={busy}>{busy ? 'Starting…' : 'Start job'}</button>
        </footer>
      </form>
    </dialog>
  );
}
