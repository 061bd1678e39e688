// The desktop window's preload (sandboxed): exposes window.api, one function per MasterApi
// method over ipcRenderer.invoke, and events as subscribe() → unsubscribe. The IPC event object
// never reaches the page: listeners get the payload only.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { ClientApi, MasterEvent } from './api.ts';
import { apiOf, EVENT_CHANNEL, methodChannel, NAVIGATE_CHANNEL, WATCH_CHANNEL } from './channels.ts';
import { WatchCounts } from './watch-counts.ts';

// A lost subscription call costs only live chunks; the page reads any gap from the store.
const watching = new WatchCounts((message) => void ipcRenderer.invoke(WATCH_CHANNEL, message).catch(() => undefined));

const api: ClientApi = {
  ...apiOf((method, args) => ipcRenderer.invoke(methodChannel(method), ...args)),
  onEvent: (listener: (event: MasterEvent) => void) => {
    const forward = (_event: IpcRendererEvent, payload: MasterEvent) => listener(payload);
    ipcRenderer.on(EVENT_CHANNEL, forward);
    return () => void ipcRenderer.off(EVENT_CHANNEL, forward);
  },
  watchOutput: (cmdId: string) => watching.watch(cmdId),
};
contextBridge.exposeInMainWorld('api', api);

// Tray and notification clicks open a screen by its hash route.
ipcRenderer.on(NAVIGATE_CHANNEL, (_event: IpcRendererEvent, hash: unknown) => {
  if (typeof hash === 'string' && hash.startsWith('#/')) (globalThis as unknown as { location: { hash: string } }).location.hash = hash;
});
