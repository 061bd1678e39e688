// The master's settings, read-only.
import type { SettingsDto } from '../../preload/api.ts';
import { errorText } from '../api/api-call-error.ts';
import type { SliceCreator } from './types.ts';

export interface SettingsSlice {
  settings: SettingsDto | null;
  settingsError: string | null;
  loadSettings(): Promise<void>;
}

export const settingsSlice: SliceCreator<SettingsSlice> = (set, _get, api) => ({
  settings: null,
  settingsError: null,
  loadSettings: async () => {
    try {
      set({ settings: await api.settings.get(), settingsError: null });
    } catch (err) {
      set({ settingsError: errorText(err) });
    }
  },
});
