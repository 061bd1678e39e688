// Decides WHEN a job in NEEDS_RESOLVE is checked again (`p4 resolve -n`): at once on Continue,
// when the agent reports a change to a conflicting file, and on a slow timer. The engine runs
// the check; this class only holds timers, file watches and the callers waiting on Continue.
import { posix } from 'node:path';
import type { ContinueResult, ConflictDto, StageRunDto } from '../../preload/api.ts';
import type { Disposable } from '../base/disposable.ts';

export interface WatcherPorts {
  /** Run a check now (the engine ignores it when one is already running). */
  checkDue(jobId: string, reason: string): void;
  /** Ask the job's agent to watch these files; returns false while the agent is offline. */
  watchFiles(agentId: string, jobId: string, paths: string[]): boolean;
  unwatchFiles(agentId: string, jobId: string): void;
}

/** Delay of the second check after a file change. */
const FOLLOW_UP_MS = 3000;

interface Watched {
  agentId: string;
  timer: NodeJS.Timeout;
  followUp: NodeJS.Timeout | null;
  waiters: ((result: ContinueResult) => void)[];
}

export class ResolveWatcher implements Disposable {
  private readonly jobs = new Map<string, Watched>();
  private readonly intervalMs: number;
  private readonly ports: WatcherPorts;

  constructor(intervalMs: number, ports: WatcherPorts) {
    this.intervalMs = intervalMs;
    this.ports = ports;
  }

  /** Starts (or refreshes) watching a job that needs a resolve. */
  watch(jobId: string, agentId: string, workspace: string, conflicts: ConflictDto[]): void {
    let entry = this.jobs.get(jobId);
    if (!entry) {
      entry = { agentId, timer: setInterval(() => this.ports.checkDue(jobId, 'timer'), this.intervalMs), followUp: null, waiters: [] };
      this.jobs.set(jobId, entry);
    }
    const paths = conflicts.map((c) => (c.file.startsWith('//') ? null : posix.resolve(workspace, c.file))).filter((p) => p !== null);
    if (paths.length > 0) this.ports.watchFiles(agentId, jobId, paths);
  }

  /**
   * Agent reported a change to a watched file. Check now, and once more a little later: an
   * editor writes the file before `p4 resolve` records the resolve, and that second step
   * changes no watched file.
   */
  filesChanged(jobId: string): void {
    const entry = this.jobs.get(jobId);
    if (!entry) return;
    this.ports.checkDue(jobId, 'file change');
    if (entry.followUp) clearTimeout(entry.followUp);
    entry.followUp = setTimeout(() => this.ports.checkDue(jobId, 'after a file change'), FOLLOW_UP_MS);
  }

  /** Continue: check now and resolve with the outcome of that check. */
  continueNow(jobId: string): Promise<ContinueResult> {
    const entry = this.jobs.get(jobId);
    if (!entry) return Promise.resolve({ conflicts_resolved: true, remaining_conflicts: 0, conflict_files: [] });
    const result = new Promise<ContinueResult>((resolve) => entry.waiters.push(resolve));
    this.ports.checkDue(jobId, 'continue');
    return result;
  }

  /** A check finished: tell whoever pressed Continue. */
  checked(jobId: string, remaining: ConflictDto[]): void {
    const entry = this.jobs.get(jobId);
    if (!entry) return;
    const waiters = entry.waiters.splice(0);
    for (const resolve of waiters) resolve({ conflicts_resolved: remaining.length === 0, remaining_conflicts: remaining.length, conflict_files: remaining });
  }

  isWatching(jobId: string): boolean {
    return this.jobs.has(jobId);
  }

  jobsOn(agentId: string): string[] {
    return [...this.jobs].filter(([, e]) => e.agentId === agentId).map(([id]) => id);
  }

  /** The job left NEEDS_RESOLVE (resolved, cancelled, failed). */
  stop(jobId: string, remaining: ConflictDto[] = []): void {
    const entry = this.jobs.get(jobId);
    if (!entry) return;
    this.checked(jobId, remaining);
    clearInterval(entry.timer);
    if (entry.followUp) clearTimeout(entry.followUp);
    this.ports.unwatchFiles(entry.agentId, jobId);
    this.jobs.delete(jobId);
  }

  dispose(): void {
    for (const id of [...this.jobs.keys()]) this.stop(id);
  }
}

/**
 * The timeline keeps one line per stretch of watcher checks, updated in place ("checked 12
 * times, last at 10:31 UTC: 2 files still need resolving"); the checks stay in history, folded
 * under it.
 */
export function foldChecks(runs: StageRunDto[]): StageRunDto[] {
  const out: StageRunDto[] = [];
  for (let i = 0; i < runs.length; ) {
    if (runs[i]!.purpose !== 'check') {
      out.push(runs[i++]!);
      continue;
    }
    let end = i;
    while (end < runs.length && runs[end]!.purpose === 'check') end++;
    const checks = runs.slice(i, end);
    const last = checks.at(-1)!;
    const finished = [...checks].reverse().find((c) => c.ended_at !== null);
    const at = finished ? `, last at ${finished.ended_at!.slice(11, 16)} UTC: ${finished.summary ?? 'no result'}` : '';
    out.push({ ...last, started_at: checks[0]!.started_at, summary: `checked ${checks.length} time${checks.length === 1 ? '' : 's'}${at}`, folded: checks });
    i = end;
  }
  return out;
}
