// Small helpers shared by the scenarios: statistics, /proc readings, processes we start (and
// stop by PID only), temporary directories and polling.
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '..', '..');
export const AGENT_BUNDLE = join(ROOT, 'dist', 'agent.cjs');
export const CLK_TCK = 100;

export const sleep = (ms: number): Promise<void> => new Promise((ok) => setTimeout(ok, ms));

export interface Stats {
  median: number;
  min: number;
  max: number;
  n: number;
}

export function stats(values: number[]): Stats {
  const v = [...values].sort((a, b) => a - b);
  if (v.length === 0) return { median: NaN, min: NaN, max: NaN, n: 0 };
  const mid = Math.floor(v.length / 2);
  const median = v.length % 2 ? v[mid]! : (v[mid - 1]! + v[mid]!) / 2;
  return { median, min: v[0]!, max: v.at(-1)!, n: v.length };
}

/** Nearest-rank percentile of raw samples. */
export function percentile(values: number[], p: number): number {
  const v = [...values].sort((a, b) => a - b);
  if (v.length === 0) return NaN;
  return v[Math.min(v.length - 1, Math.max(0, Math.ceil((p / 100) * v.length) - 1))]!;
}

// ---- cleanup ------------------------------------------------------------------------------

const cleanups: (() => unknown)[] = [];
/** Registered cleanups run newest first by runCleanups() (also on SIGINT). */
export function onCleanup(fn: () => unknown): void {
  cleanups.push(fn);
}
export async function runCleanups(): Promise<void> {
  while (cleanups.length) {
    const fn = cleanups.pop()!;
    try {
      await fn();
    } catch (err) {
      process.stderr.write(`cleanup failed: ${String(err)}\n`);
    }
  }
}

export function tempDir(prefix: string, keep = false): string {
  const dir = mkdtempSync(join(tmpdir(), `p4i-bench-${prefix}-`));
  if (!keep) onCleanup(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

// ---- processes ----------------------------------------------------------------------------

export interface Child {
  child: ChildProcess;
  pid: number;
  exited: Promise<number | string>;
  output(): string;
  /** SIGTERM (then SIGKILL after `graceMs`) to this PID only. */
  stop(graceMs?: number): Promise<number | string>;
}

export function startChild(command: string, args: string[], options: SpawnOptions & { capture?: boolean } = {}): Child {
  const capture = options.capture ?? true;
  const child = spawn(command, args, { cwd: ROOT, stdio: capture ? ['ignore', 'pipe', 'pipe'] : 'ignore', ...options });
  let out = '';
  if (capture) {
    child.stdout?.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-200_000)));
    child.stderr?.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-200_000)));
  }
  const exited = new Promise<number | string>((ok) => child.on('exit', (code, signal) => ok(code ?? signal ?? -1)));
  const alive = () => child.exitCode === null && child.signalCode === null;
  const stop = async (graceMs = 5000): Promise<number | string> => {
    if (alive()) child.kill('SIGTERM');
    const timer = setTimeout(() => alive() && child.kill('SIGKILL'), graceMs);
    const code = await exited;
    clearTimeout(timer);
    return code;
  };
  onCleanup(() => stop(2000));
  return { child, pid: child.pid!, exited, output: () => out, stop };
}

/** Resident set size of one process, bytes (0 once it is gone). */
export function rssOf(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** Peak resident set size (VmHWM) of one process, bytes. */
export function peakRssOf(pid: number): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** CPU seconds (user + system) a process has used so far. */
export function cpuSecondsOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / CLK_TCK;
  } catch {
    return 0;
  }
}

/** Direct children of a process. */
export function childrenOf(pid: number): number[] {
  const out: number[] = [];
  try {
    for (const task of readdirSync(`/proc/${pid}/task`)) {
      const text = readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim();
      if (text) out.push(...text.split(/\s+/).map(Number));
    }
  } catch {
    // gone
  }
  return out;
}

export function cmdlineOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return '';
  }
}

/** Samples a process's RSS every `everyMs` until stopped: returns max and mean. */
export function rssSampler(pid: () => number | null, everyMs = 100): { stop(): { max: number; mean: number; samples: number } } {
  const values: number[] = [];
  const timer = setInterval(() => {
    const p = pid();
    if (p) {
      const r = rssOf(p);
      if (r > 0) values.push(r);
    }
  }, everyMs);
  return {
    stop() {
      clearInterval(timer);
      return { max: values.length ? Math.max(...values) : 0, mean: values.length ? values.reduce((a, b) => a + b, 0) / values.length : 0, samples: values.length };
    },
  };
}

export async function waitFor<T>(probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 10_000, what = 'condition', everyMs = 20): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}

export { freePort } from '../../test/helpers/processes.ts';

export function loadavg(): string {
  return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
}

export function machine(): { nproc: number; cpu: string; ramGiB: number; node: string; kernel: string } {
  let kernel = '';
  try {
    kernel = readFileSync('/proc/sys/kernel/osrelease', 'utf8').trim();
  } catch {
    // not Linux
  }
  return { nproc: cpus().length, cpu: cpus()[0]?.model.trim() ?? 'unknown', ramGiB: Math.round(totalmem() / 2 ** 30), node: process.version, kernel };
}

export const MB = 1024 * 1024;
export function fmt(n: number, digits = 0): string {
  if (!Number.isFinite(n)) return 'n/a';
  return n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export function log(message: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}
