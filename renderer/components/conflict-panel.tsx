// A job in NEEDS_RESOLVE: what conflicts, how to resolve each in a terminal, Continue (checks
// now) with its answer, and when the watcher last checked by itself.
import type { JobDto } from '../../preload/api.ts';
import { useActions, useApp } from '../app-context.tsx';
import { ago, clock, shellWord } from '../format.ts';
import { useNow } from '../use-now.ts';
import type { JobSummary } from '../store/jobs-slice.ts';

const REASON: Record<string, string> = {
  conflict: 'content conflict',
  binary: 'binary file',
  'non-content': 'non-content (type, move or delete)',
};

export function resolveCommand(file: string): string {
  return `p4 resolve ${shellWord(file)}`;
}

export function ConflictPanel({ job }: { job: JobSummary | JobDto }) {
  const answer = useApp((s) => s.continueAnswers[job.job_id]);
  const busy = useApp((s) => Boolean(s.busy[job.job_id]));
  const error = useApp((s) => s.actionErrors[job.job_id]);
  const { continueJob } = useActions();
  const now = useNow();
  return (
    <div className="conflicts" data-job-id={job.job_id}>
      <p>
        {job.conflicts.length} file{job.conflicts.length === 1 ? '' : 's'} to resolve by hand in <code>{job.spec.workspace}</code> on{' '}
        <b>{job.agent_id}</b>. The job goes on by itself once they are resolved.
      </p>
      <table className="table">
        <thead><tr><th>File</th><th>Reason</th><th>Resolve it in a terminal</th></tr></thead>
        <tbody>
          {job.conflicts.map((c) => (
            <tr key={c.file} className="conflict-row">
              <td className="mono">{c.file}</td>
              <td>{REASON[c.reason] ?? c.reason}</td>
              <td><code className="copyable">{`cd ${shellWord(job.spec.workspace)} && ${resolveCommand(c.file)}`}</code></td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="row">
        <button type="button" className="primary" disabled={busy} onClick={() => void continueJob(job.job_id)}>{busy ? 'Checking…' : 'Continue'}</button>
        <span className="muted last-check">Last check: {job.last_check_at ? `${clock(job.last_check_at)} (${ago(job.last_check_at, now)})` : 'not yet'}</span>
      </div>
      {error && <p className="error" role="alert">{error}</p>}
      {answer && (
        <div className="continue-answer" role="status">
          {answer.conflicts_resolved
            ? 'All conflicts are resolved: the job goes on.'
            : `Not yet: ${answer.remaining_conflicts} conflict${answer.remaining_conflicts === 1 ? '' : 's'} remaining (checked ${clock(answer.at)}).`}
          {answer.conflict_files.length > 0 && (
            <ul>{answer.conflict_files.map((c) => <li key={c.file} className="mono">{c.file} — {REASON[c.reason] ?? c.reason}</li>)}</ul>
          )}
        </div>
      )}
    </div>
  );
}
