// The one store of the renderer, made of slices; components read it through selectors.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { MasterApi } from '../../preload/api.ts';
import { type AgentsSlice, agentsSlice } from './agents-slice.ts';
import { type BootstrapsSlice, bootstrapsSlice } from './bootstraps-slice.ts';
import { type HistorySlice, historySlice } from './history-slice.ts';
import { type JobDetailSlice, jobDetailSlice } from './job-detail-slice.ts';
import { type JobsSlice, jobsSlice } from './jobs-slice.ts';
import { type SettingsSlice, settingsSlice } from './settings-slice.ts';
import { type UiSlice, uiSlice } from './ui-slice.ts';

export type AppState = JobsSlice & JobDetailSlice & AgentsSlice & BootstrapsSlice & HistorySlice & SettingsSlice & UiSlice;
export type AppStore = StoreApi<AppState>;

export function createAppStore(api: MasterApi): AppStore {
  return createStore<AppState>()((set, get) => ({
    ...jobsSlice(set, get, api),
    ...jobDetailSlice(set, get, api),
    ...agentsSlice(set, get, api),
    ...bootstrapsSlice(set, get, api),
    ...historySlice(set, get, api),
    ...settingsSlice(set, get, api),
    ...uiSlice(set, get, api),
  }));
}
