// Scenario 4: dispatch latency. POST /api/commands `["echo", …]` on the local agent → the
// first byte of its output reaching an API client (the `output` event on /api/events, which the
// master publishes once the chunk is stored). Sequential calls, one at a time.
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { openEvents, startBenchMaster } from '../lib/master.ts';
import type { BenchContext, Scenario, ScenarioResult } from '../lib/types.ts';
import { log, percentile, sleep, waitFor } from '../lib/util.ts';

export const dispatch: Scenario = {
  name: 'dispatch',
  title: 'Dispatch latency (4)',
  async run(ctx: BenchContext): Promise<ScenarioResult> {
    const calls = ctx.quick ? 30 : 200;
    const p50: number[] = [];
    const p99: number[] = [];
    const max: number[] = [];
    const post: number[] = [];
    for (let run = 0; run < ctx.runs; run++) {
      const dataDir = join(ctx.work, `dispatch-${run}`);
      mkdirSync(dataDir, { recursive: true });
      const master = await startBenchMaster({ options: { dataDir, localAgent: true, localWorkspace: ctx.work } });
      await master.api.waitForAgent('local');
      await sleep(2000);
      const ws = await openEvents(master.api);
      const firstByte = new Map<string, number>();
      ws.on('message', (data: Buffer) => {
        const now = performance.now();
        const e = JSON.parse(data.toString()) as { type: string; cmd_id?: string };
        if (e.type === 'output' && e.cmd_id && !firstByte.has(e.cmd_id)) firstByte.set(e.cmd_id, now);
      });
      const latencies: number[] = [];
      const posts: number[] = [];
      for (let i = 0; i < calls + 5; i++) {
        const t0 = performance.now();
        const cmdId = await master.api.run({ agent_id: 'local', command: ['echo', `hello ${i}`] });
        const t1 = performance.now();
        const t = await waitFor(() => firstByte.get(cmdId), 10_000, `output of ${cmdId}`, 1);
        if (i >= 5) { // the first few warm up the JIT on both sides
          latencies.push(t - t0);
          posts.push(t1 - t0);
        }
        await sleep(20);
      }
      ws.close();
      await master.stop();
      p50.push(percentile(latencies, 50));
      p99.push(percentile(latencies, 99));
      max.push(Math.max(...latencies));
      post.push(percentile(posts, 50));
      log(`dispatch run ${run + 1}/${ctx.runs}: p50 ${p50.at(-1)!.toFixed(1)} ms, p99 ${p99.at(-1)!.toFixed(1)} ms over ${calls} calls`);
    }
    return {
      name: 'dispatch', title: this.title, profiles: [],
      rows: [
        { label: `API call → first output byte of \`echo\`, p50 (${calls} calls a run)`, unit: 'ms', values: p50, digits: 1 },
        { label: 'API call → first output byte, p99', unit: 'ms', values: p99, digits: 1 },
        { label: 'API call → first output byte, max', unit: 'ms', values: max, digits: 1 },
        { label: 'POST /api/commands → 201 answer, p50', unit: 'ms', values: post, digits: 1 },
      ],
      notes: [
        `Local agent over its TLS link; the first byte is timed when the client receives the \`output\` event on /api/events (stored before it is published). ${calls} sequential calls per run after 5 warm-up calls, 20 ms apart; a fresh master per run.`,
      ],
    };
  },
};
