// Open jobs with their stage runs, and the answers of Continue / Cancel.
import type { ContinueResult, JobDto, ResolveAction } from '../../preload/api.ts';
import { errorText } from '../api/api-call-error.ts';
import type { JobsSlice } from './jobs-slice.ts';
import type { SliceCreator } from './types.ts';
import { navigate } from './ui-slice.ts';

export interface ContinueAnswer extends ContinueResult {
  at: string;
}

export interface JobDetailSlice {
  details: Record<string, JobDto>;
  detailErrors: Record<string, string>;
  continueAnswers: Record<string, ContinueAnswer>;
  actionErrors: Record<string, string>;
  busy: Record<string, boolean>;
  loadJob(jobId: string): Promise<void>;
  continueJob(jobId: string): Promise<void>;
  /** Resolves one conflicting file on the job's agent; the job checks again by itself. */
  resolveConflict(jobId: string, file: string, action: ResolveAction): Promise<void>;
  /** What the last resolve from the app did, per job. */
  resolveAnswers: Record<string, string>;
  /** `keep`: leave the job's opened files and change for the user. */
  cancelJob(jobId: string, keep?: boolean): Promise<void>;
  /** Revert, delete the shelf and the change an ended job left (`secrets`: its erased values, given again). */
  cleanupJob(jobId: string, secrets?: Record<string, string>): Promise<void>;
  /** Starts the job again as a new job and opens it (`secrets`: its erased values, given again). */
  retryJob(jobId: string, secrets?: Record<string, string>): Promise<void>;
}

export const jobDetailSlice: SliceCreator<JobDetailSlice, Pick<JobsSlice, 'upsertJob'>> = (set, get, api) => {
  const patch = <K extends 'details' | 'detailErrors' | 'continueAnswers' | 'resolveAnswers' | 'actionErrors' | 'busy'>(key: K, jobId: string, value: JobDetailSlice[K][string] | undefined) => {
    const next = { ...get()[key] } as Record<string, unknown>;
    if (value === undefined) delete next[jobId];
    else next[jobId] = value;
    set({ [key]: next } as Partial<JobDetailSlice>);
  };
  const action = async (jobId: string, run: () => Promise<void>) => {
    patch('busy', jobId, true);
    patch('actionErrors', jobId, undefined);
    try {
      await run();
    } catch (err) {
      patch('actionErrors', jobId, errorText(err));
    } finally {
      patch('busy', jobId, undefined);
    }
  };
  return {
    details: {},
    detailErrors: {},
    continueAnswers: {},
    resolveAnswers: {},
    actionErrors: {},
    busy: {},
    loadJob: async (jobId) => {
      try {
        const job = await api.jobs.get(jobId);
        patch('details', jobId, job);
        patch('detailErrors', jobId, undefined);
        const { stages: _stages, ...summary } = job;
        get().upsertJob(summary);
      } catch (err) {
        patch('detailErrors', jobId, errorText(err));
      }
    },
    continueJob: (jobId) => action(jobId, async () => {
      const answer = await api.jobs.continue(jobId);
      patch('continueAnswers', jobId, { ...answer, at: new Date().toISOString() });
      await get().loadJob(jobId);
    }),
    resolveConflict: (jobId, file, resolveAction) => action(jobId, async () => {
      const done = await api.jobs.resolveConflict(jobId, { file, action: resolveAction });
      patch('resolveAnswers', jobId, `${done.command}: ${done.output}`);
      await get().loadJob(jobId);
    }),
    cancelJob: (jobId, keep = false) => action(jobId, async () => {
      await api.jobs.cancel(jobId, { keep });
      await get().loadJob(jobId);
    }),
    cleanupJob: (jobId, secrets) => action(jobId, async () => {
      await api.jobs.cleanup(jobId, secrets ? { secrets } : {});
      await get().loadJob(jobId);
    }),
    retryJob: (jobId, secrets) => action(jobId, async () => {
      const { job_id } = await api.jobs.retry(jobId, secrets ? { secrets } : {});
      navigate({ screen: 'job', jobId: job_id });
    }),
  };
};
