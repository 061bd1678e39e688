// window.api (the Electron preload) as the renderer uses it: IPC errors arrive as messages like
// "Error invoking remote method 'api:jobs.create': Error: [400] spec.workspace: …", so they are
// turned back into ApiCallErrors that forms can place next to their field.
import type { ClientApi } from '../../preload/api.ts';
import { ApiCallError } from './api-call-error.ts';

export function desktopApi(raw: ClientApi): ClientApi {
  const wrap = (node: Record<string, unknown>): Record<string, unknown> => Object.fromEntries(Object.entries(node).map(([key, value]) => {
    if (key === 'onEvent' || key === 'watchOutput') return [key, value];
    if (typeof value === 'function') return [key, (...args: unknown[]) => (value as (...a: unknown[]) => Promise<unknown>)(...args).catch((err: unknown) => { throw decodeError(err); })];
    return [key, wrap(value as Record<string, unknown>)];
  }));
  return wrap(raw as unknown as Record<string, unknown>) as unknown as ClientApi;
}

function decodeError(err: unknown): Error {
  const message = err instanceof Error ? err.message : String(err);
  const m = /\[(\d{3})\] (.*)$/s.exec(message);
  return m ? new ApiCallError(Number(m[1]), m[2]!) : new Error(message);
}
