// The tray icon (its menu lists the jobs that need resolve, by number and title) and desktop
// notifications when a job enters NEEDS_RESOLVE, DONE or ERROR, as the master's notification
// choices say. The icon shows an "attention" badge while a job needs resolve and that choice
// is on; on macOS it is a template image, tinted by the system for the menu bar.
import { app, Menu, nativeImage, Notification, Tray, type NativeImage } from 'electron';
import { join } from 'node:path';
import type { JobDto, MasterApi, MasterEvent, NotificationChoices } from '../../preload/api.ts';

type JobSummary = Omit<JobDto, 'stages'>;
type NotifyStatus = keyof NotificationChoices;

const conflicts = (n: number): string => `${n} conflict${n === 1 ? '' : 's'}`;

const ALERT: Record<NotifyStatus, { status: string; body: (j: JobSummary) => string }> = {
  needs_resolve: { status: 'needs resolve', body: (j) => `${j.title}: ${conflicts(j.conflicts.length)} to resolve in ${j.spec.workspace}` },
  blocked: { status: 'blocked', body: (j) => `${j.title}: ${j.waiting_for ?? 'its agent is away'}` },
  done: { status: 'done', body: (j) => `${j.title}: integrated${j.changelist ? ` (change ${j.changelist})` : ''}` },
  error: { status: 'failed', body: (j) => `${j.title}: ${j.error ?? 'failed'}` },
};

const isAlert = (status: string): status is NotifyStatus => status in ALERT;
const jobRoute = (j: JobSummary): string => `#/jobs/${encodeURIComponent(j.job_id)}`;

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
  private choices: NotificationChoices = { needs_resolve: true, blocked: true, done: true, error: true };

  /** `iconDir`: where build-desktop put the tray icons. */
  constructor(iconDir: string, platform: NodeJS.Platform, actions: TrayActions) {
    // macOS picks the @2x variants itself and treats *Template.png as template images.
    const [idle, alert] = platform === 'darwin' ? ['trayTemplate.png', 'trayAlertTemplate.png'] : ['tray.png', 'tray-alert.png'];
    this.icons = { idle: nativeImage.createFromPath(join(iconDir, idle)), alert: nativeImage.createFromPath(join(iconDir, alert)) };
    this.actions = actions;
    this.tray = new Tray(this.icons.idle);
    this.tray.on('click', () => actions.open());
    this.render();
  }

  /** Current jobs and choices, so a restart does not notify about what happened before it. */
  async seed(api: MasterApi): Promise<void> {
    this.choices = await api.settings.notifications();
    for (const job of await api.jobs.list({ limit: 500 })) this.track(job, false);
    this.render();
  }

  onEvent = (event: MasterEvent): void => {
    if (event.type === 'notifications') this.choices = event.notifications;
    else if (event.type === 'job') this.track(event.job, true);
    else return;
    this.render();
  };

  private track(job: JobSummary, notify: boolean): void {
    const before = this.statuses.get(job.job_id);
    this.statuses.set(job.job_id, job.status);
    if (job.status === 'needs_resolve') this.waiting.set(job.job_id, job);
    else this.waiting.delete(job.job_id);
    if (notify && before !== job.status && isAlert(job.status) && this.choices[job.status] && Notification.isSupported()) {
      const alert = ALERT[job.status];
      const n = new Notification({ title: `Job #${job.number} ${alert.status}`, body: alert.body(job) });
      n.on('click', () => this.actions.open(jobRoute(job)));
      n.show();
    }
  }

  private render(): void {
    const waiting = [...this.waiting.values()].sort((a, b) => a.number - b.number);
    const attention = waiting.length > 0 && this.choices.needs_resolve;
    this.tray.setImage(attention ? this.icons.alert : this.icons.idle);
    // The Dock (macOS) and the launcher (Unity) show the count too; 0 clears it.
    app.setBadgeCount(attention ? waiting.length : 0);
    this.tray.setToolTip(waiting.length ? `P4 Integrator: ${waiting.length} job${waiting.length === 1 ? ' needs' : 's need'} resolve` : 'P4 Integrator');
    this.tray.setContextMenu(Menu.buildFromTemplate([
      { label: 'Open P4 Integrator', click: () => this.actions.open() },
      { type: 'separator' },
      ...(waiting.length
        ? waiting.map((j) => ({ label: `Resolve #${j.number} ${j.title} (${conflicts(j.conflicts.length)})`, click: () => this.actions.open(jobRoute(j)) }))
        : [{ label: 'No job needs resolve', enabled: false }]),
      { type: 'separator' },
      { label: 'Quit (stops the master)', click: () => this.actions.quit() },
    ]));
  }
}
