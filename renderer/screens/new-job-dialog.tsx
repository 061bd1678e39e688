// New Job: what to integrate (branch spec, stream or paths) with its options, target agent or
// labels, priority. The master's validation message is shown next to the field it names.
// Preview asks the agent what the job would integrate (source changes with their authors, the
// files) without opening anything; Start job runs the same input.
import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { IntegrationPreviewDto, NewJob } from '../../preload/api.ts';
import { ApiCallError, errorText } from '../api/api-call-error.ts';
import { FormField } from '../components/form-field.tsx';
import { useActions, useApp } from '../app-context.tsx';
import { navigate } from '../store/ui-slice.ts';
import { EMPTY_FORM, fieldOf, toNewJob, type FieldErrors, type JobForm } from './new-job-form.ts';

export function NewJobDialog({ onClose }: { onClose: () => void }) {
  const agents = useApp((s) => s.agents);
  const { createJob, previewJob } = useActions();
  const [form, setForm] = useState<JobForm>(EMPTY_FORM);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);
  const [preview, setPreview] = useState<IntegrationPreviewDto | null>(null);
  const dialog = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    dialog.current?.showModal();
  }, []);

  const set = (key: keyof JobForm) => (e: { target: { value: string } }) => {
    setForm({ ...form, [key]: e.target.value });
    setPreview(null); // it described the form as it was
  };
  const kind = form.source_kind;

  /** Sends the form as a NewJob; the master's refusal lands on the field it names. */
  const send = async (work: (job: NewJob) => Promise<void>) => {
    const parsed = toNewJob(form);
    if ('errors' in parsed) return setErrors(parsed.errors);
    setBusy(true);
    setErrors({});
    try {
      await work(parsed.job);
    } catch (err) {
      const field = err instanceof ApiCallError ? fieldOf(err.field) : 'form';
      setErrors({ [field]: err instanceof ApiCallError && field !== 'form' ? err.reason : errorText(err) });
    } finally {
      setBusy(false);
    }
  };
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    return send(async (job) => {
      const jobId = await createJob(job);
      onClose();
      navigate({ screen: 'job', jobId });
    });
  };
  const showPreview = () => send(async (job) => setPreview(await previewJob(job)));

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
          {field('changes', 'Source changes', (
            <select name="changes" value={form.changes} onChange={set('changes')}>
              <option value="all">All pending, in one change</option>
              <option value="one">One change at a time</option>
            </select>
          ), 'one at a time: each in its own change, so a conflict names one author')}
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
        {preview && <PreviewPanel preview={preview} />}
        <footer className="dialog-actions">
          <button type="button" onClick={() => dialog.current?.close()}>Cancel</button>
          <button type="button" className="preview-job" disabled={busy} onClick={() => void showPreview()}>Preview</button>
          <button type="submit" className="primary" disabled={busy}>{busy ? 'Starting…' : 'Start job'}</button>
        </footer>
      </form>
    </dialog>
  );
}

/** What the job would integrate: the source changes (oldest first) and the files, or why not. */
function PreviewPanel({ preview }: { preview: IntegrationPreviewDto }) {
  if (preview.error) return <p className="error integration-preview" role="alert">Preview: {preview.error}</p>;
  return (
    <section className="integration-preview" aria-label="Preview">
      <h3>{preview.changes.length} source change{preview.changes.length === 1 ? '' : 's'} to integrate, {preview.files.length} file{preview.files.length === 1 ? '' : 's'}</h3>
      <ul className="preview-changes">
        {preview.changes.map((c) => <li key={c.change}><b>{c.change}</b> by <b>{c.user}</b> <span className="muted">{c.date}</span> — {c.description.split('\n')[0]}</li>)}
      </ul>
      <ul className="preview-files mono small">
        {preview.files.map((f) => <li key={f.depot_file}>{f.depot_file} ← {f.from_file}{f.from_revs} ({f.action})</li>)}
        {preview.refused.map((r) => <li key={r.depot_file} className="error">{r.text}</li>)}
      </ul>
    </section>
  );
}
