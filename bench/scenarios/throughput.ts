// Scenario 1 (output throughput) and 6 (agent footprint).
// One command printing N p4-sync-like lines (`cat` of a generated file) on the master's local
// agent, timed from the API call until the command is final with every stdout byte stored
// (store-before-ack: stored = acknowledged). In the same invocation, the same file through the
// old SSH mode (`cat file | ssh localhost 'cat > out'`, our own sshd on loopback) and the raw
// copy (`cat file > /dev/null`). The local agent's RSS is sampled idle and while streaming.
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { startBenchMaster } from '../lib/master.ts';
import { newestProfile, summarizeProfile } from '../lib/profile.ts';
import { startSshd } from '../lib/ssh.ts';
import { syncLinesFile } from '../lib/sync-lines.ts';
import type { BenchContext, Row, Scenario, ScenarioResult } from '../lib/types.ts';
import { cpuSecondsOf, log, MB, rssOf, rssSampler, sleep, stats, waitFor } from '../lib/util.ts';

function timeShell(line: string): Promise<number> {
  return new Promise((ok, fail) => {
    const t0 = performance.now();
    const child = spawn('sh', ['-c', line], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) => (code === 0 ? ok((performance.now() - t0) / 1000) : fail(new Error(`${line} → ${code}: ${err}`))));
  });
}

/** RSS of a Node process that does nothing (same binary as the agent), after it settles. */
async function bareNodeRss(): Promise<number> {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  await sleep(2000);
  const rss = rssOf(child.pid!);
  child.kill();
  return rss;
}

const q = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

