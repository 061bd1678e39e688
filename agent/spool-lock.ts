// One agent per spool dir: two would resend each other's output.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { processStartTime } from './command-run.ts';

/** Another live agent owns the spool dir (exit code 3). */
export class SpoolBusyError extends Error {}

export function lockSpool(spoolDir: string): void {
  const lock = join(spoolDir, 'agent.lock');
  try {
    const pid = Number(readFileSync(lock, 'utf8'));
    // The pid alone may have been reused: it must still be running this agent program.
    const program = basename(process.argv[1] ?? 'agent.cjs');
    if (pid !== process.pid && processStartTime(pid) !== null && readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(program)) {
      throw new SpoolBusyError(`another agent (pid ${pid}) already uses spool dir ${spoolDir}`);
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  writeFileSync(lock, String(process.pid), { mode: 0o600 });
}

export function unlockSpool(spoolDir: string): void {
  rmSync(join(spoolDir, 'agent.lock'), { force: true });
}
