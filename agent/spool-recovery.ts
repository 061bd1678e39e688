// Commands of a previous agent process on this spool dir: a command that was still running
// has lost its pipes, so its process group is killed and it is reported as lost, with all the
// output it had printed.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { killCgroup, removeCgroup } from './command-cgroup.ts';
import { CommandRun, processStartTime, type RunHooks } from './command-run.ts';
import type { Logger } from './log.ts';

export function recoverLeftovers(spoolDir: string, hooks: RunHooks, log: Logger): CommandRun[] {
  const runs: CommandRun[] = [];
  for (const name of readdirSync(spoolDir)) {
    if (!name.endsWith('.json')) continue;
    let meta;
    try {
      meta = CommandRun.readMeta(join(spoolDir, name));
    } catch {
      log.warn('unreadable command record in spool; ignoring it', { file: name });
      continue;
    }
    const run = new CommandRun(spoolDir, meta.cmd_id, hooks, meta);
    runs.push(run);
    if (!meta.ending) {
      if (meta.cgroup) {
        killCgroup(meta.cgroup);
        removeCgroup(meta.cgroup);
      }
      if (meta.pid !== null && meta.proc_start !== null && processStartTime(meta.pid) === meta.proc_start) {
        try {
          process.kill(-meta.pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
      run.endWithout('lost', 'the agent restarted while the command ran; its processes were killed');
    }
    log.info('recovered command from spool', { cmd_id: meta.cmd_id, reason: run.ending?.reason });
  }
  return runs;
}