export const throughput: Scenario = {
  name: 'throughput',
  title: 'Output throughput (1) and agent footprint (6)',
  async prepare(ctx: BenchContext): Promise<void> {
    syncLinesFile(ctx.cache, ctx.quick ? 100_000 : 1_000_000);
  },
  async run(ctx: BenchContext): Promise<ScenarioResult> {
    const lines = ctx.quick ? 100_000 : 1_000_000;
    const input = syncLinesFile(ctx.cache, lines);
    log(`throughput: ${lines} lines, ${(input.bytes / MB).toFixed(1)} MiB in ${input.path}`);
    await timeShell(`cat ${q(input.path)} > /dev/null`); // warm the page cache for everyone
    const sshd = await startSshd(join(ctx.work, 'sshd'));
    const sshLine = (out: string): string => `cat ${q(input.path)} | ssh ${sshd.sshArgs.map(q).join(' ')} ${q(`cat > ${out}`)}`;
    await timeShell(sshLine(join(ctx.work, 'ssh-warm.out'))); // first connection, known_hosts
    const raw: number[] = [];
    const ssh: number[] = [];
    const sshConnect: number[] = [];
    const agent: number[] = [];
    const agentIdle: number[] = [];
    const bareNode: number[] = [];
    const agentStreamMax: number[] = [];
    const masterRssMax: number[] = [];
    const masterCpu: number[] = [];
    const agentCpu: number[] = [];
    const profiles = [];
    for (let run = 0; run < ctx.runs; run++) {
      raw.push(await timeShell(`cat ${q(input.path)} > /dev/null`));
      const sshOut = join(ctx.work, 'ssh.out');
      ssh.push(await timeShell(sshLine(sshOut)));
      sshConnect.push(await timeShell(`ssh ${sshd.sshArgs.map(q).join(' ')} true`));
      rmSync(sshOut, { force: true });

      const dataDir = join(ctx.work, `throughput-${run}`);
      mkdirSync(dataDir, { recursive: true });
      const profileDir = ctx.profileDir && run === 0 ? join(ctx.profileDir, 'throughput') : null;
      const master = await startBenchMaster({
        options: { dataDir, localAgent: true, localWorkspace: ctx.work },
        nodeFlags: profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : [],
      });
      await master.api.waitForAgent('local');
      const agentPid = await waitFor(() => master.localAgentPid() ?? undefined, 5000, 'local agent pid');
      await sleep(3000); // let both settle after start-up
      agentIdle.push(rssOf(agentPid));
      bareNode.push(await bareNodeRss());
      const sampler = rssSampler(() => agentPid, 50);
      const masterSampler = rssSampler(() => master.pid, 50);
      const cpu0 = cpuSecondsOf(master.pid);
      const acpu0 = cpuSecondsOf(agentPid);
      const t0 = performance.now();
      const cmdId = await master.api.run({ agent_id: 'local', command: ['cat', input.path] });
      await master.api.waitForStored(cmdId, input.bytes);
      const seconds = (performance.now() - t0) / 1000;
      agent.push(seconds);
      masterCpu.push(cpuSecondsOf(master.pid) - cpu0);
      agentCpu.push(cpuSecondsOf(agentPid) - acpu0);
      agentStreamMax.push(sampler.stop().max);
      masterRssMax.push(masterSampler.stop().max);
      const stored = await master.api.command(cmdId);
      if (stored.stdout_bytes !== input.bytes) throw new Error(`stored ${stored.stdout_bytes} of ${input.bytes} bytes`);
      log(`throughput run ${run + 1}/${ctx.runs}: agent ${seconds.toFixed(2)} s, ssh ${ssh.at(-1)!.toFixed(2)} s, raw ${raw.at(-1)!.toFixed(3)} s`);
      await master.stop();
      rmSync(dataDir, { recursive: true, force: true });
      if (profileDir) {
        const file = newestProfile(profileDir);
        if (file) profiles.push(summarizeProfile(file));
      }
    }
    await sshd.proc.stop();

    const ratio = agent.map((a, i) => a / ssh[i]!);
    const ratioMedian = stats(agent).median / stats(ssh).median;
    const rows: Row[] = [
      { label: `Agent → SQLite, ${lines.toLocaleString('en-US')} lines (${(input.bytes / MB).toFixed(0)} MiB), stored and acked`, unit: 's', values: agent, digits: 2 },
      { label: 'Agent → SQLite throughput', unit: 'lines/s', values: agent.map((s) => lines / s) },
      { label: 'Agent → SQLite throughput', unit: 'MiB/s', values: agent.map((s) => input.bytes / MB / s), digits: 1 },
      { label: 'Baseline: `cat file | ssh localhost \'cat > file\'`', unit: 's', values: ssh, digits: 2 },
      { label: 'Baseline: SSH throughput', unit: 'lines/s', values: ssh.map((s) => lines / s) },
      { label: 'Baseline: of which opening the SSH connection (`ssh localhost true`)', unit: 's', values: sshConnect, digits: 2 },
      { label: 'Baseline: `cat file > /dev/null`', unit: 's', values: raw, digits: 3 },
      { label: 'Agent time / SSH time (per run)', unit: 'x', values: ratio, digits: 2, target: '≤ 1.0x', met: ratioMedian <= 1.0 },
      { label: 'Master CPU while streaming (user+sys)', unit: 'CPU-s', values: masterCpu, digits: 1 },
      { label: 'Local agent CPU while streaming (user+sys)', unit: 'CPU-s', values: agentCpu, digits: 1 },
      { label: 'Master RSS, max while streaming', unit: 'MiB', values: masterRssMax.map((b) => b / MB) },
      { label: 'Bare Node RSS (`node -e` with a timer), the footprint reference', unit: 'MiB', values: bareNode.map((b) => b / MB), digits: 1 },
      { label: 'Agent idle RSS (6)', unit: 'MiB', values: agentIdle.map((b) => b / MB), digits: 1, target: '≤ bare Node + 6 MiB', met: stats(agentIdle).median <= stats(bareNode).median + 6 * MB },
      { label: 'Agent RSS, max while streaming (6)', unit: 'MiB', values: agentStreamMax.map((b) => b / MB), digits: 1, target: '≤ 80 MiB', met: stats(agentStreamMax).median <= 80 * MB },
    ];
    return {
      name: 'throughput', title: this.title, rows, profiles,
      notes: [
        `Input: ${lines.toLocaleString('en-US')} p4-sync-like lines, ${input.bytes.toLocaleString('en-US')} bytes (about ${Math.round(input.bytes / lines)} bytes a line), in the page cache.`,
        'Agent path: POST /api/commands `["cat", FILE]` on the local agent (TLS 1.3 link, as `--local-agent` runs it), timed until GET /api/commands/:id says `exited` with every stdout byte stored (polled every 25 ms). A fresh master and data directory per run.',
        'SSH baseline: the OpenSSH client and our own sshd on 127.0.0.1 (default cipher, no compression), one connection per transfer as the old SSH mode did, the file piped into `cat > file` on the far side.',
      ],
    };
  },
};
