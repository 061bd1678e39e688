// Scenario 6: the log viewer in Chromium. One command prints 1,000,000 sync lines (about
// 100 MB) while the Commands screen shows it live; then, finished, the output is opened afresh
// and searched. Measured in the page: the longest main-thread task while the pane receives the
// lines (PerformanceObserver 'longtask': wall time), the same task's CPU time (thread time from a
// Chromium trace of the page's main thread: its own work, without the time the shared machine
// ran other processes in the middle of it), the time from opening the output to its last line on
// screen, the JS heap of the page holding it (after a garbage collection), how long after the
// output ended the search index had caught up, and then a search of the whole output (in any
// case): the API call alone and from Enter to the first match on screen.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { startBenchMaster } from '../lib/master.ts';
import { syncLine, syncLinesFile } from '../lib/sync-lines.ts';
import type { BenchContext, Row, Scenario, ScenarioResult } from '../lib/types.ts';
import { log, MB, ROOT, waitFor } from '../lib/util.ts';
import { CHROMIUM, LONGTASK_RECORDER } from '../../test/helpers/browser.ts';


interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  tdur?: number;
  args?: { name?: string };
}

/** The longest task of the page's main thread in thread (CPU) time, ms, from a Chromium trace. */
function longestTaskCpu(trace: Buffer): number {
  const events = (JSON.parse(trace.toString('utf8')) as { traceEvents: TraceEvent[] }).traceEvents;
  const mains = new Set(events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
  const tasks = new Map<string, number[]>();
  for (const e of events) {
    const key = `${e.pid}:${e.tid}`;
    if (e.ph === 'X' && e.name === 'RunTask' && mains.has(key)) tasks.set(key, [...(tasks.get(key) ?? []), (e.tdur ?? 0) / 1000]);
  }
  // The page's renderer is the one that ran the most tasks.
  const page = [...tasks.values()].sort((a, b) => b.length - a.length)[0] ?? [];
  return Math.max(0, ...page);
}

/** Page code (plain JavaScript): runs `action`, then the ms until `selector` shows text, checked every frame. */
function untilShown(action: string, selector: string): string {
  return `(async () => {
    const t = performance.now();
    ${action};
    for (;;) {
      await new Promise((ok) => requestAnimationFrame(ok));
      const el = document.querySelector(${JSON.stringify(selector)});
      if (el && el.textContent) return performance.now() - t;
    }
  })()`;
}

export const viewer: Scenario = {
  name: 'viewer',
  title: 'Log viewer in Chromium: 1,000,000 lines (about 100 MB) live, then opened and searched (6)',
  async run(ctx: BenchContext): Promise<ScenarioResult> {
    if (!existsSync(join(ROOT, 'dist', 'renderer', 'index.html')) || !existsSync(CHROMIUM)) {
      return { name: this.name, title: this.title, rows: [], notes: ['The renderer is not built (npm run build:renderer) or Chromium is missing: nothing measured.'], profiles: [] };
    }
    const lines = ctx.quick ? 100_000 : 1_000_000;
    const input = syncLinesFile(ctx.cache, lines);
    // A line printed once, near the start: the search must cover the whole output to find it.
    const needle = syncLine(7).slice(0, 40);
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--enable-precise-memory-info'] });
    const longest: number[] = [];
    const longestCpu: number[] = [];
    const liveSeconds: number[] = [];
    const openMs: number[] = [];
    const heap: number[] = [];
    const indexed: number[] = [];
    const apiSearch: number[] = [];
    const uiSearch: number[] = [];
    try {
      for (let run = 0; run < ctx.runs; run++) {
        const dataDir = join(ctx.work, `viewer-${run}`, 'data');
        mkdirSync(dataDir, { recursive: true });
        const master = await startBenchMaster({ options: { dataDir, localAgent: true } });
        const api = master.api;
        await api.waitForAgent('local');
        const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
        await context.addInitScript({ content: LONGTASK_RECORDER });
        const page = await context.newPage();
        await page.goto(`${master.url}?token=${encodeURIComponent(master.token)}#/commands`);
        await page.locator('.link-open').waitFor();

        // Live: the command starts once its pane is open, so every line goes through it.
        const cmdId = await api.run({ agent_id: 'local', command: `sleep 1; cat '${input.path}'`, shell: true });
        await page.evaluate(`location.hash = '#/commands/${cmdId}'`);
        const logView = page.locator(`.command-detail[data-cmd-id="${cmdId}"] .log`);
        await logView.waitFor();
        await browser.startTracing(page, { categories: ['disabled-by-default-devtools.timeline'] });
        await page.evaluate('window.__longestTask = 0');
        const t0 = performance.now();
        await api.waitForStored(cmdId, input.bytes, 900_000, 100);
        const stored = performance.now();
        await waitFor(async () => Number(await logView.getAttribute('data-shown')) >= input.bytes, 300_000, 'the pane to reach the end', 100);
        liveSeconds.push((performance.now() - t0) / 1000);
        longest.push(Number(await page.evaluate('window.__longestTask')));
        longestCpu.push(longestTaskCpu(await browser.stopTracing()));

        // Finished: open it afresh (another screen first, so the viewer starts from nothing).
        await page.evaluate(`location.hash = '#/jobs'`);
        await page.locator('.jobs-table, .empty').first().waitFor();
        const took = Number(await page.evaluate(untilShown(`location.hash = '#/commands/${cmdId}'`, `.command-detail .log-row[data-line="${lines}"]`)));
        openMs.push(took);
        // Where a slow open spent its time: the read of the tail (request and answer) vs. the rest.
        const tailRead = Number(await page.evaluate(`performance.getEntriesByType('resource').filter((e) => e.name.includes('/output?')).at(-1)?.duration ?? -1`));
        const cdp = await context.newCDPSession(page);
        await cdp.send('HeapProfiler.collectGarbage');
        heap.push(((await cdp.send('Runtime.getHeapUsage')) as { usedSize: number }).usedSize / MB);

        await waitFor(async () => (await api.request('GET', '/api/health')).json.search.index_current === true, 600_000, 'the search index to catch up', 100);
        indexed.push((performance.now() - stored) / 1000);
        const s0 = performance.now();
        const found = (await api.request('GET', `/api/commands/${cmdId}/search?text=${encodeURIComponent(needle.toUpperCase())}`)).json as { count: number };
        apiSearch.push(performance.now() - s0);
        if (found.count !== 1) throw new Error(`search found ${found.count} matches of a line printed once`);
        const search = page.locator('.command-detail .pane-search');
        await search.fill(needle);
        const enter = `document.querySelector('.command-detail .pane-search').dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }))`;
        const uiTook = Number(await page.evaluate(untilShown(enter, '.command-detail .log-row.focused[data-line="7"]')));
        uiSearch.push(uiTook);
        log(`viewer run ${run + 1}/${ctx.runs}: longest task ${longest.at(-1)!.toFixed(0)} ms (CPU ${longestCpu.at(-1)!.toFixed(0)} ms) live (${liveSeconds.at(-1)!.toFixed(1)} s); end shown in ${took.toFixed(0)} ms (tail read ${tailRead.toFixed(0)} ms); heap ${heap.at(-1)!.toFixed(1)} MiB; indexed after ${indexed.at(-1)!.toFixed(1)} s; search ${apiSearch.at(-1)!.toFixed(0)} ms (API), ${uiTook.toFixed(0)} ms (UI)`);
        await context.close();
        await master.stop();
      }
    } finally {
      await browser.close();
    }
    const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;
    const size = `${(input.bytes / MB).toFixed(0)} MiB`;
    const rows: Row[] = [
      { label: `Longest main-thread task while the pane receives ${lines.toLocaleString('en-US')} lines live (0 = none over 50 ms)`, unit: 'ms', values: longest, digits: 0, target: '< 50 ms', met: median(longest) < 50 },
      { label: 'Longest main-thread task in CPU time (thread time, Chromium trace of the same phase)', unit: 'ms', values: longestCpu, digits: 0, target: '< 50 ms', met: median(longestCpu) < 50 },
      { label: 'Pane caught up with the stored output (from the first line)', unit: 's', values: liveSeconds, digits: 1 },
      { label: `Open a finished ${size} output: its last line on screen`, unit: 'ms', values: openMs, digits: 0, target: '< 1000 ms', met: median(openMs) < 1000 },
      { label: 'JS heap of the page holding it (after a GC)', unit: 'MiB', values: heap, digits: 1, target: '< 150 MiB', met: median(heap) < 150 },
      { label: 'Search index caught up (from the output stored whole)', unit: 's', values: indexed, digits: 1 },
      { label: `Search the whole ${size} output, in any case (API call)`, unit: 'ms', values: apiSearch, digits: 0, target: '< 300 ms', met: median(apiSearch) < 300 },
      { label: 'Search from Enter to the match on screen (UI, loads the part around it)', unit: 'ms', values: uiSearch, digits: 0 },
    ];
    const notes = [`One command prints ${lines.toLocaleString('en-US')} sync lines (${size}) through the local agent while the Commands screen shows it (1440 × 900). The viewer keeps at most 200,000 lines; the rest stays in the store and loads on demand. The search text occurs once, on line 7 (searched in upper case: the search ignores case by default), and is searched once the full-text index has caught up. A fresh master per run. The live phase is traced (Chromium's devtools.timeline category), which costs the page some time of its own.`];
    return { name: this.name, title: this.title, rows, notes, profiles: [] };
  },
};
