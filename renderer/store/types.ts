// Shapes shared by the store slices.
import type { StoreApi } from 'zustand/vanilla';
import type { MasterApi } from '../../preload/api.ts';
import type { AgentsSlice } from './agents-slice.ts';
import type { BootstrapsSlice } from './bootstraps-slice.ts';
import type { HistorySlice } from './history-slice.ts';
import type { JobDetailSlice } from './job-detail-slice.ts';
import type { JobsSlice } from './jobs-slice.ts';
import type { SettingsSlice } from './settings-slice.ts';
import type { UiSlice } from './ui-slice.ts';

export type AppState = JobsSlice & JobDetailSlice & AgentsSlice & BootstrapsSlice & HistorySlice & SettingsSlice & UiSlice;
export type AppStore = StoreApi<AppState>;
export type SliceCreator<T> = (set: AppStore['setState'], get: AppStore['getState'], api: MasterApi) => T;
