// The IPC channels of the desktop app: one per MasterApi method ("api:jobs.list"), plus the
// event channel. Shared by the preload and main/desktop so both sides name them the same way;
// the `satisfies` makes the compiler list every MasterApi method here.
import type { MasterApi } from './api.ts';

type MethodPaths<T, Prefix extends string = ''> = {
  [K in keyof T & string]: T[K] extends (...args: never[]) => unknown ? `${Prefix}${K}` : MethodPaths<T[K], `${Prefix}${K}.`>;
}[keyof T & string];

/** "health", "jobs.list", ...: every MasterApi method but onEvent (events have their channel). */
export type ApiMethod = Exclude<MethodPaths<MasterApi>, 'onEvent'>;

const METHODS = {
  health: true,
  'agents.list': true,
  'agents.accept': true,
  'agents.reject': true,
  'commands.create': true,
  'commands.get': true,
  'commands.output': true,
  'commands.search': true,
  'commands.lineOffset': true,
  'commands.list': true,
  'commands.kill': true,
  'jobs.create': true,
  'jobs.preview': true,
  'jobs.list': true,
  'jobs.get': true,
  'jobs.logs': true,
  'jobs.continue': true,
  'jobs.resolveConflict': true,
  'jobs.cancel': true,
  'jobs.retry': true,
  'jobs.cleanup': true,
  'settings.get': true,
  'settings.notifications': true,
  'settings.setNotifications': true,
  'bootstraps.start': true,
  'bootstraps.get': true,
  'bootstraps.list': true,
  'bootstraps.hosts': true,
  'bootstraps.answer': true,
  'bootstraps.approveHostKey': true,
  'bootstraps.cancel': true,
  'bootstraps.stopAgent': true,
  'bootstraps.restartAgent': true,
  'audit.list': true,
} as const satisfies Record<ApiMethod, true>;

export const API_METHODS = Object.keys(METHODS) as ApiMethod[];

/** The MasterApi function behind a method name, bound to its owner ("jobs.list" → api.jobs.list). */
export function methodOf(api: MasterApi, method: ApiMethod): (...args: unknown[]) => Promise<unknown> {
  const path = method.split('.');
  const owner = path.slice(0, -1).reduce<Record<string, unknown>>((node, part) => node[part] as Record<string, unknown>, api as unknown as Record<string, unknown>);
  const fn = owner[path.at(-1)!] as (...args: unknown[]) => Promise<unknown>;
  return (...args) => fn.apply(owner, args);
}

/** Builds an object shaped like MasterApi (without onEvent) with `call(method, args)` behind each method. */
export function apiOf(call: (method: ApiMethod, args: unknown[]) => Promise<unknown>): Omit<MasterApi, 'onEvent'> {
  const api: Record<string, unknown> = {};
  for (const method of API_METHODS) {
    const path = method.split('.');
    let node = api;
    for (const part of path.slice(0, -1)) node = (node[part] ??= {}) as Record<string, unknown>;
    node[path.at(-1)!] = (...args: unknown[]) => call(method, args);
  }
  return api as unknown as Omit<MasterApi, 'onEvent'>;
}
export const methodChannel = (method: ApiMethod): string => `api:${method}`;
export const EVENT_CHANNEL = 'api:event';
/** Window → main: an OutputSubscription (which commands' output the window shows). */
export const WATCH_CHANNEL = 'api:watch';
/** Main → window: show this route (a tray or notification click). */
export const NAVIGATE_CHANNEL = 'app:navigate';
/** Errors cross IPC as messages only, so the status travels in front: "[400] spec.workspace: …". */
export const encodeError = (status: number, message: string): string => `[${status}] ${message}`;
