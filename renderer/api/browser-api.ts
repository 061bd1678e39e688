// MasterApi for the browser face: REST calls with the bearer token, built from the shared route
// table, and live events over one WebSocket. The Electron face gets the same interface from the
// preload (window.api).
import type { ClientApi, Health } from '../../preload/api.ts';
import { apiOf, type ApiMethod } from '../../preload/channels.ts';
import { decodeTimes, PATH_PARAM, ROUTES } from '../../preload/routes.ts';
import { ApiCallError } from './api-call-error.ts';
import { EventSocket } from './event-socket.ts';

export interface BrowserApi {
  api: ClientApi;
  events: EventSocket;
}

/** `base`: the master's origin, e.g. "http://127.0.0.1:9080". */
export function createBrowserApi(base: string, token: string): BrowserApi {
  const root = base.replace(/\/$/, '');
  const request = async (method: string, path: string, body?: unknown): Promise<Response> => {
    const res = await fetch(root + path, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? null : JSON.stringify(body),
    });
    if (!res.ok) {
      let message = `${method} ${path}: HTTP ${res.status}`;
      try {
        const answer = (await res.json()) as { error?: unknown };
        if (typeof answer.error === 'string') message = answer.error;
      } catch {
        // not JSON: keep the status line
      }
      throw new ApiCallError(res.status, message);
    }
    return res;
  };
  const events = new EventSocket(`${root.replace(/^http/, 'ws')}/api/events?output=binary&token=${encodeURIComponent(token)}`);

  const call = async (name: ApiMethod, args: unknown[]): Promise<unknown> => {
    const route = ROUTES[name];
    const params = route.path.match(PATH_PARAM)?.length ?? 0;
    let next = 0;
    let path = route.path.replace(PATH_PARAM, () => encodeURIComponent(String(args[next++])));
    const rest = args.slice(params);
    let body: unknown;
    if (route.args) {
      const fields: Record<string, unknown> = route.args === 'whole' ? { ...(rest[0] as object | undefined) } : Object.fromEntries(route.args.map((arg, i) => [arg.name, rest[i]]));
      if (route.method === 'POST') body = route.args === 'whole' ? rest[0] : fields;
      else {
        const query = new URLSearchParams();
        for (const [k, v] of Object.entries(fields)) if (v !== undefined && v !== '') query.set(k, String(v));
        if (query.size) path += `?${query}`;
      }
    }
    const res = await request(route.method, path, body);
    switch (route.reply) {
      case 'none':
        return undefined;
      case 'bytes': {
        const data = new Uint8Array(await res.arrayBuffer());
        const nextOffset = Number(res.headers.get('x-next-offset'));
        // Without the header: the offset asked for (the second argument after the id) plus what came.
        return {
          data,
          next_offset: Number.isSafeInteger(nextOffset) ? nextOffset : (rest[1] as number) + data.length,
          line: Number(res.headers.get('x-line')) || 0,
          times: decodeTimes(res.headers.get('x-times')),
        };
      }
      case 'lines':
        return (await res.text()).split('\n').filter(Boolean).map((line) => JSON.parse(line));
      default:
        return res.json();
    }
  };
  // A 503 from /api/health carries a Health too (ok: false), as the desktop face returns it.
  const health = async (): Promise<Health> => {
    const res = await fetch(`${root}/api/health`);
    if (res.status !== 200 && res.status !== 503) throw new ApiCallError(res.status, `GET /api/health: HTTP ${res.status}`);
    return (await res.json()) as Health;
  };
  const api: ClientApi = { ...apiOf(call), health, onEvent: (listener) => events.subscribe(listener), watchOutput: (cmdId) => events.watchOutput(cmdId) };
  return { api, events };
}
