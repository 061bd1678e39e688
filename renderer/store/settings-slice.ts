// The master's settings (read-only) and its notification choices (shared by every face).
import type { NotificationChoices, SettingsDto } from '../../preload/api.ts';
import { DEFAULT_NOTIFY_PREFS, type NotifyPrefs, type NotifyStatus } from '../alerts/notify-prefs.ts';
import { errorText } from '../api/api-call-error.ts';
import type { SliceCreator } from './types.ts';

export interface SettingsSlice {
  settings: SettingsDto | null;
  settingsError: string | null;
  loadSettings(): Promise<void>;
  /** Which job events notify, as the master keeps them. */
  notifyPrefs: NotifyPrefs;
  notifyError: string | null;
  loadNotifyPrefs(): Promise<void>;
  setNotifyPref(status: NotifyStatus, on: boolean): Promise<void>;
  /** Another face (or this one) changed the choices. */
  notifyPrefsChanged(prefs: NotificationChoices): void;
}

export const settingsSlice: SliceCreator<SettingsSlice> = (set, get, api) => ({
  settings: null,
  notifyPrefs: DEFAULT_NOTIFY_PREFS,
  notifyError: null,
  loadNotifyPrefs: async () => {
    try {
      set({ notifyPrefs: await api.settings.notifications(), notifyError: null });
    } catch (err) {
      set({ notifyError: errorText(err) });
    }
  },
  setNotifyPref: async (status, on) => {
    const before = get().notifyPrefs;
    set({ notifyPrefs: { ...before, [status]: on } });
    try {
      set({ notifyPrefs: await api.settings.setNotifications({ [status]: on }), notifyError: null });
    } catch (err) {
      set({ notifyPrefs: before, notifyError: errorText(err) });
    }
  },
  notifyPrefsChanged: (notifyPrefs) => set({ notifyPrefs }),
  settingsError: null,
  loadSettings: async () => {
    try {
      set({ settings: await api.settings.get(), settingsError: null });
    } catch (err) {
      set({ settingsError: errorText(err) });
    }
  },
});
