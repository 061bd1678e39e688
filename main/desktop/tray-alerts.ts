// The tray icon (its menu lists the jobs that need resolve; its icon and tooltip say when any
// does) and desktop notifications when a job enters NEEDS_RESOLVE, DONE or ERROR.
import { Menu, nativeImage, Notification, Tray, type NativeImage } from 'electron';
import type { JobDto, MasterApi, MasterEvent } from '../../preload/api.ts';

type JobSummary = Omit<JobDto, 'stages'>;

const ALERT: Partial<Record<JobSummary['status'], (j: JobSummary) => string>> = {
  needs_resolve: (j) => `${j.conflicts.length} conflict(s) to resolve in ${j.spec.workspace}`,
  done: (j) => `${j.spec.branch_spec} integrated${j.changelist ? ` (change ${j.changelist})` : ''}`,
  error: (j) => j.error ?? 'failed',
};

export interface TrayActions {
  open(hash?: string): void;
  quit(): void;
}

export class TrayAlerts {
  private readonly tray: Tray;
  private readonly icons: { idle: NativeImage; alert: NativeImage };
  private readonly statuses = new Map<string, JobSummary['status']>();
  private readonly waiting = new Map<string, JobSummary>();
  private readonly actions: TrayActions;

  constructor(icons: { idle: string; alert: string }, actions: TrayActions) {
    this.icons = { idle: nativeImage.createFromPath(icons.idle), alert: nativeImage.createFromPath(icons.alert) };
    this.actions = actions;
    this.tray = new Tray(this.icons.idle);
    this.tray.on('click', () => actions.open());
    this.render();
  }

  /** Current jobs, so a restart does not notify about what happened before it. */
  async seed(api: MasterApi): Promise<void> {
    for (const job of await api.jobs.list({ limit: 500 })) this.track(job, false);
    this.render();
  }

  onEvent = (event: MasterEvent): void => {
    if (event.type !== 'job') return;
    this.track(event.job, true);
    this.render();
  };

  private track(job: JobSummary, notify: boolean): void {
    const before = this.statuses.get(job.job_id);
    this.statuses.set(job.job_id, job.status);
    if (job.status === 'needs_resolve') this.waiting.set(job.job_id, job);
    else this.waiting.delete(job.job_id);
    const text = ALERT[job.status];
    if (notify && before !== job.status && text && Notification.isSupported()) {
      const n = new Notification({ title: `Job ${job.job_id} ${job.status === 'needs_resolve' ? 'needs resolve' : job.status}`, body: text(job) });
      n.on('click', () => this.actions.open(`#/jobs/${encodeURIComponent(job.job_id)}`));
      n.show();
    }
  }

  private render(): void {
    const waiting = [...this.waiting.values()];
    this.tray.setImage(waiting.length ? this.icons.alert : this.icons.idle);
    this.tray.setToolTip(waiting.length ? `P4 Integrator: ${waiting.length} job(s) need resolve` : 'P4 Integrator');
    this.tray.setContextMenu(Menu.buildFromTemplate([
      { label: 'Open P4 Integrator', click: () => this.actions.open() },
      { type: 'separator' },
      ...(waiting.length
        ? waiting.map((j) => ({ label: `Resolve ${j.job_id} (${j.spec.branch_spec}, ${j.conflicts.length} conflicts)`, click: () => this.actions.open(`#/jobs/${encodeURIComponent(j.job_id)}`) }))
        : [{ label: 'No job needs resolve', enabled: false }]),
      { type: 'separator' },
      { label: 'Quit (stops the master)', click: () => this.actions.quit() },
    ]));
  }
}
