// Which job events raise a notification (Settings → Notifications), kept in this browser's
// localStorage. Missing or unreadable storage means the default: every one of them notifies.
import type { JobStatus } from '../../preload/api.ts';

export type NotifyStatus = Extract<JobStatus, 'needs_resolve' | 'blocked' | 'done' | 'error'>;
export type NotifyPrefs = Record<NotifyStatus, boolean>;

export const NOTIFY_STATUSES: readonly { status: NotifyStatus; label: string; hint: string }[] = [
  { status: 'needs_resolve', label: 'NEEDS_RESOLVE', hint: 'a job stopped on conflicts to resolve' },
  { status: 'blocked', label: 'BLOCKED', hint: "a job's agent has been away too long" },
  { status: 'done', label: 'DONE', hint: 'a job finished' },
  { status: 'error', label: 'ERROR', hint: 'a job failed' },
];

export const NOTIFY_STORAGE_KEY = 'p4i.notify-prefs';
const DEFAULTS: NotifyPrefs = { needs_resolve: true, blocked: true, done: true, error: true };

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null; // storage disabled for this origin
  }
}

export function loadNotifyPrefs(): NotifyPrefs {
  try {
    const raw = storage()?.getItem(NOTIFY_STORAGE_KEY);
    const saved = raw ? (JSON.parse(raw) as Partial<Record<string, unknown>>) : {};
    const prefs = { ...DEFAULTS };
    for (const key of Object.keys(DEFAULTS) as NotifyStatus[]) if (typeof saved[key] === 'boolean') prefs[key] = saved[key];
    return prefs;
  } catch {
    return { ...DEFAULTS };
  }
}

export function saveNotifyPrefs(prefs: NotifyPrefs): void {
  try {
    storage()?.setItem(NOTIFY_STORAGE_KEY, JSON.stringify(prefs));
  } catch {
    // full or disabled: the choice holds for this page only
  }
}

/** Whether a job that entered `status` should notify. */
export function wantsNotification(prefs: NotifyPrefs, status: JobStatus): boolean {
  return status in prefs ? prefs[status as NotifyStatus] : false;
}
