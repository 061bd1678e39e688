// One command on the agent: its process group (and cgroup, where the host delegates one), its
// two output spools and its meta file. The process runs in its own session/process group
// (detached) so that kill and timeout reach every child it started, not only the shell: killing
// the shell alone leaves its children running. In its own cgroup, kill also reaches the
// children that left the group (setsid).
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CHUNK_BYTES, CHUNK_MS, type CommandEnding, type CommandReport, type EndReason, type ExecSpec, type StreamName } from './protocol.ts';
import { commandCgroup, cpuSeconds, joinCgroupArgv, killCgroup, oomKills, removeCgroup, type LimitMode } from './command-cgroup.ts';
import { OutputSpool } from './output-spool.ts';
import { Redactor } from './redactor.ts';

/** After the leader exits, how long its pipes may stay open (held by a stray child) before the group is killed. */
const PIPE_LINGER_MS = 2000;
/** How often a command's CPU time is read from its cgroup against its CPU-seconds limit. */
const CPU_CHECK_MS = 250;

/** What survives in `<cmd_id>.json` so a restarted agent can account for the command. */
export interface CommandMeta {
  cmd_id: string;
  pid: number | null;
  proc_start: string | null;
  started_at: number | null;
  ending: CommandEnding | null;
  /** Its cgroup directory while it runs in one. */
  cgroup?: string | null;
}

export interface RunHooks {
  /** New bytes are in a spool. */
  onOutput(): void;
  /** The command ended and all its output is in the spools. */
  onEnded(run: CommandRun): void;
}

export class CommandRun {
  readonly cmdId: string;
  readonly spools: Record<StreamName, OutputSpool>;
  private readonly metaPath: string;
  private readonly hooks: RunHooks;
  pid: number | null = null;
  startedAt: number | null = null;
  ending: CommandEnding | null = null;
  /** Set when the master confirmed the ending; with all bytes acked the run can be dropped. */
  doneAcked = false;
  /** The DONE message went out on the current connection. */
  doneSent = false;
  private child: ChildProcess | null = null;
  private stopReason: EndReason | null = null;
  private timers = new Set<NodeJS.Timeout>();
  private pending: Record<StreamName, Buffer[]> = { stdout: [], stderr: [] };
  private pendingBytes: Record<StreamName, number> = { stdout: 0, stderr: 0 };
  private flushTimer: NodeJS.Timeout | null = null;
  private redactor: Redactor | null = null;
  private cgroup: string | null = null;
  /** memory.max of its cgroup in MiB, when the memory limit is a cgroup limit. */
  private memoryMax: number | null = null;
  /** Why a cgroup limit ended it (the agent's own CPU-time check). */
  private limitHit: string | null = null;

  constructor(spoolDir: string, cmdId: string, hooks: RunHooks, meta?: CommandMeta) {
    this.cmdId = cmdId;
    this.hooks = hooks;
    this.metaPath = join(spoolDir, `${cmdId}.json`);
    this.spools = {
      stdout: new OutputSpool(join(spoolDir, `${cmdId}.stdout`)),
      stderr: new OutputSpool(join(spoolDir, `${cmdId}.stderr`)),
    };
    if (meta) {
      this.cgroup = meta.cgroup ?? null;
      this.pid = meta.pid;
      this.startedAt = meta.started_at;
      this.ending = meta.ending;
    }
  }

  static readMeta(path: string): CommandMeta {
    return JSON.parse(readFileSync(path, 'utf8')) as CommandMeta;
  }

