// The job table of the Jobs and History screens; a row opens the job.
import { conflictSummary } from '../../preload/conflict-summary.ts';
import type { JobSummary } from '../store/jobs-slice.ts';
import { navigate } from '../store/ui-slice.ts';
import { clock, duration } from '../format.ts';
import { useNow } from '../use-now.ts';
import { StatusBadge } from './status-badge.tsx';

interface Props {
  jobs: JobSummary[];
  empty: string;
  /** Opens the job with this text pre-filled in its panes' find box. */
  find?: string;
}

export function JobsTable({ jobs, empty, find }: Props) {
  const now = useNow();
  if (jobs.length === 0) return <p className="empty">{empty}</p>;
  return (
    <table className="table jobs-table">
      <thead>
        <tr>
          <th>Job</th><th>Status</th><th>Stage</th><th>Agent</th><th>Workspace</th><th>Branch</th><th>Started</th><th>Duration</th>
        </tr>
      </thead>
      <tbody>
        {jobs.map((j) => (
          <tr key={j.job_id} className="row-link" data-job-id={j.job_id} onClick={() => navigate(find ? { screen: 'job', jobId: j.job_id, find } : { screen: 'job', jobId: j.job_id })}>
            <td className="mono"><a href={`#/jobs/${encodeURIComponent(j.job_id)}`} onClick={(e) => e.preventDefault()}>{j.job_id}</a></td>
            <td><StatusBadge status={j.status} /></td>
            <td className="mono">
              {j.stage}
              {j.waiting_for ? <div className="muted small">{j.waiting_for}</div> : null}
              {j.conflicts.length > 0 ? <div className="muted small blocked-by">{conflictSummary(j.conflicts)}</div> : null}
            </td>
            <td>{j.agent_id ?? j.target.agent_id ?? (j.target.labels.join(', ') || 'any')}</td>
            <td className="mono ellipsis" title={j.spec.workspace}>{j.spec.workspace}</td>
            <td className="mono">{j.spec.branch_spec}</td>
            <td>{clock(j.started_at ?? j.created_at)}</td>
            <td>{duration(j.started_at, j.ended_at, now)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
