// The master's settings (read-only) and this browser's notification preferences.
import type { SettingsDto } from '../../preload/api.ts';
import { loadNotifyPrefs, saveNotifyPrefs, type NotifyPrefs, type NotifyStatus } from '../alerts/notify-prefs.ts';
import { errorText } from '../api/api-call-error.ts';
import type { SliceCreator } from './types.ts';

export interface SettingsSlice {
  settings: SettingsDto | null;
  settingsError: string | null;
  loadSettings(): Promise<void>;
  /** Which job events notify (stored in localStorage). */
  notifyPrefs: NotifyPrefs;
  setNotifyPref(status: NotifyStatus, on: boolean): void;
}

export const settingsSlice: SliceCreator<SettingsSlice> = (set, get, api) => ({
  settings: null,
  notifyPrefs: loadNotifyPrefs(),
  setNotifyPref: (status, on) => {
    const notifyPrefs = { ...get().notifyPrefs, [status]: on };
    saveNotifyPrefs(notifyPrefs);
    set({ notifyPrefs });
  },
  settingsError: null,
  loadSettings: async () => {
    try {
      set({ settings: await api.settings.get(), settingsError: null });
    } catch (err) {
      set({ settingsError: errorText(err) });
    }
  },
});
