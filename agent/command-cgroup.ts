// Where the host delegates cgroup v2 to this agent, each command runs in a cgroup of its own,
// so kill reaches every process it started, also one that left the process group (setsid):
// `cgroup.kill` ends the whole cgroup. Elsewhere commands are killed by process group.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export type KillMode = 'cgroup' | 'process-group';

/** The cgroup v2 directory this agent runs in, if it may make cgroups under it and move processes into them. */
export function delegatedCgroup(): string | null {
  try {
    const own = /^0::(.*)$/m.exec(readFileSync('/proc/self/cgroup', 'utf8'))?.[1];
    const mount = readFileSync('/proc/self/mountinfo', 'utf8').split('\n').map((l) => l.split(' ')).find((f) => f[f.indexOf('-') + 1] === 'cgroup2')?.[4];
    if (own === undefined || mount === undefined) return null;
    const base = join(mount, own);
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

/** Makes the command's cgroup; null when it cannot (the command then runs by process group). */
export function commandCgroup(base: string, cmdId: string): string | null {
  const dir = join(base, `p4i-cmd-${cmdId}`);
  try {
    mkdirSync(dir, { recursive: true });
    return dir;
  } catch {
    return null;
  }
}

/** Moves a process into the cgroup (best effort: a process that is already gone needs nothing). */
export function moveIntoCgroup(dir: string, pid: number): void {
  try {
    writeFileSync(join(dir, 'cgroup.procs'), String(pid));
  } catch {
    // it exited already
  }
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