  /**
   * `cgroupBase`: the agent's delegated cgroup v2 directory, or null (process-group kill only);
   * `memoryMode`: whether a memory limit goes to the command cgroup's memory.max. In a cgroup
   * the CPU-seconds limit counts the whole command.
   */
  start(spec: ExecSpec, workspace: string, tmpRoot: string, killGraceMs: number, cgroupBase: string | null, memoryMode: LimitMode): void {
    const cwd = resolve(workspace, spec.cwd ?? '.');
    this.startedAt = Date.now();
    if (!isDirectory(cwd)) {
      this.failToStart(`working directory ${cwd} does not exist`, 126);
      return;
    }
    const memoryMb = memoryMode === 'cgroup' ? (spec.limits?.memory_mb ?? null) : null;
    this.cgroup = cgroupBase === null ? null : commandCgroup(cgroupBase, this.cmdId, memoryMb);
    this.memoryMax = this.cgroup === null ? null : memoryMb;
    const env: NodeJS.ProcessEnv = { ...process.env, ...spec.env };
    // Named as the command names it, also when a shell wraps it (ulimits, joining the cgroup).
    const program = spec.shell ? '/bin/sh' : (spec.command as string[])[0]!;
    // Behind a wrapping shell a missing program would be the shell's exit 127: say it as spawn would.
    if (!spec.shell && !programExists(program, cwd, env.PATH)) {
      this.failToStart(`cannot start ${JSON.stringify(program)}: ENOENT`, 127);
      return;
    }
    const cpuCap = this.cgroup === null ? null : (spec.limits?.cpu_s ?? null);
    const [file, ...args] = commandLine(spec, this.cgroup, { memory: this.memoryMax !== null, cpu: cpuCap !== null }) as [string, ...string[]];
    // The agent's own P4PASSWD may differ from the job's: both are masked.
    this.redactor = new Redactor([...Object.entries(spec.env), ...(process.env.P4PASSWD ? [['P4PASSWD', process.env.P4PASSWD] as const] : [])], spec.secret_env ?? []);
    if (spec.tmpdir) {
      env.TMPDIR = join(tmpRoot, spec.tmpdir);
      mkdirSync(env.TMPDIR, { recursive: true, mode: 0o700 });
    }
    let child: ChildProcess;
    try {
      child = spawn(file, args, { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (err) {
      // Arguments no process can take (a NUL byte): the command ends now, it never ran.
      this.failToStart(`cannot start ${JSON.stringify(program)}: ${(err as Error).message}`, 126);
      return;
    }
    this.child = child;
    child.on('error', (err: NodeJS.ErrnoException) => {
      if (this.pid === null) this.failToStart(`cannot start ${JSON.stringify(program)}: ${err.code ?? err.message}`, err.code === 'ENOENT' ? 127 : 126);
    });
    if (child.pid === undefined) return; // 'error' follows
    this.pid = child.pid;
    this.writeMeta();
    child.stdout!.on('data', (data: Buffer) => this.capture('stdout', data));
    child.stderr!.on('data', (data: Buffer) => this.capture('stderr', data));
    let exit: { code: number | null; signal: string | null } | null = null;
    child.on('exit', (code, signal) => {
      exit = { code, signal };
      // A background child may hold the pipes open; the command is over when its leader is.
      this.later(PIPE_LINGER_MS, () => {
        this.signalGroup('SIGKILL');
        // A process that left the group (setsid) can still hold them: stop reading.
        this.later(PIPE_LINGER_MS, () => {
          child.stdout!.destroy();
          child.stderr!.destroy();
        });
      });
    });
    child.on('close', (code, signal) => {
      const result = exit ?? { code, signal };
      this.signalGroup('SIGKILL'); // no orphan survives its command
      const reason: EndReason = this.stopReason ?? (result.signal ? 'signal' : 'exit');
      this.finish({ exit_code: result.code, signal: result.signal, reason, error: null });
    });
    if (spec.timeout_s !== null) {
      this.later(spec.timeout_s * 1000, () => this.stop('timeout', killGraceMs));
    }
    if (cpuCap !== null) this.watchCpu(cpuCap);
  }

  /** The CPU-seconds limit over the whole cgroup: the command and its children together. */
  private watchCpu(capS: number): void {
    this.later(CPU_CHECK_MS, () => {
      const used = this.cgroup === null ? null : cpuSeconds(this.cgroup);
      if (used === null || used <= capS) return this.watchCpu(capS);
      this.limitHit = `CPU time limit: it used ${used.toFixed(1)} s of CPU, more than its ${capS} s (cgroup cpu.stat)`;
      this.signalGroup('SIGKILL');
    });
  }

  /** SIGTERM to the whole group, SIGKILL after the grace period. */
  stop(reason: 'killed' | 'timeout', graceMs: number): void {
    if (this.ending || this.stopReason) return;
    this.stopReason = reason;
    this.signalGroup('SIGTERM');
    this.later(graceMs, () => this.signalGroup('SIGKILL'));
  }

  /** Ends a command that never ran (killed before start, or forgotten by the master). */
  endWithout(reason: EndReason, error: string | null): void {
    if (this.ending) return;
    this.finish({ exit_code: null, signal: null, reason, error });
  }

  get running(): boolean {
    return this.ending === null;
  }

  /** Everything the master needs is stored and the master knows the ending. */
  get settled(): boolean {
    return this.doneAcked && this.spools.stdout.acked === this.spools.stdout.written && this.spools.stderr.acked === this.spools.stderr.written;
  }

  report(): CommandReport {
    return {
      cmd_id: this.cmdId,
      state: this.ending ? 'ended' : 'running',
      pid: this.pid,
      started_at: this.startedAt,
      stdout_end: this.spools.stdout.written,
      stderr_end: this.spools.stderr.written,
      ending: this.ending,
    };
  }

  /** Frees the spool files and meta; the run is forgotten. */
  remove(): void {
    this.clearTimers();
    this.spools.stdout.remove();
    this.spools.stderr.remove();
    rmSync(this.metaPath, { force: true });
  }

  close(): void {
    this.clearTimers();
    this.spools.stdout.close();
    this.spools.stderr.close();
  }

  private failToStart(message: string, exitCode: number): void {
    this.spools.stderr.append(Buffer.from(`p4-integrator-agent: ${message}\n`));
    this.hooks.onOutput();
    this.finish({ exit_code: exitCode, signal: null, reason: 'spawn-error', error: message });
  }

  private capture(stream: StreamName, data: Buffer): void {
    this.pending[stream].push(data);
    this.pendingBytes[stream] += data.length;
    if (this.pendingBytes[stream] >= CHUNK_BYTES) this.flush();
    else this.flushTimer ??= setTimeout(() => this.flush(), CHUNK_MS);
  }

  /** Coalesced write: one spool append per ~64 KiB or ~20 ms, not one per pipe read. */
  private flush(final = false): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    let wrote = false;
    for (const stream of ['stdout', 'stderr'] as const) {
      if (this.pendingBytes[stream] === 0 && !(final && this.redactor?.active)) continue;
      let data: Buffer = Buffer.concat(this.pending[stream], this.pendingBytes[stream]);
      if (this.redactor) data = this.redactor.push(stream, data, final);
      this.pending[stream] = [];
      this.pendingBytes[stream] = 0;
      if (data.length === 0) continue;
      this.spools[stream].append(data);
      wrote = true;
    }
    if (wrote) this.hooks.onOutput();
  }

  private finish(end: Pick<CommandEnding, 'exit_code' | 'signal' | 'reason' | 'error'>): void {
    if (this.ending) return;
    this.flush(true);
    this.clearTimers();
    const endedAt = Date.now();
    this.ending = {
      ...end,
      started_at: this.startedAt,
      ended_at: endedAt,
      duration_ms: this.startedAt === null ? 0 : endedAt - this.startedAt,
      stdout_end: this.spools.stdout.written,
      stderr_end: this.spools.stderr.written,
    };
    this.child = null;
    if (this.ending.error === null && this.limitHit) this.ending.error = this.limitHit;
    if (this.cgroup && this.memoryMax !== null && this.ending.error === null && oomKills(this.cgroup) > 0) {
      this.ending.error = `out of memory: the kernel killed it at its memory limit (memory.max ${this.memoryMax} MiB)`;
    }
    if (this.cgroup) {
      killCgroup(this.cgroup);
      removeCgroup(this.cgroup);
      this.cgroup = null;
    }
    this.writeMeta();
    this.hooks.onEnded(this);
  }

  private signalGroup(signal: NodeJS.Signals): void {
    if (this.pid === null) return;
    if (signal === 'SIGKILL' && this.cgroup) killCgroup(this.cgroup);
    try {
      process.kill(-this.pid, signal);
    } catch {
      // ESRCH: the group is already gone.
    }
  }

  private writeMeta(): void {
    const meta: CommandMeta = {
      cmd_id: this.cmdId,
      pid: this.pid,
      proc_start: this.pid === null ? null : processStartTime(this.pid),
      started_at: this.startedAt,
      ending: this.ending,
      cgroup: this.cgroup,
    };
    writeFileSync(this.metaPath, JSON.stringify(meta), { mode: 0o600 });
  }

  private later(ms: number, fn: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      fn();
    }, ms);
    this.timers.add(timer);
  }

