// One job: what it is, where it is, Cancel / Continue, the conflicts while it needs resolve,
// and the stage timeline with its panes. Works for any job in the history, agent or not.
import { useEffect, useState } from 'react';
import { useActions, useApp } from '../app-context.tsx';
import { ChainPanel } from '../components/chain-panel.tsx';
import { ConflictPanel } from '../components/conflict-panel.tsx';
import { StageBar } from '../components/stage-bar.tsx';
import { StageTimeline } from '../components/stage-timeline.tsx';
import type { LineRef } from '../store/ui-slice.ts';
import { StatusBadge } from '../components/status-badge.tsx';
import { AnsiText, TextWithTimes } from '../components/rich-text.tsx';
import { LocalTime } from '../components/local-time.tsx';
import { SecretsDialog } from './secrets-dialog.tsx';
import { duration, jobName } from '../format.ts';
import { useNow } from '../use-now.ts';

export function JobScreen({ jobId, find, at }: { jobId: string; find?: string; at?: LineRef }) {
  const job = useApp((s) => s.details[jobId]);
  const error = useApp((s) => s.detailErrors[jobId]);
  const busy = useApp((s) => Boolean(s.busy[jobId]));
  const actionError = useApp((s) => s.actionErrors[jobId]);
  const { loadJob, cancelJob, cleanupJob, retryJob } = useActions();
  const now = useNow();
  const [keep, setKeep] = useState(false);
  const [follow, setFollow] = useState(true);
  /** The action waiting for the job's erased secret values. */
  const [asking, setAsking] = useState<'retry' | 'cleanup' | null>(null);

  // Scrolling the page by hand stops it following the running stage.
  useEffect(() => {
    const stop = (e: Event) => {
      if (e instanceof KeyboardEvent && !['PageUp', 'PageDown', 'ArrowUp', 'ArrowDown', 'Home', 'End', ' '].includes(e.key)) return;
      if ((e.target as Element | null)?.closest?.('.log-box, input, textarea')) return;
      setFollow(false);
    };
    window.addEventListener('wheel', stop, { passive: true });
    window.addEventListener('touchmove', stop, { passive: true });
    window.addEventListener('keydown', stop);
    return () => {
      window.removeEventListener('wheel', stop);
      window.removeEventListener('touchmove', stop);
      window.removeEventListener('keydown', stop);
    };
  }, []);

  useEffect(() => {
    void loadJob(jobId);
  }, [jobId, loadJob]);

  if (!job) return <section className="screen">{error ? <p className="error">Cannot open job {jobId}: {error}</p> : <p className="muted">Loading job {jobId}…</p>}</section>;
  const live = ['queued', 'running', 'needs_resolve', 'blocked'].includes(job.status);
  // The job's pending change is still there (nothing submitted, not cleaned up or being cleaned up).
  const leftover = !live && job.changelist !== null && job.submitted_change === null && job.cleanup !== 'done' && job.cleanup !== 'pending';
  const cancelText = keep
    ? `Cancel job ${jobName(job)}? The running command is killed; its files and change ${job.changelist ?? ''} stay for you.`
    : `Cancel job ${jobName(job)}? The running command is killed, then its opened files are reverted and its shelf and change ${job.changelist ?? ''} deleted.`;
  const retryText = leftover
    ? `Retry job ${jobName(job)}? Change ${job.changelist} is cleaned up first (files reverted, shelf and change deleted); then a new job starts over in a new change.`
    : `Retry job ${jobName(job)} as a new job in a new change?`;
  const cleanupText = `Revert the files of change ${job.changelist}, delete its shelf and the change?`;
  // A job whose secret values were erased asks for them instead of a plain confirmation.
  const ask = (kind: 'retry' | 'cleanup', text: string, run: () => void) => {
    if (job.erased_secrets.length > 0) setAsking(kind);
    else if (confirm(text)) run();
  };
  return (
    <section className="screen job-screen" data-job-id={job.job_id} data-status={job.status}>
      <header className="screen-head">
        <h1><span className="job-number">#{job.number}</span> <span className="job-title">{job.title}</span> <StatusBadge status={job.status} /></h1>
        <div className="row">
          {live && <label className="cancel-keep"><input type="checkbox" checked={keep} onChange={(e) => setKeep(e.target.checked)} /> keep files and change</label>}
          {live && <button type="button" className="danger" disabled={busy} onClick={() => confirm(cancelText) && void cancelJob(job.job_id, keep)}>Cancel job</button>}
          {leftover && <button type="button" className="cleanup-job" disabled={busy} onClick={() => ask('cleanup', cleanupText, () => void cleanupJob(job.job_id))}>Clean up</button>}
          {!live && job.status !== 'done' && <button type="button" className="retry-job" disabled={busy} title={retryText} onClick={() => ask('retry', retryText, () => void retryJob(job.job_id))}>Retry as a new job</button>}
        </div>
        {asking && (
          <SecretsDialog
            names={job.erased_secrets}
            question={asking === 'retry' ? retryText : cleanupText}
            action={asking === 'retry' ? 'Retry as a new job' : 'Clean up'}
            onSubmit={(secrets) => void (asking === 'retry' ? retryJob(job.job_id, secrets) : cleanupJob(job.job_id, secrets))}
            onClose={() => setAsking(null)}
          />
        )}
      </header>
      <dl className="facts">
        <dt>Stage</dt><dd className="mono job-stage">{job.stage}</dd>
        <dt>Job id</dt><dd className="mono small">{job.job_id}</dd>
        <dt>Agent</dt><dd>{job.agent_id ?? job.target.agent_id ?? (job.target.labels.join(', ') || 'any')}</dd>
        <dt>Workspace</dt><dd className="mono">{job.spec.workspace}</dd>
        <dt>Branch spec</dt><dd className="mono">{job.spec.branch_spec}{job.spec.path ? ` ${job.spec.path}` : ''}</dd>
        <dt>Changelist</dt><dd>{job.changelist ?? '—'}{job.submitted_change !== null && job.submitted_change !== job.changelist ? ` (submitted as ${job.submitted_change})` : ''}</dd>
        {job.outcome && <><dt>Outcome</dt><dd className="job-outcome">{job.outcome === 'submitted' ? `change ${job.submitted_change} submitted` : 'nothing to integrate'}</dd></>}
        {job.left_in_perforce && <><dt>Left in Perforce</dt><dd className="job-left">{job.left_in_perforce}</dd></>}
        {job.cleanup && <><dt>Clean-up</dt><dd className="job-cleanup">{job.cleanup}</dd></>}
        <dt>Started</dt><dd><LocalTime iso={job.started_at} /> · {duration(job.started_at, job.ended_at, now)}</dd>
        {job.spec.description && <><dt>Description</dt><dd>{job.spec.description}</dd></>}
        {job.waiting_for && <><dt>Waiting for</dt><dd><TextWithTimes text={job.waiting_for} /></dd></>}
        {job.error && <><dt>Error</dt><dd className="error job-error"><AnsiText text={job.error} /></dd></>}
      </dl>
      {actionError && <p className="error" role="alert">{actionError}</p>}
      {job.status === 'needs_resolve' && (
        <div className="card needs-resolve">
          <h2>Needs resolve</h2>
          <ConflictPanel job={job} />
        </div>
      )}
      {job.spec.one_change_at_a_time && (
        <div className="card chain">
          <h2>One change at a time</h2>
          <ChainPanel job={job} />
        </div>
      )}
      <div className="row stages-head">
        <h2>Stages</h2>
        <span className="spacer" />
        {live && !follow && <button type="button" onClick={() => setFollow(true)}>Follow the running stage</button>}
      </div>
      <StageBar job={job} now={now} />
      <StageTimeline job={job} find={find} at={at} follow={live && follow && !at} />
    </section>
  );
}
