// Which job events raise a notification (Settings → Notifications). The master keeps the
// choices, so the desktop tray and every browser follow the same ones.
import type { JobStatus, NotificationChoices } from '../../preload/api.ts';

export type NotifyStatus = keyof NotificationChoices;
export type NotifyPrefs = NotificationChoices;

export const NOTIFY_STATUSES: readonly { status: NotifyStatus; label: string; hint: string }[] = [
  { status: 'needs_resolve', label: 'NEEDS_RESOLVE', hint: 'a job stopped on conflicts to resolve' },
  { status: 'blocked', label: 'BLOCKED', hint: "a job's agent has been away too long" },
  { status: 'done', label: 'DONE', hint: 'a job finished' },
  { status: 'error', label: 'ERROR', hint: 'a job failed' },
];

/** Until the master's choices are read: notify (the master's own default). */
export const DEFAULT_NOTIFY_PREFS: NotifyPrefs = { needs_resolve: true, blocked: true, done: true, error: true };

/** Whether a job that entered `status` should notify. */
export function wantsNotification(prefs: NotifyPrefs, status: JobStatus): boolean {
  return status in prefs ? prefs[status as NotifyStatus] : false;
}
