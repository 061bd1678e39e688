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
  'jobs.list': true,
  'jobs.get': true,
  'jobs.logs': true,
  'jobs.continue': true,
  'jobs.cancel': true,
  'jobs.retry': true,
  'settings.get': true,
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
export const methodChannel = (method: ApiMethod): string => `api:${method}`;
export const EVENT_CHANNEL = 'api:event';
/** Main → window: show this route (a tray or notification click). */
export const NAVIGATE_CHANNEL = 'app:navigate';
/** Errors cross IPC as messages only, so the status travels in front: "[400] spec.workspace: …". */
export const encodeError = (status: number, message: string): string => `[${status}] ${message}`;
