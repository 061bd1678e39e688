// The MasterApi over IPC. Every handler is registered through handle(), which refuses any
// sender but the app's own window showing the app's own page, and turns errors into
// "[status] message" (only messages cross IPC).
import { ipcMain, type IpcMainInvokeEvent } from 'electron';
import type { MasterApi } from '../../preload/api.ts';
import { API_METHODS, encodeError, methodChannel, methodOf, WATCH_CHANNEL } from '../../preload/channels.ts';
import type { OutputWatch } from '../api/output-watch.ts';
import { ApiError } from '../base/errors.ts';
import type { Logger } from '../observe/log.ts';

export type SenderCheck = (event: IpcMainInvokeEvent) => boolean;

/** `watch`: the window's output subscriptions, changed by its calls on WATCH_CHANNEL. */
export function registerApi(api: MasterApi, trusted: SenderCheck, log: Logger, watch: OutputWatch): () => void {
  const handle = (channel: string, fn: (...args: unknown[]) => Promise<unknown>) => {
    ipcMain.handle(channel, async (event, ...args: unknown[]) => {
      if (!trusted(event)) {
        log.warn({ channel, url: event.senderFrame?.url }, 'IPC call from an untrusted sender refused');
        throw new Error(encodeError(403, 'untrusted sender'));
      }
      try {
        return await fn(...args);
      } catch (err) {
        if (err instanceof ApiError) throw new Error(encodeError(err.status, err.message));
        log.error({ err, channel }, 'IPC call failed');
        throw new Error(encodeError(500, 'internal error; see the master log'));
      }
    });
  };
  for (const method of API_METHODS) handle(methodChannel(method), methodOf(api, method));
  handle(WATCH_CHANNEL, async (message) => void watch.apply(message));
  return () => {
    for (const method of API_METHODS) ipcMain.removeHandler(methodChannel(method));
    ipcMain.removeHandler(WATCH_CHANNEL);
  };
}

