// The one store of the renderer, made of slices; components read it through selectors.
import { createStore } from 'zustand/vanilla';
import type { MasterApi } from '../../preload/api.ts';
import { agentsSlice } from './agents-slice.ts';
import { bootstrapsSlice } from './bootstraps-slice.ts';
import { historySlice } from './history-slice.ts';
import { jobDetailSlice } from './job-detail-slice.ts';
import { jobsSlice } from './jobs-slice.ts';
import { settingsSlice } from './settings-slice.ts';
import type { AppState, AppStore } from './types.ts';
import { uiSlice } from './ui-slice.ts';

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