  private clearTimers(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
  }
}

/**
 * What to spawn: the argv itself, or /bin/sh -c for a shell line. Limits the cgroup does not
 * take (`inCgroup`; open files always) are set with ulimit in a shell that then execs the
 * command, so they bind the command and each of its children. In a cgroup, the command is
 * wrapped in a shell that joins the cgroup first and then execs it, so nothing it forks starts
 * outside.
 */
function commandLine(spec: ExecSpec, cgroup: string | null, inCgroup: { memory: boolean; cpu: boolean }): string[] {
  const limits = spec.limits ?? {};
  const ulimits = [
    limits.cpu_s !== undefined && !inCgroup.cpu ? `ulimit -t ${limits.cpu_s}` : null,
    limits.memory_mb !== undefined && !inCgroup.memory ? `ulimit -v ${limits.memory_mb * 1024}` : null,
    limits.open_files !== undefined ? `ulimit -n ${limits.open_files}` : null,
  ].filter((l) => l !== null);
  let argv: string[];
  if (spec.shell) argv = ['/bin/sh', '-c', ulimits.length === 0 ? (spec.command as string) : `${ulimits.join(' && ')} || exit 126\n${spec.command as string}`];
  else argv = ulimits.length === 0 ? (spec.command as string[]) : ['/bin/sh', '-c', `${ulimits.join(' && ')} && exec "$@"`, 'sh', ...(spec.command as string[])];
  return cgroup === null ? argv : joinCgroupArgv(cgroup, argv);
}

/** Whether `file` names an executable file, as spawn would find it (in PATH unless it has a '/'). */
function programExists(file: string, cwd: string, path: string | undefined): boolean {
  const candidates = file.includes('/') ? [resolve(cwd, file)] : (path ?? '').split(':').map((dir) => join(resolve(cwd, dir || '.'), file));
  return candidates.some((candidate) => {
    try {
      accessSync(candidate, constants.X_OK);
      return statSync(candidate).isFile();
    } catch {
      return false;
    }
  });
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * The kernel's start time of a process (field 22 of /proc/PID/stat). With the pid it names
 * one process for sure: a restarted agent kills a left-over group only if this still matches.
 */
export function processStartTime(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may contain spaces and parentheses: split after the last ')'.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}
