// Scenario 2: responsiveness. Four 1M-line commands stream at once through the local agent
// while a client polls the API (10 Hz: jobs, agents, each command, the tail of each output)
// and, when the renderer is built (dist/renderer), Chromium shows one of them in a live pane.
// Measured inside the master process: event-loop lag p50/p99/max (perf_hooks
// monitorEventLoopDelay, 10 ms resolution, the 10 ms interval taken off); in the page: the
// longest main-thread task (PerformanceObserver 'longtask').
//
// The pane needs a job: a simulated Perforce integration (test/fixtures/p4sim, scenario
// "clean") whose pre-submit hook waits for a marker file and then prints the 1M lines. The
// other three streams are plain commands started the moment the marker is written.
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createScenario } from '../../test/fixtures/p4sim/scenarios.ts';
import { metricValue, startBenchMaster, type Api } from '../lib/master.ts';
import { newestProfile, summarizeProfile } from '../lib/profile.ts';
import { syncLinesFile } from '../lib/sync-lines.ts';
import type { BenchContext, Row, Scenario, ScenarioResult } from '../lib/types.ts';
import { log, MB, percentile, ROOT, sleep, stats, waitFor } from '../lib/util.ts';
import { CHROMIUM, LONGTASK_RECORDER } from '../../test/helpers/browser.ts';


interface PageGlobals {
  __longestTask: number;
}

function poller(api: Api, cmdIds: () => string[], everyMs = 100): { stop(): Promise<{ requests: number; slowestMs: number }> } {
  let stopped = false;
  let requests = 0;
  let slowest = 0;
  const offsets = new Map<string, number>();
  const loop = (async () => {
    while (!stopped) {
      const t0 = performance.now();
      const calls: Promise<unknown>[] = [api.request('GET', '/api/jobs?limit=50'), api.request('GET', '/api/agents')];
      for (const id of cmdIds()) {
        calls.push(api.command(id).then((c: { stdout_bytes: number }) => offsets.set(id, c.stdout_bytes)));
        const tail = Math.max(0, (offsets.get(id) ?? 0) - 64 * 1024);
        calls.push(api.request('GET', `/api/commands/${id}/output?stream=stdout&offset=${tail}&limit=65536`));
      }
      await Promise.all(calls);
      requests += calls.length;
      const took = performance.now() - t0;
      slowest = Math.max(slowest, took);
      await sleep(Math.max(0, everyMs - took));
    }
  })();
  return {
    async stop() {
      stopped = true;
      await loop;
      return { requests, slowestMs: slowest };
    },
  };
}

/** GET /api/health (no token) every `everyMs`, timing each answer: what a liveness probe sees. */
function healthProbe(api: Api, everyMs = 50): { stop(): Promise<number[]> } {
  let stopped = false;
  const times: number[] = [];
  const loop = (async () => {
    while (!stopped) {
      const t0 = performance.now();
      await api.request('GET', '/api/health');
      const took = performance.now() - t0;
      times.push(took);
      await sleep(Math.max(0, everyMs - took));
    }
  })();
  return {
    async stop() {
      stopped = true;
      await loop;
      return times;
    },
  };
}

export const responsiveness: Scenario = makeResponsiveness(true);
/**
 * Diagnostic variant (not in the default list): four plain `cat` commands, no job, no page. It
 * shows how much of the lag comes from the job engine reading a finished stage's whole output.
 */
export const responsivenessPlain: Scenario = makeResponsiveness(false);

