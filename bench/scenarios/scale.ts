// Scenario 3: scale. 500 agents connected from ONE process on loopback (bench/lib/fake-agents.ts:
// real TLS 1.3 with a client certificate each, issued through the master's enrol path
// (main/security/enrol.ts enrolAgent, what `npm run master -- enrol` does), heartbeats every
// 5 s (the default), signed EXEC verified), then 50 commands running at once, each printing
// p4-sync-like lines. Measured from /proc: the master's CPU (share of one core) and RSS, idle
// with 500 agents and while the 50 commands run; event-loop lag from inside the master.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { enrolAgent } from '../../main/security/enrol.ts';
import { ensurePki } from '../../main/security/pki.ts';
import { Store } from '../../main/store/store.ts';
import type { FakeAgentsConfig } from '../lib/fake-agents.ts';
import { openEvents, startBenchMaster } from '../lib/master.ts';
import { newestProfile, summarizeProfile } from '../lib/profile.ts';
import type { BenchContext, Row, Scenario, ScenarioResult } from '../lib/types.ts';
import { cpuSecondsOf, log, MB, peakRssOf, ROOT, rssSampler, sleep, startChild, waitFor } from '../lib/util.ts';

const HEARTBEAT_MS = 5000;

export const scale: Scenario = {
  name: 'scale',
  title: '500 agents, 50 commands (3)',
  async run(ctx: BenchContext): Promise<ScenarioResult> {
    const count = ctx.quick ? 100 : 500;
    const commands = ctx.quick ? 10 : 50;
    const windowMs = ctx.quick ? 10_000 : 30_000;
    const linesPerSec = 200;
    const dataDir = join(ctx.work, 'scale');
    const certDir = join(ctx.work, 'scale-certs');
    mkdirSync(dataDir, { recursive: true });
    const ids = Array.from({ length: count }, (_, i) => `bench-${String(i).padStart(3, '0')}`);
    const t0 = performance.now();
    {
      const store = new Store(dataDir);
      const pki = await ensurePki(dataDir);
      for (const id of ids) await enrolAgent(store, pki, id, join(certDir, id), 'bench');
      store.dispose();
    }
    log(`scale: ${count} certificates issued in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const series: Record<string, number[]> = {};
    const add = (k: string, v: number): void => {
      (series[k] ??= []).push(v);
    };
    const profiles = [];
    for (let run = 0; run < ctx.runs; run++) {
      const profileDir = ctx.profileDir && run === 0 ? join(ctx.profileDir, 'scale') : null;
      const master = await startBenchMaster({
        // All 500 agents connect from one address within seconds, more at once than the default
        // limits on connections waiting for their hello allow: raised as docs/operations.md says.
        options: { dataDir, localAgent: false, heartbeatMs: HEARTBEAT_MS, maxUnauthenticated: 1024, maxUnauthenticatedPerAddress: 1024 },
        nodeFlags: profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : [],
      });
      const ws = await openEvents(master.api); // the desktop UI would be subscribed too
      let events = 0;
      ws.on('message', () => events++);
      const cfg: FakeAgentsConfig = { host: '127.0.0.1', port: master.agentPort, ids, certDir, heartbeatMs: HEARTBEAT_MS, linesPerSec, runMs: windowMs, rampPer100ms: 25 };
      const fleet = startChild(process.execPath, [join(ROOT, 'bench', 'lib', 'fake-agents.ts'), JSON.stringify(cfg)], { stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
      const status = (): Promise<any> => new Promise((ok) => {
        fleet.child.once('message', ok);
        fleet.child.send({ t: 'status' });
      });
      const ramp0 = performance.now();
      await waitFor(async () => {
        const s = await status();
        if (s.errors > 0) throw new Error(`fake agents: ${s.errors} errors, last: ${s.lastError}`);
        return s.online === count;
      }, 120_000, `${count} agents online`, 200);
      const online = await waitFor(async () => {
        const h = (await master.api.request('GET', '/api/health')).json as { agents: { online: number } };
        return h.agents.online === count ? h : undefined;
      }, 30_000, 'the master to count every agent online', 200);
      void online;
      add('ramp', (performance.now() - ramp0) / 1000);
      await sleep(HEARTBEAT_MS * 2); // settle: every agent has beaten at least twice

      // Idle: 500 agents heartbeating, nothing running.
      let cpu0 = cpuSecondsOf(master.pid);
      let w0 = performance.now();
      let rss = rssSampler(() => master.pid, 200);
      await master.lagReset();
      await sleep(ctx.quick ? 5000 : 15_000);
      let r = rss.stop();
      add('idle-cpu', (100 * (cpuSecondsOf(master.pid) - cpu0)) / ((performance.now() - w0) / 1000));
      add('idle-rss', r.max / MB);
      add('idle-lag-p99', (await master.lag()).p99);

      // 50 commands running at once on 50 of the agents.
      const cmdIds = await Promise.all(ids.slice(0, commands).map((id) => master.api.run({ agent_id: id, command: ['p4', 'sync'] })));
      await waitFor(async () => (await status()).running === commands, 20_000, `${commands} commands running`, 100);
      cpu0 = cpuSecondsOf(master.pid);
      w0 = performance.now();
      rss = rssSampler(() => master.pid, 200);
      await master.lagReset();
      await waitFor(async () => (await status()).finished >= commands, windowMs + 30_000, 'the commands to finish', 200);
      r = rss.stop();
      add('busy-cpu', (100 * (cpuSecondsOf(master.pid) - cpu0)) / ((performance.now() - w0) / 1000));
      add('busy-rss', r.max / MB);
      const lag = await master.lag();
      add('busy-lag-p99', lag.p99);
      add('busy-lag-max', lag.max);
      for (const id of cmdIds) {
        const c = await master.api.command(id);
        if (c.state !== 'exited' && c.state !== 'running') throw new Error(`command ${id} ${c.state}`);
      }
      await waitFor(async () => {
        const all = await Promise.all(cmdIds.map((id) => master.api.command(id)));
        return all.every((c) => c.state === 'exited');
      }, 30_000, 'all commands stored', 200);
      const s = await status();
      add('peak-rss', peakRssOf(master.pid) / MB);
      add('rate', s.sentBytes / MB / (windowMs / 1000));
      log(`scale run ${run + 1}/${ctx.runs}: ${count} agents; idle CPU ${series['idle-cpu']!.at(-1)!.toFixed(1)} %, RSS ${series['idle-rss']!.at(-1)!.toFixed(0)} MiB; with ${commands} commands CPU ${series['busy-cpu']!.at(-1)!.toFixed(1)} %, RSS ${series['busy-rss']!.at(-1)!.toFixed(0)} MiB, lag p99 ${lag.p99.toFixed(1)} ms; ${events} WS events; exec refused ${s.execRefused}`);
      ws.close();
      fleet.child.send({ t: 'stop' });
      await fleet.exited;
      await master.stop();
      if (profileDir) {
        const file = newestProfile(profileDir);
        if (file) profiles.push(summarizeProfile(file));
      }
    }
    const med = (k: string): number => [...series[k]!].sort((a, b) => a - b)[Math.floor(series[k]!.length / 2)]!;
    const rows: Row[] = [
      { label: `${count} agents connected (TLS handshakes + HELLO), from the first connection`, unit: 's', values: series.ramp!, digits: 1 },
      { label: `Master CPU, ${count} agents idle (heartbeats every 5 s)`, unit: '% of one core', values: series['idle-cpu']!, digits: 1 },
      { label: `Master RSS, ${count} agents idle (max sampled)`, unit: 'MiB', values: series['idle-rss']! },
      { label: 'Master event-loop lag p99, idle', unit: 'ms', values: series['idle-lag-p99']!, digits: 1 },
      { label: `Master CPU, ${commands} commands running (${linesPerSec} lines/s each)`, unit: '% of one core', values: series['busy-cpu']!, digits: 1, target: 'one core not saturated', met: med('busy-cpu') < 90 },
      { label: `Master RSS, ${commands} commands running (max sampled)`, unit: 'MiB', values: series['busy-rss']!, target: '< 300 MB (300,000,000 B)', met: med('busy-rss') * MB < 300e6 },
      { label: 'Master peak RSS over the whole run (VmHWM)', unit: 'MiB', values: series['peak-rss']! },
      { label: `Master event-loop lag p99, ${commands} commands running`, unit: 'ms', values: series['busy-lag-p99']!, digits: 1 },
      { label: `Master event-loop lag max, ${commands} commands running`, unit: 'ms', values: series['busy-lag-max']!, digits: 0 },
      { label: `Output rate of the ${commands} commands together`, unit: 'MiB/s', values: series.rate!, digits: 2 },
    ];
    return {
      name: 'scale', title: this.title, rows, profiles,
      notes: [
        `Agents: ${count} TLS 1.3 connections with client certificates from one Node process (bench/lib/fake-agents.ts, the protocol without a real agent behind it: commands print ${linesPerSec} p4-sync-like lines/s for ${windowMs / 1000} s and spawn nothing). The master runs WITH TLS (not --insecure). One WebSocket client is subscribed to /api/events, as the desktop UI would be. Idle window ${ctx.quick ? 5 : 15} s after a ${(HEARTBEAT_MS * 2) / 1000} s settle; busy window = the ${windowMs / 1000} s the commands run. A fresh master process per run on the same database.`,
      ],
    };
  },
};
