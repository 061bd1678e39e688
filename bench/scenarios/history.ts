// Scenario 5: history. A database with 10,000 finished integration jobs and 10,000,000 stored
// output lines, written DIRECTLY with the store modules (Store: commands.insert, output.append
// with its full-text indexing, jobs.insert/insertRun/finishRun, commands.markEnded), in 64 KiB
// chunks as the agent sends them, not by running 10,000 real jobs (that would take hours).
// One job's SYNC printed 1,000,000 lines (~100 MB); the rest share the other 9,000,000.
// The database is generated once into bench/.cache/ and reused by later invocations.
// Timed through the REST API of a master started on it (no agents): the first page of the job
// list, a page deep in history, a metadata search (?q=), full-text output searches (?text=),
// one job's details, and reading 64 KiB of the big output at a late offset.
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { randomUUID } from 'node:crypto';
import { openDatabase } from '../../main/store/database.ts';
import { DATABASE_FILE, Store } from '../../main/store/store.ts';
import { NO_CHANGE_YET, type JobCounters } from '../../main/store/job-repo.ts';
import type { ExecSpec } from '../../agent/protocol.ts';
import { startBenchMaster } from '../lib/master.ts';
import { syncLine } from '../lib/sync-lines.ts';
import type { BenchContext, Row, Scenario, ScenarioResult } from '../lib/types.ts';
import { log, MB, percentile, sleep } from '../lib/util.ts';

interface HistoryInfo {
  jobs: number;
  lines: number;
  outputBytes: number;
  chunks: number;
  generateSeconds: number;
  bigJob: string;
  bigCmd: string;
  bigBytes: number;
  rarePath: string;
  rareJob: string;
  branchOfOne: string;
  dbBytes: number;
  tables: Record<string, number> | null;
}

const CHUNK = 64 * 1024;
const AGENT = 'build-01';

/** Lines a stage printed, as text; `next` numbers files so every path belongs to one job. */
function stageText(stage: string, n: number, first: number, change: number): string {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const k = first + i;
    if (stage === 'SYNC') out.push(syncLine(k));
    else if (stage === 'INTEGRATE') {
      const [, path, rev] = /^\/\/depot\/main\/(\S+)#(\d+)/.exec(syncLine(k))!;
      out.push(`//depot/release/${path}#${rev} - integrate from //depot/main/${path}#${rev}\n`);
    }
    else if (stage === 'RESOLVE_PASS_1') out.push(`/ws/release/src/module${String(k % 997).padStart(3, '0')}/file${String(k).padStart(7, '0')}.c - merging //depot/main/src/file${String(k).padStart(7, '0')}.c#${(k % 9) + 1}\n`);
    else out.push(`Change ${change} ${stage === 'P4PUSH' ? 'submitted' : 'updated'}.\n`);
  }
  return out.join('');
}

