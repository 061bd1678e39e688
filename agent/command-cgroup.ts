// Where the host delegates cgroup v2 to this agent, each command runs in a cgroup of its own,
// so kill reaches every process it started, also one that left the process group (setsid):
// `cgroup.kill` ends the whole cgroup. Elsewhere commands are killed by process group.
// In a cgroup, a job's CPU-seconds limit counts the whole command (cpu.stat, kept by every v2
// cgroup) instead of each process (`ulimit -t`); where the memory controller reaches the
// command cgroups, its memory limit is that cgroup's memory.max instead of `ulimit -v`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export type KillMode = 'cgroup' | 'process-group';
/** How a limit is applied: through the command's cgroup, or with ulimit per process. */
export type LimitMode = 'cgroup' | 'ulimit';

/** The leaf the agent moves itself into so that its cgroup may hand controllers to command cgroups. */
const AGENT_LEAF = 'p4i-agent';

/** The cgroup v2 directory this agent runs in, if it may make cgroups under it and move processes into them. */
export function delegatedCgroup(): string | null {
  try {
    const own = /^0::(.*)$/m.exec(readFileSync('/proc/self/cgroup', 'utf8'))?.[1];
    const mount = readFileSync('/proc/self/mountinfo', 'utf8').split('\n').map((l) => l.split(' ')).find((f) => f[f.indexOf('-') + 1] === 'cgroup2')?.[4];
    if (own === undefined || mount === undefined) return null;
    // A restarted agent's parent may have left it in the leaf: the commands go beside it.
    const base = join(mount, own.endsWith(`/${AGENT_LEAF}`) ? own.slice(0, -AGENT_LEAF.length - 1) : own);
    const probe = join(base, `p4i-probe-${process.pid}`);
    mkdirSync(probe);
    try {
      // Moving a process in is what commands need (the no-internal-process rule may forbid it).
      const moved = spawnSync('/bin/sh', ['-c', `echo $$ > '${join(probe, 'cgroup.procs')}'`]).status === 0;
      return moved && existsSync(join(probe, 'cgroup.kill')) ? base : null;
    } finally {
      rmdirSync(probe);
    }
  } catch {
    return null;
  }
}

/**
 * Whether command cgroups under `base` get the memory controller, enabling it when the host
 * offers it. A cgroup that holds processes cannot hand controllers to its children (the kernel's
 * no-internal-process rule), so an agent alone in `base` first moves itself into a leaf of its
 * own; with other processes beside it, it leaves things as they are and limits stay ulimits.
 */
export function enableLimits(base: string): LimitMode {
  const read = (file: string): string[] => readFileSync(join(base, file), 'utf8').split(/\s+/).filter(Boolean);
  const enable = (): boolean => {
    try {
      writeFileSync(join(base, 'cgroup.subtree_control'), '+memory');
      return true;
    } catch {
      return false;
    }
  };
  try {
    if (read('cgroup.subtree_control').includes('memory')) return 'cgroup';
    if (!read('cgroup.controllers').includes('memory')) return 'ulimit';
    if (enable()) return 'cgroup';
    const procs = read('cgroup.procs');
    if (procs.length !== 1 || procs[0] !== String(process.pid)) return 'ulimit';
    mkdirSync(join(base, AGENT_LEAF), { recursive: true });
    writeFileSync(join(base, AGENT_LEAF, 'cgroup.procs'), String(process.pid));
    return enable() ? 'cgroup' : 'ulimit';
  } catch {
    return 'ulimit';
  }
}

/**
 * Makes the command's cgroup with its memory limit (`memoryMb`, when the limit mode is cgroup;
 * no swap beyond it, so going over ends in the kernel's OOM kill); null when it cannot (the
 * command then runs by process group and ulimits).
 */
export function commandCgroup(base: string, cmdId: string, memoryMb: number | null): string | null {
  const dir = join(base, `p4i-cmd-${cmdId}`);
  try {
    mkdirSync(dir, { recursive: true });
    if (memoryMb !== null) {
      writeFileSync(join(dir, 'memory.max'), String(memoryMb * 1024 * 1024));
      if (existsSync(join(dir, 'memory.swap.max'))) writeFileSync(join(dir, 'memory.swap.max'), '0');
      // Over the limit the whole command ends, not one process of it chosen by the kernel.
      writeFileSync(join(dir, 'memory.oom.group'), '1');
    }
    return dir;
  } catch {
    removeCgroup(dir, 0);
    return null;
  }
}

/** CPU seconds the cgroup's processes used so far (cpu.stat usage_usec), or null when unreadable. */
export function cpuSeconds(dir: string): number | null {
  try {
    const usec = /^usage_usec (\d+)$/m.exec(readFileSync(join(dir, 'cpu.stat'), 'utf8'))?.[1];
    return usec === undefined ? null : Number(usec) / 1e6;
  } catch {
    return null;
  }
}

/** How many processes of the cgroup the kernel killed for going over memory.max. */
export function oomKills(dir: string): number {
  try {
    return Number(/^oom_kill (\d+)$/m.exec(readFileSync(join(dir, 'memory.events'), 'utf8'))?.[1] ?? 0);
  } catch {
    return 0;
  }
}

/**
 * The argv that joins the cgroup before the command execs, so no process it forks starts
 * outside: the cgroup and the command are separate arguments, never part of a shell string.
 * A join that fails ends it with 126 (cannot run), as a failed ulimit does.
 */
export function joinCgroupArgv(dir: string, argv: readonly string[]): string[] {
  return ['/bin/sh', '-c', 'echo $$ > "$1/cgroup.procs" || exit 126; shift; exec "$@"', 'sh', dir, ...argv];
}

/** Kills every process in the cgroup. */
export function killCgroup(dir: string): void {
  try {
    writeFileSync(join(dir, 'cgroup.kill'), '1');
  } catch {
    // gone already
  }
}

/** Removes the (empty) cgroup once its processes are gone. */
export function removeCgroup(dir: string, attempts = 20): void {
  try {
    rmdirSync(dir);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EBUSY' && attempts > 0) setTimeout(() => removeCgroup(dir, attempts - 1), 250).unref();
  }
}

/**
 * Removes command cgroups that are empty and older than a minute: left by an agent that exited
 * before its last ones were empty. A populated cgroup cannot be removed, and a young one may be
 * another agent's command about to move in.
 */
export function sweepCgroups(base: string): void {
  const now = Date.now();
  for (const name of readdirSync(base)) {
    if (!name.startsWith('p4i-cmd-')) continue;
    try {
      if (now - statSync(join(base, name)).mtimeMs > 60_000) rmdirSync(join(base, name));
    } catch {
      // busy, or gone
    }
  }
}

