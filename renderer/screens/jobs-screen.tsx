// Jobs: the live list with filters, and the New Job dialog.
import { useMemo } from 'react';
import type { JobStatus } from '../../preload/api.ts';
import { useActions, useApp } from '../app-context.tsx';
import { JobsTable } from '../components/jobs-table.tsx';
import { STATUS_LABEL } from '../format.ts';
import { filterJobs } from '../store/jobs-slice.ts';
import { NewJobDialog } from './new-job-dialog.tsx';

export function JobsScreen() {
  const jobs = useApp((s) => s.jobs);
  const filter = useApp((s) => s.jobFilter);
  const loaded = useApp((s) => s.jobsLoaded);
  const error = useApp((s) => s.jobsError);
  const open = useApp((s) => s.newJobOpen);
  const { setJobFilter, setNewJobOpen } = useActions();
  const visible = useMemo(() => filterJobs(jobs, filter), [jobs, filter]);
  return (
    <section className="screen" aria-labelledby="jobs-title">
      <header className="screen-head">
        <h1 id="jobs-title">Jobs</h1>
        <div className="filters">
          <select aria-label="Status filter" value={filter.status} onChange={(e) => setJobFilter({ status: e.target.value as JobStatus | '' })}>
            <option value="">All statuses</option>
            {Object.entries(STATUS_LABEL).map(([v, label]) => <option key={v} value={v}>{label}</option>)}
          </select>
          <input type="search" aria-label="Filter jobs" placeholder="Filter: #number, title, change, agent, workspace…" value={filter.text} onChange={(e) => setJobFilter({ text: e.target.value })} />
          <button type="button" className="primary" onClick={() => setNewJobOpen(true)}>New job</button>
        </div>
      </header>
      {error && <p className="error">Cannot load jobs: {error}</p>}
      {loaded && <JobsTable jobs={visible} empty={Object.keys(jobs).length ? 'No job matches the filter.' : 'No jobs yet. Start one with "New job".'} />}
      {open && <NewJobDialog onClose={() => setNewJobOpen(false)} />}
    </section>
  );
}