function makeResponsiveness(withJob: boolean): Scenario {
  return {
  name: withJob ? 'responsiveness' : 'responsiveness-plain',
  title: withJob ? 'Responsiveness under 4 streams (2)' : 'Responsiveness under 4 plain commands, no job, no page (2, diagnostic)',
  async run(ctx: BenchContext): Promise<ScenarioResult> {
    const name = this.name;
    const lines = ctx.quick ? 100_000 : 1_000_000;
    const input = syncLinesFile(ctx.cache, lines);
    const renderer = withJob && existsSync(join(ROOT, 'dist', 'renderer', 'index.html')) && existsSync(CHROMIUM);
    const p50: number[] = [];
    const p99: number[] = [];
    const max: number[] = [];
    const promP99: number[] = [];
    const promMax: number[] = [];
    const seconds: number[] = [];
    const longest: number[] = [];
    const paneSeconds: number[] = [];
    const slowestPoll: number[] = [];
    const healthP99: number[] = [];
    const healthMax: number[] = [];
    const profiles = [];
    const notes: string[] = [];
    let browser: import('playwright-core').Browser | null = null;
    if (renderer) {
      const { chromium } = await import('playwright-core');
      browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
    } else if (withJob) {
      notes.push('The renderer was not built (no dist/renderer/index.html) or Chromium is missing: its longest task is NOT measured.');
    }
    try {
      for (let run = 0; run < ctx.runs; run++) {
        const dir = join(ctx.work, `resp-${run}`);
        const dataDir = join(dir, 'data');
        mkdirSync(dataDir, { recursive: true });
        const sim = createScenario('clean', { root: join(dir, 'sim') });
        const marker = join(dir, 'go');
        const hook = join(dir, 'pre-submit.sh');
        // It waits again after printing, so its section (open while it runs) stays on screen until measured.
        const release = join(dir, 'release');
        writeFileSync(hook, `#!/bin/sh\nwhile [ ! -e '${marker}' ]; do sleep 0.05; done\ncat '${input.path}'\nwhile [ ! -e '${release}' ]; do sleep 0.05; done\n`);
        chmodSync(hook, 0o755);
        const profileDir = ctx.profileDir && run === 0 ? join(ctx.profileDir, name) : null;
        const master = await startBenchMaster({
          options: { dataDir, localAgent: true, localWorkspace: dir },
          nodeFlags: profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : [],
        });
        const api = master.api;
        await api.waitForAgent('local');
        let hookCmd: string | null = null;
        let jobId = '';
        if (withJob) {
          const res = await api.request('POST', '/api/jobs', { agent_id: 'local', spec: { workspace: sim.workspace, branch_spec: sim.branch, env: sim.env, pre_submit_hook: hook, description: 'bench: 1M lines in a pre-submit hook' } });
          if (res.status !== 201) throw new Error(`POST /api/jobs → ${res.status} ${JSON.stringify(res.json)}`);
          jobId = res.json.job_id;
          hookCmd = await waitFor(async () => {
            const job = (await api.request('GET', `/api/jobs/${jobId}`)).json as { stage: string; status: string; error: string | null; stages: { stage: string; cmd_id: string | null }[] };
            if (job.status === 'error') throw new Error(`job failed before PRE_SUBMIT: ${job.error}`);
            return job.stage === 'PRE_SUBMIT' ? job.stages.findLast((s) => s.stage === 'PRE_SUBMIT')?.cmd_id ?? undefined : undefined;
          }, 60_000, 'the job to reach PRE_SUBMIT', 100);
        }
        let page: import('playwright-core').Page | null = null;
        if (browser) {
          const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
          await context.addInitScript({ content: LONGTASK_RECORDER });
          page = await context.newPage();
          await page.goto(`${master.url}?token=${encodeURIComponent(master.token)}#/jobs/${jobId}`);
          const toggle = page.locator(`.stage-run[data-cmd-id="${hookCmd}"] > .pane-toggle`);
          await toggle.waitFor({ timeout: 30_000 });
          if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
          await page.locator(`.pane[data-cmd-id="${hookCmd}"]`).waitFor();
          await sleep(1000);
          await page.evaluate(() => void ((globalThis as unknown as PageGlobals).__longestTask = 0));
        }

        const ids: string[] = hookCmd ? [hookCmd] : [];
        await master.lagReset();
        await master.metrics(); // prom-client resets its lag histogram on every scrape
        const poll = poller(api, () => ids);
        const health = healthProbe(api);
        const t0 = performance.now();
        writeFileSync(marker, '');
        const others = await Promise.all((hookCmd ? [0, 1, 2] : [0, 1, 2, 3]).map(() => api.run({ agent_id: 'local', command: ['cat', input.path] })));
        ids.push(...others);
        // The hook runs on until released, so its own command is waited for by its stored bytes.
        const storedBytes = (id: string) => waitFor(async () => ((await api.command(id)) as { stdout_bytes: number }).stdout_bytes >= input.bytes, 900_000, `command ${id} stored`, 100);
        await Promise.all(ids.map((id) => (id === hookCmd ? storedBytes(id) : api.waitForStored(id, input.bytes, 900_000, 100))));
        const took = (performance.now() - t0) / 1000;
        let paneTook = NaN;
        if (page) {
          await waitFor(async () => Number(await page!.locator(`.pane[data-cmd-id="${hookCmd}"] .log`).getAttribute('data-shown')) >= input.bytes, 300_000, 'the pane to show every byte', 200);
          paneTook = (performance.now() - t0) / 1000;
        }
        writeFileSync(release, '');
        const lag = await master.lag();
        const prom = await master.metrics();
        const polled = await poll.stop();
        const healthTimes = await health.stop();
        healthP99.push(percentile(healthTimes, 99));
        healthMax.push(Math.max(...healthTimes));
        if (page) {
          longest.push(await page.evaluate(() => (globalThis as unknown as PageGlobals).__longestTask));
          paneSeconds.push(paneTook);
          await page.context().close();
        }
        p50.push(lag.p50);
        p99.push(lag.p99);
        max.push(lag.max);
        promP99.push((metricValue(prom, 'nodejs_eventloop_lag_p99_seconds') ?? NaN) * 1000);
        promMax.push((metricValue(prom, 'nodejs_eventloop_lag_max_seconds') ?? NaN) * 1000);
        seconds.push(took);
        slowestPoll.push(polled.slowestMs);
        log(`${name} run ${run + 1}/${ctx.runs}: 4 streams in ${took.toFixed(1)} s; lag p50 ${lag.p50.toFixed(1)} p99 ${lag.p99.toFixed(1)} max ${lag.max.toFixed(0)} ms (${lag.count} samples); ${polled.requests} API requests${page ? `; longest task ${longest.at(-1)!.toFixed(0)} ms, pane caught up in ${paneTook.toFixed(1)} s` : ''}`);
        await master.stop();
        if (profileDir) {
          const file = newestProfile(profileDir);
          if (file) profiles.push(summarizeProfile(file));
        }
      }
    } finally {
      await browser?.close();
    }
    const rows: Row[] = [
      { label: `Master event-loop lag p50 (4 × ${lines.toLocaleString('en-US')} lines, API polled at 10 Hz)`, unit: 'ms', values: p50, digits: 1 },
      { label: 'Master event-loop lag p99', unit: 'ms', values: p99, digits: 1, target: '< 10 ms', met: stats(p99).median < 10 },
      { label: 'Master event-loop lag max', unit: 'ms', values: max, digits: 0, target: '< 50 ms', met: stats(max).median < 50 },
      { label: '`GET /api/health` answer time p99 (probed every 50 ms during the streams)', unit: 'ms', values: healthP99, digits: 1, target: '< 10 ms', met: stats(healthP99).median < 10 },
      { label: '`GET /api/health` answer time max', unit: 'ms', values: healthMax, digits: 0 },
      { label: 'Cross-check: master /metrics nodejs_eventloop_lag_p99 (raw, includes the 10 ms interval)', unit: 'ms', values: promP99, digits: 1 },
      { label: 'Cross-check: master /metrics nodejs_eventloop_lag_max (raw)', unit: 'ms', values: promMax, digits: 0 },
      { label: `All 4 streams stored (${(4 * input.bytes / MB).toFixed(0)} MiB)`, unit: 's', values: seconds, digits: 1 },
      { label: 'Slowest 10 Hz poll round (all requests of one round)', unit: 'ms', values: slowestPoll, digits: 0 },
    ];
    if (longest.length) {
      rows.push({ label: 'Renderer (Chromium) longest main-thread task while its pane receives one stream (0 = no task over 50 ms, the Long Tasks API threshold)', unit: 'ms', values: longest, digits: 0 });
      rows.push({ label: 'Renderer pane shows every byte (from the start of the 4 streams)', unit: 's', values: paneSeconds, digits: 1 });
    }
    if (withJob) notes.unshift(`Four streams of ${lines.toLocaleString('en-US')} lines (${(input.bytes / MB).toFixed(0)} MiB each) on one local agent: one is the pre-submit hook of a simulated integration job (so the renderer can show it in a pane), three are plain \`cat\` commands. The poller asks, every 100 ms, for the job list, the agents, each command and the last 64 KiB of each output. A fresh master per run.`);
    else notes.unshift(`Four plain \`cat\` commands of ${lines.toLocaleString('en-US')} lines on one local agent, the same poller, no job and no browser.`);
    return { name, title: this.title, rows, notes, profiles };
  },
  };
}
