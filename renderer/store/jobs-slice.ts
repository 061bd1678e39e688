// The live job list: loaded once, then kept current by job events.
import type { IntegrationPreviewDto, JobDto, JobStatus, NewJob } from '../../preload/api.ts';
import { errorText } from '../api/api-call-error.ts';
import type { SliceCreator } from './types.ts';

export type JobSummary = Omit<JobDto, 'stages'>;

export interface JobFilter {
  status: JobStatus | '';
  text: string;
}

export interface JobsSlice {
  jobs: Record<string, JobSummary>;
  jobsLoaded: boolean;
  jobsError: string | null;
  jobFilter: JobFilter;
  loadJobs(): Promise<void>;
  upsertJob(job: JobSummary): void;
  setJobFilter(patch: Partial<JobFilter>): void;
  /** Resolves with the new job id; rejects with the master's ApiCallError. */
  createJob(input: NewJob): Promise<string>;
  /** What the job would integrate, read-only, on its agent. */
  previewJob(input: NewJob): Promise<IntegrationPreviewDto>;
}

const LIST_LIMIT = 200;

export const jobsSlice: SliceCreator<JobsSlice> = (set, get, api) => ({
  jobs: {},
  jobsLoaded: false,
  jobsError: null,
  jobFilter: { status: '', text: '' },
  loadJobs: async () => {
    try {
      const list = await api.jobs.list({ limit: LIST_LIMIT });
      set({ jobs: Object.fromEntries(list.map((j) => [j.job_id, j])), jobsLoaded: true, jobsError: null });
    } catch (err) {
      set({ jobsError: errorText(err) });
    }
  },
  upsertJob: (job) => set({ jobs: { ...get().jobs, [job.job_id]: job } }),
  setJobFilter: (patch) => set({ jobFilter: { ...get().jobFilter, ...patch } }),
  createJob: async (input) => {
    const { job_id } = await api.jobs.create(input);
    return job_id;
  },
  previewJob: (input) => api.jobs.preview(input),
});

export function filterJobs(jobs: Record<string, JobSummary>, filter: JobFilter): JobSummary[] {
  const needle = filter.text.trim().toLowerCase();
  return Object.values(jobs)
    .filter((j) => !filter.status || j.status === filter.status)
    .filter((j) => !needle || [j.job_id, `#${j.number}`, j.title, j.agent_id ?? '', j.spec.workspace, j.spec.branch_spec, j.spec.description ?? '', j.stage, j.changelist === null ? '' : String(j.changelist)].some((v) => v.toLowerCase().includes(needle)))
    .sort((a, b) => b.created_at.localeCompare(a.created_at));
}

export const selectNeedsResolve = (s: Pick<JobsSlice, 'jobs'>): number => Object.values(s.jobs).filter((j) => j.status === 'needs_resolve').length;
