// The job table of the Jobs and History screens; a row opens the job.
import { conflictSummary } from '../../preload/conflict-summary.ts';
import type { JobSummary } from '../store/jobs-slice.ts';
import { navigate } from '../store/ui-slice.ts';
import { duration } from '../format.ts';
import { stripAnsi } from '../log/ansi.ts';
import { useNow } from '../use-now.ts';
import { LocalTime } from './local-time.tsx';
import { TextWithTimes } from './rich-text.tsx';
import { StatusBadge } from './status-badge.tsx';

interface Props {
  jobs: JobSummary[];
  empty: string;
  /** Opens the job with this text pre-filled in its panes' find box. */
  find?: string;
}

/** Who holds the job up: lock holders, and the authors of the changes that conflict. */
export function blockers(job: JobSummary): string[] {
  const who = job.conflicts.map((c) => (c.locked_by ? `${c.locked_by} (lock)` : c.source ? `${c.source.user} (change ${c.source.change})` : null));
  return [...new Set(who.filter((w): w is string => w !== null))];
}

function Blockers({ job }: { job: JobSummary }) {
  const who = blockers(job);
  if (who.length === 0) return null;
  return <div className="warn small ellipsis blockers" title={who.join('\n')}>Blocked by {who.join(', ')}</div>;
}

export function JobsTable({ jobs, empty, find }: Props) {
  const now = useNow();
  if (jobs.length === 0) return <p className="empty">{empty}</p>;
  return (
    <table className="table jobs-table">
      <thead>
        <tr>
          <th className="num">#</th><th>Job</th><th>Status</th><th>Stage</th><th>Agent</th><th className="num">Change</th><th>Started</th><th>Duration</th>
        </tr>
      </thead>
      <tbody>
        {jobs.map((j) => (
          <tr key={j.job_id} className="row-link" data-job-id={j.job_id} onClick={() => navigate(find ? { screen: 'job', jobId: j.job_id, find } : { screen: 'job', jobId: j.job_id })}>
            <td className="num job-number">#{j.number}</td>
            <td className="job-title">
              <a href={`#/jobs/${encodeURIComponent(j.job_id)}`} onClick={(e) => e.preventDefault()} title={j.job_id}>{j.title}</a>
              {j.title !== j.spec.branch_spec && <div className="muted small mono ellipsis">{j.spec.branch_spec}{j.spec.path ? ` → ${j.spec.path}` : ''}</div>}
              {j.status === 'error' && j.error && <div className="error small ellipsis" title={stripAnsi(j.error)}>{stripAnsi(j.error)}</div>}
              <Blockers job={j} />
            </td>
            <td><StatusBadge status={j.status} /></td>
            <td className="mono">
              {j.stage}
              {j.waiting_for ? <div className="muted small waiting"><TextWithTimes text={j.waiting_for} /></div> : null}
              {j.conflicts.length > 0 ? <div className="muted small blocked-by">{conflictSummary(j.conflicts)}</div> : null}
            </td>
            <td>{j.agent_id ?? j.target.agent_id ?? (j.target.labels.join(', ') || 'any')}</td>
            <td className="num mono">{j.changelist ?? '—'}</td>
            <td className="nowrap"><LocalTime iso={j.started_at ?? j.created_at} /></td>
            <td className="nowrap">{duration(j.started_at, j.ended_at, now)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
