// The browser face's call-backs: a Notification when a job needs resolve, is done or failed,
// and the page title counting jobs that need resolve. (The desktop app notifies from the main
// process and its tray instead.) The master's notification choices say which of these notify.
import { conflictSummary } from '../../preload/conflict-summary.ts';
import type { JobSummary } from '../store/jobs-slice.ts';
import { wantsNotification, type NotifyPrefs } from './notify-prefs.ts';
import { selectNeedsResolve } from '../store/jobs-slice.ts';
import type { AppStore } from '../store/app-store.ts';
import { stripAnsi } from '../log/ansi.ts';
import { navigate } from '../store/ui-slice.ts';

const BASE_TITLE = 'P4 Integrator';

const TEXT: Record<string, (j: JobSummary) => string> = {
  needs_resolve: (j) => `${conflictSummary(j.conflicts)}, in ${j.spec.workspace}`,
  blocked: (j) => j.waiting_for ?? 'its agent is away',
  done: (j) => (j.outcome === 'nothing_to_integrate' ? `${j.spec.branch_spec}: nothing to integrate` : `${j.spec.branch_spec} integrated${j.submitted_change ? ` (change ${j.submitted_change})` : ''}`),
  error: (j) => j.error ?? 'failed',
};

export function notifyJob(job: JobSummary, prefs: NotifyPrefs): void {
  if (!wantsNotification(prefs, job.status)) return;
  if (typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
  const status = job.status === 'needs_resolve' ? 'needs resolve' : job.status;
  const n = new Notification(`Job #${job.number} ${status}`, { body: `${job.title}\n${stripAnsi(TEXT[job.status]?.(job) ?? '')}`, tag: `${job.job_id}:${job.status}` });
  n.onclick = () => {
    window.focus();
    navigate({ screen: 'job', jobId: job.job_id });
  };
}

/**
 * Keeps document.title showing how many jobs wait for the user and, while the tab is in the
 * background, the latest job that ended or stopped; `announce` is called for each such job.
 */
export function trackTitle(store: AppStore): { announce(job: JobSummary): void; dispose(): void } {
  let latest: string | null = null;
  const update = () => {
    const n = selectNeedsResolve(store.getState());
    const parts = [latest, n > 0 ? `(${n}) needs resolve` : null, BASE_TITLE].filter(Boolean);
    document.title = parts.join(' · ');
  };
  const visible = () => {
    if (document.visibilityState === 'visible') {
      latest = null;
      update();
    }
  };
  document.addEventListener('visibilitychange', visible);
  const unsubscribe = store.subscribe(update);
  update();
  return {
    announce: (job) => {
      if (document.visibilityState === 'visible') return;
      latest = `#${job.number} ${job.status === 'needs_resolve' ? 'needs resolve' : job.status}`;
      update();
    },
    dispose: () => {
      unsubscribe();
      document.removeEventListener('visibilitychange', visible);
    },
  };
}
