// Keeps the store current from the master's events. Open jobs are re-read (coalesced: one
// read in flight per job, one more if events came meanwhile) when they or their commands change.
import type { JobStatus, MasterApi } from '../../preload/api.ts';
import type { JobSummary } from './jobs-slice.ts';
import type { AppStore } from './app-store.ts';

/** Statuses that call the user back (notification, page title). */
export const ALERT_STATUSES: readonly JobStatus[] = ['needs_resolve', 'blocked', 'done', 'error'];

export interface LiveOptions {
  /** A job entered an alert status while the page was watching. */
  onAlert?: (job: JobSummary) => void;
}

export function connectLive(store: AppStore, api: MasterApi, opts: LiveOptions = {}): () => void {
  const reading = new Map<string, boolean>();
  const refresh = (jobId: string): void => {
    if (reading.has(jobId)) {
      reading.set(jobId, true);
      return;
    }
    reading.set(jobId, false);
    void store.getState().loadJob(jobId).finally(() => {
      const again = reading.get(jobId);
      reading.delete(jobId);
      if (again) refresh(jobId);
    });
  };
  return api.onEvent((event) => {
    const state = store.getState();
    switch (event.type) {
      case 'job': {
        const before = state.jobs[event.job.job_id]?.status;
        state.upsertJob(event.job);
        if (before !== event.job.status && ALERT_STATUSES.includes(event.job.status) && state.jobsLoaded) opts.onAlert?.(event.job);
        if (state.details[event.job.job_id]) refresh(event.job.job_id);
        break;
      }
      case 'agent':
        state.upsertAgent(event.agent);
        break;
      case 'command': {
        const owner = Object.values(state.details).find((j) => j.stages.some((s) => s.cmd_id === event.command.cmd_id));
        if (owner) refresh(owner.job_id);
        break;
      }
      case 'output':
        break; // panes read output themselves; it never goes through the store
      case 'bootstrap':
        state.upsertBootstrap(event.bootstrap);
        break;
      case 'store':
        state.setStoreHealth(event.store);
        break;
      case 'notifications':
        state.notifyPrefsChanged(event.notifications);
        break;
      case 'job_alert':
        break; // the job's own event (status blocked) raises the alert
    }
  });
}

/** Everything visible again after a reconnect (events were missed while the link was down). */
export function reloadAll(store: AppStore): void {
  const s = store.getState();
  void s.loadJobs();
  void s.loadAgents();
  void s.loadBootstraps();
  void s.loadNotifyPrefs();
  for (const jobId of Object.keys(s.details)) void s.loadJob(jobId);
}
