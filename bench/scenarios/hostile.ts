// Scenario: strangers on the agent port. 2,000 TCP connections that never start TLS, then (once
// those are closed) 2,000 TLS connections that each say hello with a fresh key (new identities), spread over 100
// loopback source addresses, against a master with default limits and its local agent. Reads
// the master's RSS and open files before, at the peak and after, and times `echo` commands on
// the local agent during the attack (the master must keep serving).
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { RawAgent } from '../../test/helpers/raw-agent.ts';
import { startBenchMaster, type BenchMaster } from '../lib/master.ts';
import type { BenchContext, Scenario, ScenarioResult } from '../lib/types.ts';
import { log, MB, percentile, rssOf, sleep, waitFor } from '../lib/util.ts';

const ADDRESSES = 100;
const address = (i: number): string => `127.0.1.${1 + (i % ADDRESSES)}`;

function openFiles(pid: number): number {
  try {
    return readdirSync(`/proc/${pid}/fd`).length;
  } catch {
    return 0;
  }
}

/** Samples RSS and open files of the master every 100 ms; returns the peaks. */
function sampler(pid: number): { stop(): { rss: number; files: number } } {
  let rss = 0;
  let files = 0;
  const timer = setInterval(() => {
    rss = Math.max(rss, rssOf(pid));
    files = Math.max(files, openFiles(pid));
  }, 100);
  return {
    stop() {
      clearInterval(timer);
      return { rss, files };
    },
  };
}

/** `echo` on the local agent, timed from POST to `exited`, until `done` says stop. */
async function serveWhile(master: BenchMaster, done: () => boolean): Promise<number[]> {
  const times: number[] = [];
  while (!done()) {
    const t0 = performance.now();
    const cmdId = await master.api.run({ agent_id: 'local', command: ['echo', 'still here'] });
    await waitFor(async () => (await master.api.command(cmdId)).state === 'exited', 60_000, `echo ${cmdId}`, 20);
    times.push(performance.now() - t0);
    await sleep(100);
  }
  return times;
}

async function silentFlood(port: number, n: number): Promise<{ sockets: Socket[]; closed: () => number }> {
  let closed = 0;
  const sockets = Array.from({ length: n }, (_, i) => {
    const s = connect({ port, host: '127.0.0.1', localAddress: address(i) });
    s.on('error', () => undefined);
    s.on('close', () => closed++);
    return s;
  });
  await waitFor(() => sockets.every((s) => s.readyState !== 'opening'), 30_000, 'all silent sockets connected');
  return { sockets, closed: () => closed };
}

async function identityFlood(port: number, ca: Buffer, n: number): Promise<Record<string, number>> {
  const codes: Record<string, number> = {};
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < n) {
      const i = next++;
      try {
        const raw = await RawAgent.stranger(port, ca, `stranger-${i}`, address(i));
        await raw.closed;
        const code = raw.error()?.code ?? 'closed';
        codes[code] = (codes[code] ?? 0) + 1;
      } catch {
        codes.closed = (codes.closed ?? 0) + 1;
      }
    }
  };
  await Promise.all(Array.from({ length: 50 }, worker));
  return codes;
}

export const hostile: Scenario = {
  name: 'hostile',
  title: 'Strangers on the agent port',
  async run(ctx: BenchContext): Promise<ScenarioResult> {
    const n = ctx.quick ? 200 : 2000;
    const dataDir = join(ctx.work, 'hostile');
    mkdirSync(dataDir, { recursive: true });
    const master = await startBenchMaster({ options: { dataDir, localAgent: true, localWorkspace: ctx.work } });
    await master.api.waitForAgent('local');
    await sleep(2000);
    const before = { rss: rssOf(master.pid), files: openFiles(master.pid) };
    const logLinesBefore = readFileSync(master.logFile, 'utf8').split('\n').length;
    const peaks = sampler(master.pid);
    let attacking = true;
    const serving = serveWhile(master, () => !attacking);

    const silent = await silentFlood(master.agentPort, n);
    const gauge = async (): Promise<number> => Number(/^p4_agent_port_waiting_connections (\d+)/m.exec(await master.metrics())?.[1]);
    // Settled: the count of sockets the master closed stopped moving for a second.
    let last = -1;
    await waitFor(async () => {
      const now = silent.closed();
      const settled = now === last;
      last = now;
      return settled;
    }, 30_000, 'silent sockets settled', 1000);
    const held = await gauge();
    log(`hostile: ${n} silent sockets, the master holds ${held} and closed ${silent.closed()}`);
    for (const s of silent.sockets) s.destroy();
    await waitFor(async () => (await gauge()) === 0, 30_000, 'silent sockets released', 200);
    const ca = readFileSync(join(dataDir, 'pki', 'ca.pem'));
    const codes = await identityFlood(master.agentPort, ca, n);
    log(`hostile: ${n} new identities → ${JSON.stringify(codes)}`);
    attacking = false;
    const echo = await serving;
    const peak = peaks.stop();
    await sleep(5000);
    const after = { rss: rssOf(master.pid), files: openFiles(master.pid) };
    const agents = (await master.api.request('GET', '/api/agents')).json as { enrolment: string }[];
    const pending = agents.filter((a) => a.enrolment === 'pending').length;
    const attackLog = readFileSync(master.logFile, 'utf8').split('\n').slice(logLinesBefore - 1).filter((l) => l.trim() !== '');
    const logLines = attackLog.length;
    const kinds = new Map<string, number>();
    for (const line of attackLog) {
      const { msg, code, more } = JSON.parse(line) as { msg?: string; code?: string; more?: number };
      const kind = code ? `${code}${more === undefined ? '' : ' (burst summary)'}` : String(msg).slice(0, 60);
      kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
    }
    const topKinds = [...kinds].sort((a, b) => b[1] - a[1]).slice(0, 8).map(([m, k]) => `${m} ${k}`).join(', ');
    log(`hostile: log lines by kind: ${topKinds}`);
    await master.stop();
    return {
      name: 'hostile', title: this.title, profiles: [],
      rows: [
        { label: 'Master RSS before the attack', unit: 'MB', values: [before.rss / MB] },
        { label: 'Master RSS, peak during the attack', unit: 'MB', values: [peak.rss / MB] },
        { label: 'Master RSS 5 s after the attack', unit: 'MB', values: [after.rss / MB] },
        { label: 'Master open files before the attack', unit: 'files', values: [before.files] },
        { label: 'Master open files, peak during the attack', unit: 'files', values: [peak.files] },
        { label: 'Master open files 5 s after the attack', unit: 'files', values: [after.files] },
        { label: `Silent sockets held of ${n} (the rest closed at accept)`, unit: 'sockets', values: [held] },
        { label: `Agents waiting for approval after ${n} new identities`, unit: 'agents', values: [pending] },
        { label: 'Master log lines during the attack', unit: 'lines', values: [logLines] },
        { label: `\`echo\` on the local agent during the attack, p50 (${echo.length} runs)`, unit: 'ms', values: [percentile(echo, 50)], digits: 1 },
        { label: '`echo` on the local agent during the attack, max', unit: 'ms', values: [Math.max(...echo)], digits: 1 },
      ],
      notes: [
        `Default limits (handshake deadline 10 s, 256 waiting connections, 32 per address, 100 pending agents, 10 new identities a minute per address). ${n} silent TCP sockets, then ${n} TLS hellos with fresh Ed25519 keys, 50 at a time, both from ${ADDRESSES} loopback addresses; answers to the hellos: ${Object.entries(codes).map(([c, k]) => `${c} ${k}`).join(', ')}. Master log lines by kind: ${topKinds}.`,
      ],
    };
  },
};
