// Starts a real master in a child process (bench/lib/master-host.ts) and talks to it: REST
// API, WebSocket events, event-loop lag over IPC, /metrics, and /proc readings by PID.
import { openSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import WebSocket from 'ws';
import type { MasterOptions } from '../../main/master.ts';
import { childrenOf, cmdlineOf, log, startChild, waitFor, ROOT, type Child } from './util.ts';

/** The master-host measures with a 10 ms timer: its samples include those 10 ms. */
const LAG_RESOLUTION_MS = 10;

export interface Lag {
  p50: number;
  p99: number;
  max: number;
  mean: number;
  count: number;
}

export interface BenchMaster {
  proc: Child;
  pid: number;
  url: string;
  token: string;
  agentPort: number;
  metricsPort: number;
  dataDir: string;
  logFile: string;
  api: Api;
  lagReset(): Promise<void>;
  /** Event-loop lag since the last reset, ms, with the 10 ms sampling interval taken off. */
  lag(): Promise<Lag>;
  metrics(): Promise<string>;
  /** PID of the local agent (a child of the master running dist/agent.cjs), if any. */
  localAgentPid(): number | null;
  stop(): Promise<void>;
}

export interface StartOptions {
  options: Partial<MasterOptions>;
  /** Extra node flags for the master process (e.g. --cpu-prof). */
  nodeFlags?: string[];
  env?: Record<string, string>;
}

export async function startBenchMaster({ options, nodeFlags = [], env = {} }: StartOptions): Promise<BenchMaster> {
  const opts: Partial<MasterOptions> = {
    agentPort: 0, agentHost: '127.0.0.1', httpPort: 0, httpHost: '127.0.0.1', metricsPort: 0, metricsHost: '127.0.0.1',
    killGraceMs: 2000,
    ...options,
  };
  const logFile = join(opts.dataDir!, 'master.log');
  const fd = openSync(logFile, 'a');
  const proc = startChild(process.execPath, [...nodeFlags, join(ROOT, 'bench', 'lib', 'master-host.ts'), JSON.stringify(opts)], {
    stdio: ['ignore', fd, fd, 'ipc'], capture: false, env: { ...process.env, ...env },
  });
  closeSync(fd);
  const waiters = new Map<string, ((m: any) => void)[]>();
  proc.child.on('message', (m: { t: string }) => {
    const list = waiters.get(m.t);
    const fn = list?.shift();
    fn?.(m);
  });
  const next = (t: string): Promise<any> => new Promise((ok) => {
    if (!waiters.has(t)) waiters.set(t, []);
    waiters.get(t)!.push(ok);
  });
  const ready = await Promise.race([
    next('ready'),
    proc.exited.then((code) => {
      throw new Error(`master exited (${code}) before it was ready; see ${logFile}`);
    }),
    new Promise((_, fail) => setTimeout(() => fail(new Error(`master not ready after 30 s; see ${logFile}`)), 30_000)),
  ]) as { url: string; token: string; agentPort: number; metricsPort: number; dataDir: string };
  const api = new Api(ready.url, ready.token);
  const master: BenchMaster = {
    proc, pid: proc.pid, url: ready.url, token: ready.token, agentPort: ready.agentPort, metricsPort: ready.metricsPort, dataDir: ready.dataDir, logFile, api,
    async lagReset() {
      const done = next('lag-reset');
      proc.child.send({ t: 'lag-reset' });
      await done;
    },
    async lag() {
      const done = next('lag');
      proc.child.send({ t: 'lag' });
      const raw = (await done) as Lag;
      const off = (v: number): number => Math.max(0, v - LAG_RESOLUTION_MS);
      return { p50: off(raw.p50), p99: off(raw.p99), max: off(raw.max), mean: off(raw.mean), count: raw.count };
    },
    async metrics() {
      return (await fetch(`http://127.0.0.1:${ready.metricsPort}/metrics`)).text();
    },
    localAgentPid() {
      return childrenOf(proc.pid).find((p) => cmdlineOf(p).includes('agent.cjs')) ?? null;
    },
    async stop() {
      await proc.stop(10_000);
    },
  };
  return master;
}

export function metricValue(text: string, name: string): number | null {
  const m = new RegExp(`^${name}(?:\\{[^}]*\\})? ([0-9.eE+-]+)$`, 'm').exec(text);
  return m ? Number(m[1]) : null;
}

export class Api {
  readonly base: string;
  readonly token: string;

  constructor(base: string, token: string) {
    this.base = base.replace(/\/$/, '');
    this.token = token;
  }

  async request(method: string, path: string, body?: unknown): Promise<{ status: number; json: any; headers: Headers; bytes: Buffer }> {
    const res = await fetch(this.base + path, {
      method,
      headers: { authorization: `Bearer ${this.token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const bytes = Buffer.from(await res.arrayBuffer());
    const json = res.headers.get('content-type')?.startsWith('application/json') ? JSON.parse(bytes.toString()) : undefined;
    return { status: res.status, json, headers: res.headers, bytes };
  }

  async run(input: { agent_id: string; command: string[] | string; shell?: boolean }): Promise<string> {
    const res = await this.request('POST', '/api/commands', input);
    if (res.status !== 201) throw new Error(`POST /api/commands → ${res.status} ${JSON.stringify(res.json)}`);
    return res.json.cmd_id;
  }

  async command(cmdId: string): Promise<any> {
    return (await this.request('GET', `/api/commands/${cmdId}`)).json;
  }

  async waitForAgent(agentId: string, timeoutMs = 20_000): Promise<void> {
    await waitFor(async () => ((await this.request('GET', '/api/agents')).json as { agent_id: string; status: string }[]).some((a) => a.agent_id === agentId && a.status === 'online'), timeoutMs, `agent ${agentId} online`, 100);
  }

  /** Waits until the command is final and every byte of its stdout is stored. */
  async waitForStored(cmdId: string, stdoutBytes: number, timeoutMs = 600_000, everyMs = 25): Promise<any> {
    return waitFor(async () => {
      const c = await this.command(cmdId);
      if (c.state !== 'queued' && c.state !== 'running' && c.state !== 'exited') throw new Error(`command ${cmdId} ended ${c.state}: ${c.reason}`);
      return c.state === 'exited' && c.stdout_bytes >= stdoutBytes ? c : undefined;
    }, timeoutMs, `command ${cmdId} stored`, everyMs);
  }

  events(): WebSocket {
    return new WebSocket(`${this.base.replace(/^http/, 'ws')}/api/events`, { headers: { authorization: `Bearer ${this.token}` } });
  }
}

export async function openEvents(api: Api): Promise<WebSocket> {
  const ws = api.events();
  await new Promise<void>((ok, fail) => {
    ws.once('open', () => ok());
    ws.once('error', fail);
  });
  return ws;
}

export { log };
