// MasterApi for the browser face: REST calls with the bearer token, live events over one
// WebSocket. The Electron face gets the same interface from the preload (window.api).
import type { JobQuery, MasterApi } from '../../preload/api.ts';
import { ApiCallError } from './api-call-error.ts';
import { EventSocket } from './event-socket.ts';

export interface BrowserApi {
  api: MasterApi;
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
  const json = async <T,>(method: string, path: string, body?: unknown): Promise<T> => (await (await request(method, path, body)).json()) as T;
  const id = encodeURIComponent;
  const events = new EventSocket(`${root.replace(/^http/, 'ws')}/api/events?token=${encodeURIComponent(token)}`);

  const api: MasterApi = {
    health: () => json('GET', '/api/health'),
    agents: {
      list: () => json('GET', '/api/agents'),
      accept: async (agentId) => void (await request('POST', `/api/agents/${id(agentId)}/accept`)),
      reject: async (agentId) => void (await request('POST', `/api/agents/${id(agentId)}/reject`)),
    },
    commands: {
      create: (input) => json('POST', '/api/commands', input),
      get: (cmdId) => json('GET', `/api/commands/${id(cmdId)}`),
      output: async (cmdId, stream, offset, limit) => {
        const query = new URLSearchParams({ stream, offset: String(offset), ...(limit === undefined ? {} : { limit: String(limit) }) });
        const res = await request('GET', `/api/commands/${id(cmdId)}/output?${query}`);
        const data = new Uint8Array(await res.arrayBuffer());
        const next = Number(res.headers.get('x-next-offset'));
        return { data, next_offset: Number.isSafeInteger(next) ? next : offset + data.length, line: Number(res.headers.get('x-line')) || 0, times: parseTimes(res.headers.get('x-times')) };
      },
      search: (cmdId, stream, text, limit) => json('GET', `/api/commands/${id(cmdId)}/search?${new URLSearchParams({ stream, text, ...(limit === undefined ? {} : { limit: String(limit) }) })}`),
      lineOffset: (cmdId, stream, line) => json('GET', `/api/commands/${id(cmdId)}/line?${new URLSearchParams({ stream, line: String(line) })}`),
      list: (query = {}) => json('GET', `/api/commands${queryString(query)}`),
      kill: async (cmdId) => void (await request('POST', `/api/commands/${id(cmdId)}/kill`)),
    },
    jobs: {
      create: (input) => json('POST', '/api/jobs', input),
      list: (query: JobQuery = {}) => json('GET', `/api/jobs${queryString(query)}`),
      get: (jobId) => json('GET', `/api/jobs/${id(jobId)}`),
      logs: (jobId) => json('GET', `/api/jobs/${id(jobId)}/logs`),
      continue: (jobId) => json('POST', `/api/jobs/${id(jobId)}/continue`),
      cancel: async (jobId) => void (await request('POST', `/api/jobs/${id(jobId)}/cancel`)),
      retry: (jobId) => json('POST', `/api/jobs/${id(jobId)}/retry`),
    },
    settings: {
      get: () => json('GET', '/api/settings'),
    },
    // REST routes of the SSH bootstrapper (docs/api.md).
    bootstraps: {
      start: (input) => json('POST', '/api/agents/bootstrap', input),
      get: (bootstrapId) => json('GET', `/api/bootstraps/${id(bootstrapId)}`),
      list: (limit) => json('GET', `/api/bootstraps${limit === undefined ? '' : `?limit=${limit}`}`),
      hosts: () => json('GET', '/api/ssh-hosts'),
      answer: async (bootstrapId, promptId, answers) => void (await request('POST', `/api/bootstraps/${id(bootstrapId)}/answer`, { prompt_id: promptId, answers })),
      approveHostKey: async (bootstrapId, fingerprint) => void (await request('POST', `/api/bootstraps/${id(bootstrapId)}/approve-host-key`, { fingerprint })),
      cancel: async (bootstrapId) => void (await request('POST', `/api/bootstraps/${id(bootstrapId)}/cancel`)),
      stopAgent: (agentId) => json('POST', `/api/agents/${id(agentId)}/stop`),
      restartAgent: (agentId) => json('POST', `/api/agents/${id(agentId)}/restart`),
    },
    audit: {
      // The route answers JSON lines (for export); one event per line.
      list: async (afterId = 0, limit = 1000) => {
        const text = await (await request('GET', `/api/audit?after=${afterId}&limit=${limit}`)).text();
        return text.split('\n').filter(Boolean).map((line) => JSON.parse(line));
      },
    },
    onEvent: (listener) => events.subscribe(listener),
  };
  return { api, events };
}

function queryString(query: object): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') params.set(k, String(v));
  return params.size ? `?${params}` : '';
}

/** The x-times header: "offset:ms,offset:ms". */
function parseTimes(header: string | null): [number, number][] {
  if (!header) return [];
  return header.split(',').map((pair) => pair.split(':').map(Number) as [number, number]).filter(([o, t]) => Number.isSafeInteger(o) && Number.isSafeInteger(t));
}
