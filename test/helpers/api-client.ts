// A small REST/WebSocket client for the headless master's API.
import WebSocket from 'ws';
import type { AgentDto, CommandDto, NewCommand } from '../../preload/api.ts';
import { waitFor } from './processes.ts';

export class ApiClient {
  readonly base: string;
  private readonly token: string;

  constructor(base: string, token: string) {
    this.base = base.replace(/\/$/, '');
    this.token = token;
  }

  async request(method: string, path: string, body?: unknown, token: string | null = this.token): Promise<{ status: number; json: any; headers: Headers; bytes: Buffer }> {
    const res = await fetch(this.base + path, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const bytes = Buffer.from(await res.arrayBuffer());
    const json = res.headers.get('content-type')?.startsWith('application/json') ? JSON.parse(bytes.toString()) : undefined;
    return { status: res.status, json, headers: res.headers, bytes };
  }

  async agents(): Promise<AgentDto[]> {
    return (await this.request('GET', '/api/agents')).json;
  }

  async waitForAgent(agentId: string, status = 'online', timeoutMs = 15_000): Promise<AgentDto> {
    return waitFor(async () => (await this.agents()).find((a) => a.agent_id === agentId && a.status === status), timeoutMs, `agent ${agentId} ${status}`);
  }

  async run(input: NewCommand): Promise<string> {
    const res = await this.request('POST', '/api/commands', input);
    if (res.status !== 201) throw new Error(`POST /api/commands → ${res.status} ${JSON.stringify(res.json)}`);
    return res.json.cmd_id;
  }

  async command(cmdId: string): Promise<CommandDto> {
    return (await this.request('GET', `/api/commands/${cmdId}`)).json;
  }

  async waitForState(cmdId: string, states: string[], timeoutMs = 20_000): Promise<CommandDto> {
    return waitFor(async () => {
      const c = await this.command(cmdId);
      return states.includes(c.state) ? c : undefined;
    }, timeoutMs, `command ${cmdId} in ${states.join('|')}`);
  }

  /** The whole stored stream, following X-Next-Offset. */
  async output(cmdId: string, stream: 'stdout' | 'stderr' = 'stdout'): Promise<Buffer> {
    const parts: Buffer[] = [];
    let offset = 0;
    for (;;) {
      const res = await this.request('GET', `/api/commands/${cmdId}/output?stream=${stream}&offset=${offset}`);
      if (res.status !== 200) throw new Error(`output → ${res.status}`);
      const next = Number(res.headers.get('x-next-offset'));
      if (res.bytes.length === 0) return Buffer.concat(parts);
      parts.push(res.bytes);
      offset = next;
    }
  }

  /** `query`: e.g. `?output=binary`. */
  events(query = ''): WebSocket {
    return new WebSocket(`${this.base.replace(/^http/, 'ws')}/api/events${query}`, { headers: { authorization: `Bearer ${this.token}` } });
  }
}