function generate(dir: string, jobs: number, lines: number): HistoryInfo {
  const t0 = performance.now();
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const store = new Store(dir);
  const now = Date.now();
  store.agents.connected({ t: 'hello', protocol: 1, agent_id: AGENT, hostname: 'build-01', version: 'bench', pid: 1, platform: 'linux', arch: 'x64', workspace: '/ws', boot_id: 'bench', labels: [], commands: [] }, now);
  store.agents.setStatus(AGENT, 'offline', now);
  const bigLines = Math.min(1_000_000, Math.floor(lines / 10));
  const perJob = Math.floor((lines - bigLines) / (jobs - 1));
  let fileNo = 1;
  let outputBytes = 0;
  let chunks = 0;
  let writtenLines = 0;
  const info: Partial<HistoryInfo> = {};
  const counters: JobCounters = { attempt: 1, ncFixRounds: 0, resolveChecks: 1, resubmits: 0, lostRetries: 0 };
  for (let j = 0; j < jobs; j++) {
    const jobId = randomUUID();
    const created = now - (jobs - j) * 600_000; // one job every 10 minutes, oldest first
    const change = 100_000 + j;
    const branch = j === jobs / 2 ? 'rel-2024.1-hotfix-unique' : `main-to-rel${j % 40}`;
    const big = j === 1234 % jobs;
    const total = big ? bigLines : j === jobs - 1 ? lines - writtenLines - 0 : perJob;
    // stage → line count: most of a job's output is its sync and integrate
    const plan: [string, number][] = big
      ? [['INIT', 1], ['SYNC', total - 5], ['INTEGRATE', 1], ['RESOLVE_PASS_1', 1], ['SHELVE', 1], ['P4PUSH', 1]]
      : [['INIT', 1], ['SYNC', Math.floor(total * 0.6)], ['INTEGRATE', Math.floor(total * 0.3)], ['RESOLVE_PASS_1', total - 4 - Math.floor(total * 0.6) - Math.floor(total * 0.3)], ['SHELVE', 1], ['P4PUSH', 1], ['RESOLVE_CHECK', 1]];
    store.transaction(() => {
      store.jobs.insert({
        jobId, agentId: AGENT, targetAgent: AGENT, targetLabels: [], priority: 'NORMAL',
        spec: { workspace: `/ws/w${j % 20}`, branch_spec: branch, env: { P4PORT: 'ssl:perforce:1666', P4USER: 'builder', P4CLIENT: `ws-${j % 20}` }, description: `Integrate ${branch} nightly #${j}` },
        stage: 'INIT', status: 'queued', changelist: null, ...NO_CHANGE_YET, error: null, conflicts: [], counters, currentCmdId: null, retryAt: null, lastCheckAt: null, createdBy: 'bench', createdAt: created, startedAt: null,
      });
      for (const [stage, n] of plan) {
        if (n <= 0) continue;
        const cmdId = randomUUID();
        const spec: ExecSpec = { cmd_id: cmdId, command: stage === 'SYNC' ? ['p4', 'sync'] : ['p4', stage.toLowerCase()], shell: false, cwd: `/ws/w${j % 20}`, env: {}, timeout_s: 600, tmpdir: `job-${jobId}` };
        store.commands.insert(AGENT, spec, created);
        store.commands.markStarted(cmdId, 4242, created);
        store.jobs.insertRun({ jobId, stage: stage as never, attempt: 1, purpose: 'stage', cmdId, command: (spec.command as string[]).join(' ') });
        const text = Buffer.from(stageText(stage, n, fileNo, change));
        if (j === jobs - 3 && stage === 'SYNC') {
          info.rarePath = syncLine(fileNo + 7).split(' ')[0]!.replace(/#\d+$/, '').replace('//depot/main/', '');
          info.rareJob = jobId;
        }
        fileNo += n;
        for (let off = 0; off < text.length; off += CHUNK) {
          store.output.append({ cmdId, stream: 'stdout', offset: off, data: text.subarray(off, off + CHUNK) });
          chunks++;
        }
        outputBytes += text.length;
        writtenLines += n;
        store.commands.markEnded(cmdId, { state: 'exited', exitCode: 0, signal: null, reason: null, startedAt: created, endedAt: created + 1000 });
        store.jobs.finishRun(cmdId, { exitCode: 0, outcome: 'ok', summary: `${n} lines`, decision: 'next', nextStage: null } as never);
        if (big && stage === 'SYNC') {
          info.bigJob = jobId;
          info.bigCmd = cmdId;
          info.bigBytes = text.length;
        }
      }
      store.jobs.update(jobId, { agentId: AGENT, stage: 'DONE' as never, status: 'done', changelist: change, submittedChange: change, outcome: 'submitted', startedAt: created, endedAt: created + 60_000 });
    });
    if (j % 1000 === 999) log(`history: ${j + 1} jobs, ${writtenLines.toLocaleString('en-US')} lines, ${(outputBytes / MB).toFixed(0)} MiB, ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  }
  store.search.catchUp(); // the master indexes behind its writes; here the index is complete before any query
  store.dispose();
  const db = openDatabase(join(dir, DATABASE_FILE));
  db.pragma('wal_checkpoint(TRUNCATE)');
  let tables: Record<string, number> | null = null;
  try {
    const rows = db.prepare('SELECT name, SUM(pgsize) AS bytes FROM dbstat GROUP BY name ORDER BY bytes DESC').all() as { name: string; bytes: number }[];
    tables = Object.fromEntries(rows.slice(0, 8).map((r) => [r.name, r.bytes]));
  } catch {
    tables = null; // SQLite built without dbstat
  }
  db.close();
  const dbBytes = ['p4-integrator.db', 'p4-integrator.db-wal'].map((f) => (existsSync(join(dir, f)) ? statSync(join(dir, f)).size : 0)).reduce((a, b) => a + b, 0);
  const done: HistoryInfo = {
    jobs, lines: writtenLines, outputBytes, chunks, generateSeconds: (performance.now() - t0) / 1000,
    bigJob: info.bigJob!, bigCmd: info.bigCmd!, bigBytes: info.bigBytes!, rarePath: info.rarePath!, rareJob: info.rareJob!,
    branchOfOne: 'rel-2024.1-hotfix-unique', dbBytes, tables,
  };
  writeFileSync(join(dir, 'bench-history.json'), JSON.stringify(done, null, 2));
  return done;
}

async function timeIt(fn: () => Promise<unknown>, reps: number): Promise<number> {
  for (let i = 0; i < 2; i++) await fn(); // warm-up
  const ms: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    await fn();
    ms.push(performance.now() - t0);
  }
  return percentile(ms, 50);
}

function ensureHistory(ctx: BenchContext): { info: HistoryInfo; generated: boolean; dir: string } {
  const jobs = ctx.quick ? 1000 : 10_000;
  const lines = ctx.quick ? 1_000_000 : 10_000_000;
  const dir = join(ctx.cache, `history-v1-${jobs}x${lines}`);
  const marker = join(dir, 'bench-history.json');
  if (existsSync(marker)) {
    const info = JSON.parse(readFileSync(marker, 'utf8')) as HistoryInfo;
    log(`history: reusing ${dir} (generated in ${info.generateSeconds.toFixed(0)} s)`);
    return { info, generated: false, dir };
  }
  log(`history: generating ${jobs} jobs, ${lines} lines into ${dir}`);
  return { info: generate(dir, jobs, lines), generated: true, dir };
}

export const history: Scenario = {
  name: 'history',
  title: 'History at 10,000 jobs / 10,000,000 lines (5)',
  async prepare(ctx: BenchContext): Promise<void> {
    ensureHistory(ctx);
  },
  async run(ctx: BenchContext): Promise<ScenarioResult> {
    const jobs = ctx.quick ? 1000 : 10_000;
    const { info, generated, dir } = ensureHistory(ctx);
    const rows: Row[] = [];
    const series: Record<string, number[]> = {};
    const add = (k: string, v: number): void => {
      (series[k] ??= []).push(v);
    };
    const reps = ctx.quick ? 5 : 20;
    for (let run = 0; run < ctx.runs; run++) {
      const master = await startBenchMaster({ options: { dataDir: dir, localAgent: false } });
      await sleep(500);
      const api = master.api;
      const ok = async (path: string, expect?: (json: any, bytes: Buffer) => boolean): Promise<void> => {
        const res = await api.request('GET', path);
        if (res.status !== 200) throw new Error(`GET ${path} → ${res.status} ${JSON.stringify(res.json)}`);
        if (expect && !expect(res.json, res.bytes)) throw new Error(`GET ${path}: unexpected answer ${res.bytes.subarray(0, 300).toString()}`);
      };
      // A cold first query after start (SQLite page cache empty; the OS cache is warm).
      let t0 = performance.now();
      await ok('/api/jobs?limit=50');
      add('cold', performance.now() - t0);
      add('page1', await timeIt(() => ok('/api/jobs?limit=50', (j) => j.length === 50), reps));
      const mid = new Date(Date.now() - (jobs / 2) * 600_000).toISOString();
      add('deep', await timeIt(() => ok(`/api/jobs?limit=50&before=${encodeURIComponent(mid)}`, (j) => j.length === 50), reps));
      add('q', await timeIt(() => ok(`/api/jobs?limit=50&q=${encodeURIComponent(info.branchOfOne)}`, (j) => j.length === 1), reps));
      add('q-many', await timeIt(() => ok('/api/jobs?limit=50&q=rel7', (j) => j.length >= Math.min(50, jobs / 40)), reps));
      add('text-rare', await timeIt(() => ok(`/api/jobs?limit=50&text=${encodeURIComponent(info.rarePath)}`, (j) => j.length === 1 && j[0].job_id === info.rareJob), reps));
      add('text-common', await timeIt(() => ok(`/api/jobs?limit=50&text=${encodeURIComponent('integrate from')}`, (j) => j.length === 50), Math.max(3, Math.floor(reps / 4))));
      add('job', await timeIt(() => ok(`/api/jobs/${info.bigJob}`), reps));
      const late = info.bigBytes - 65_536;
      add('late', await timeIt(() => ok(`/api/commands/${info.bigCmd}/output?stream=stdout&offset=${late}&limit=65536`, (_j, b) => b.length === 65_536), reps));
      add('early', await timeIt(() => ok(`/api/commands/${info.bigCmd}/output?stream=stdout&offset=0&limit=65536`, (_j, b) => b.length === 65_536), reps));
      t0 = performance.now();
      await master.stop();
      log(`history run ${run + 1}/${ctx.runs}: page ${series.page1!.at(-1)!.toFixed(1)} ms, q ${series.q!.at(-1)!.toFixed(1)} ms, text ${series['text-rare']!.at(-1)!.toFixed(1)}/${series['text-common']!.at(-1)!.toFixed(1)} ms, late read ${series.late!.at(-1)!.toFixed(1)} ms`);
    }
    const label: Record<string, string> = {
      cold: 'Job list, first page (50), first query after the master starts',
      page1: 'Job list, first page (GET /api/jobs?limit=50)',
      deep: 'Job list, a page 5,000 jobs back (?before=…)',
      q: 'Search jobs by metadata (?q=, LIKE), 1 hit',
      'q-many': 'Search jobs by metadata (?q=rel7), 1 in 40 jobs match (first 50 returned)',
      'text-rare': 'Search output (?text=, FTS5), a file path printed by 1 job',
      'text-common': 'Search output (?text=), a phrase printed by every job ("integrate from")',
      job: 'One job with its stage runs (GET /api/jobs/:id)',
      late: `Read 64 KiB of one job's ${(info.bigBytes / MB).toFixed(0)} MB SYNC output at offset ${(info.bigBytes - 65_536).toLocaleString('en-US')}`,
      early: 'The same, at offset 0',
    };
    for (const [k, v] of Object.entries(series)) rows.push({ label: label[k] ?? k, unit: 'ms', values: v, digits: 1 });
    rows.push({ label: 'Database bytes per output byte (db + wal, after checkpoint)', unit: 'B/B', values: [info.dbBytes / info.outputBytes], digits: 2 });
    rows.push({ label: 'Database size', unit: 'MiB', values: [info.dbBytes / MB] });
    const notes = [
      `Data written directly with the store modules (not real commands): ${info.jobs.toLocaleString('en-US')} done jobs, ${info.lines.toLocaleString('en-US')} lines, ${info.outputBytes.toLocaleString('en-US')} output bytes in ${info.chunks.toLocaleString('en-US')} chunks of ≤ 64 KiB, each indexed for full-text search as the master does; one job's SYNC holds ${(info.bigBytes / MB).toFixed(0)} MB. ${generated ? 'Generated in this invocation' : 'Generated by an earlier invocation'} in ${info.generateSeconds.toFixed(0)} s (${(info.outputBytes / MB / info.generateSeconds).toFixed(0)} MiB/s through the store).`,
      `Each query: median of ${reps} timed calls after 2 warm-ups, through the REST API (HTTP on loopback, JSON encoding included); a master started on the database per run, with no agent.`,
    ];
    if (info.tables) notes.push(`Space by table/index (dbstat): ${Object.entries(info.tables).map(([n, b]) => `${n} ${(b / MB).toFixed(0)} MiB`).join(', ')}.`);
    return { name: 'history', title: this.title, rows, notes, profiles: [] };
  },
};
