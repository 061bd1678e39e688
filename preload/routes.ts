// The REST face of the MasterApi: one route per method. The HTTP server
// (main/api/http-server.ts) and the browser client (renderer/api/browser-api.ts) are both built
// from this table, and its type makes the compiler list every MasterApi method here.
// Dependency-free (type imports only), so the renderer may import it.
import type { ApiMethod } from './channels.ts';

/** One argument after the path's: a query parameter (GET) or a field of the JSON body (POST). */
export interface RouteArg {
  name: string;
  /** Query values arrive as text; these become numbers. */
  number?: boolean;
  /** What the server passes when the parameter is absent. */
  default?: string | number;
}

export interface Route {
  method: 'GET' | 'POST';
  /** Each ":name" segment takes one of the method's leading arguments, in order. */
  path: string;
  /** Status of a successful answer (GET /api/health answers 503 while the master is unwell). */
  status: number;
  /** The arguments after the path's, in order; 'whole': the one argument is the whole query or body. */
  args?: readonly RouteArg[] | 'whole';
  /** A POST whose body may be left out (it then stands for {}). */
  optionalBody?: boolean;
  /**
   * How the result travels: JSON (default), {"ok": true} for methods without one, raw bytes
   * (an OutputSlice: the data as the body, the rest in x-next-offset, x-line and x-times), or JSON lines.
   */
  reply?: 'json' | 'none' | 'bytes' | 'lines';
}

export const ROUTES: Readonly<Record<ApiMethod, Route>> = {
  health: { method: 'GET', path: '/api/health', status: 200 },
  'agents.list': { method: 'GET', path: '/api/agents', status: 200 },
  'agents.accept': { method: 'POST', path: '/api/agents/:id/accept', status: 200, reply: 'none' },
  'agents.reject': { method: 'POST', path: '/api/agents/:id/reject', status: 200, reply: 'none' },
  'commands.create': { method: 'POST', path: '/api/commands', status: 201, args: 'whole' },
  'commands.get': { method: 'GET', path: '/api/commands/:id', status: 200 },
  'commands.output': {
    method: 'GET',
    path: '/api/commands/:id/output',
    status: 200,
    args: [{ name: 'stream', default: 'stdout' }, { name: 'offset', number: true, default: 0 }, { name: 'limit', number: true }],
    reply: 'bytes',
  },
  'commands.search': {
    method: 'GET',
    path: '/api/commands/:id/search',
    status: 200,
    args: [{ name: 'stream', default: 'stdout' }, { name: 'text', default: '' }, { name: 'limit', number: true }],
  },
  'commands.lineOffset': { method: 'GET', path: '/api/commands/:id/line', status: 200, args: [{ name: 'stream', default: 'stdout' }, { name: 'line', number: true }] },
  'commands.list': { method: 'GET', path: '/api/commands', status: 200, args: 'whole' },
  'commands.kill': { method: 'POST', path: '/api/commands/:id/kill', status: 202, reply: 'none' },
  'jobs.create': { method: 'POST', path: '/api/jobs', status: 201, args: 'whole' },
  'jobs.preview': { method: 'POST', path: '/api/jobs/preview', status: 200, args: 'whole' },
  'jobs.list': { method: 'GET', path: '/api/jobs', status: 200, args: 'whole' },
  'jobs.get': { method: 'GET', path: '/api/jobs/:id', status: 200 },
  'jobs.logs': { method: 'GET', path: '/api/jobs/:id/logs', status: 200 },
  'jobs.continue': { method: 'POST', path: '/api/jobs/:id/continue', status: 200 },
  'jobs.resolveConflict': { method: 'POST', path: '/api/jobs/:id/conflicts/resolve', status: 200, args: 'whole' },
  'jobs.cancel': { method: 'POST', path: '/api/jobs/:id/cancel', status: 202, args: 'whole', optionalBody: true, reply: 'none' },
  'jobs.cleanup': { method: 'POST', path: '/api/jobs/:id/cleanup', status: 202, args: 'whole', optionalBody: true, reply: 'none' },
  'jobs.retry': { method: 'POST', path: '/api/jobs/:id/retry', status: 201, args: 'whole', optionalBody: true },
  'settings.get': { method: 'GET', path: '/api/settings', status: 200 },
  'settings.notifications': { method: 'GET', path: '/api/settings/notifications', status: 200 },
  'settings.setNotifications': { method: 'POST', path: '/api/settings/notifications', status: 200, args: 'whole' },
  // SSH bootstrap: 202 at once; progress, prompts and host keys come as `bootstrap` events.
  'bootstraps.start': { method: 'POST', path: '/api/agents/bootstrap', status: 202, args: 'whole' },
  'bootstraps.get': { method: 'GET', path: '/api/bootstraps/:id', status: 200 },
  'bootstraps.list': { method: 'GET', path: '/api/bootstraps', status: 200, args: [{ name: 'limit', number: true }] },
  'bootstraps.hosts': { method: 'GET', path: '/api/ssh-hosts', status: 200 },
  'bootstraps.answer': { method: 'POST', path: '/api/bootstraps/:id/answer', status: 200, args: [{ name: 'prompt_id' }, { name: 'answers' }], reply: 'none' },
  'bootstraps.approveHostKey': { method: 'POST', path: '/api/bootstraps/:id/approve-host-key', status: 202, args: [{ name: 'fingerprint' }], reply: 'none' },
  'bootstraps.cancel': { method: 'POST', path: '/api/bootstraps/:id/cancel', status: 202, reply: 'none' },
  'bootstraps.stopAgent': { method: 'POST', path: '/api/agents/:id/stop', status: 202 },
  'bootstraps.restartAgent': { method: 'POST', path: '/api/agents/:id/restart', status: 202 },
  // JSON lines, for export: one audit event per line.
  'audit.list': { method: 'GET', path: '/api/audit', status: 200, args: [{ name: 'after', number: true }, { name: 'limit', number: true }], reply: 'lines' },
};

/** The x-times header of an output slice: "offset:ms,offset:ms". */
export function encodeTimes(times: [number, number][]): string {
  return times.map(([offset, at]) => `${offset}:${at}`).join(',');
}

export function decodeTimes(header: string | null): [number, number][] {
  if (!header) return [];
  return header.split(',').map((pair) => pair.split(':').map(Number) as [number, number]).filter(([o, t]) => Number.isSafeInteger(o) && Number.isSafeInteger(t));
}

/** The ":name" segments of a route's path. */
export const PATH_PARAM = /:[a-z_]+/g;
