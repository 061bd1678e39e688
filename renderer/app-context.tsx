// The store and the MasterApi for components; components read state only through selectors.
import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { MasterApi, StreamName } from '../preload/api.ts';
import type { AppState, AppStore } from './store/app-store.ts';

interface AppContext {
  store: AppStore;
  api: MasterApi;
  /** Where a browser downloads a stream's raw output; absent in the desktop window. */
  downloadUrl?: (cmdId: string, stream: StreamName) => string;
}

export const Context = createContext<AppContext | null>(null);

function useAppContext(): AppContext {
  const ctx = useContext(Context);
  if (!ctx) throw new Error('component used outside <Context.Provider>');
  return ctx;
}

export function useApp<T>(selector: (state: AppState) => T): T {
  return useStore(useAppContext().store, selector);
}

export function useActions(): AppState {
  return useAppContext().store.getState();
}

export function useApi(): MasterApi {
  return useAppContext().api;
}

export function useDownloadUrl(): AppContext['downloadUrl'] {
  return useAppContext().downloadUrl;
}
