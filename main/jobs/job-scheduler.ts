// Which queued job runs next, and where: priority then age; at most N jobs running; one active
// job per (agent, workspace); the asked-for agent, or the least loaded online agent with all
// the asked-for labels. Pure: the engine passes in the current picture.
import type { AgentDto } from '../../preload/api.ts';
import type { JobRecord } from '../store/job-repo.ts';

export interface Placement {
  jobId: string;
  agentId: string;
}

export interface SchedulePlan {
  start: Placement[];
  /** Why each queued job that does not start now is waiting. */
  waiting: Map<string, string>;
}

export function planSchedule(queued: JobRecord[], active: JobRecord[], agents: AgentDto[], maxRunning: number): SchedulePlan {
  const waiting = new Map<string, string>();
  const start: Placement[] = [];
  let running = active.filter((j) => j.status === 'running').length;
  const busy = new Map(active.filter((j) => j.agentId).map((j) => [lockKey(j.agentId!, j.spec.workspace), j.jobId]));
  const load = new Map(agents.map((a) => [a.agent_id, a.running]));
  for (const job of queued) {
    if (running >= maxRunning) {
      waiting.set(job.jobId, `${maxRunning} jobs are running (the maximum); waiting for one to finish`);
      continue;
    }
    const candidates = agents.filter((a) => (job.targetAgent ? a.agent_id === job.targetAgent : job.targetLabels.every((l) => a.labels.includes(l))));
    const online = candidates.filter((a) => a.status === 'online');
    if (online.length === 0) {
      waiting.set(job.jobId, job.targetAgent
        ? `agent "${job.targetAgent}" is ${candidates[0]?.status ?? 'unknown'}`
        : `no online agent has the labels ${job.targetLabels.length ? job.targetLabels.join(', ') : '(any)'}`);
      continue;
    }
    const free = online.filter((a) => !busy.has(lockKey(a.agent_id, job.spec.workspace)));
    if (free.length === 0) {
      const holder = busy.get(lockKey(online[0]!.agent_id, job.spec.workspace));
      waiting.set(job.jobId, `workspace ${job.spec.workspace} is in use by job ${holder}`);
      continue;
    }
    free.sort((a, b) => (load.get(a.agent_id) ?? 0) - (load.get(b.agent_id) ?? 0) || (a.load?.load[0] ?? 0) - (b.load?.load[0] ?? 0));
    const agent = free[0]!;
    start.push({ jobId: job.jobId, agentId: agent.agent_id });
    busy.set(lockKey(agent.agent_id, job.spec.workspace), job.jobId);
    load.set(agent.agent_id, (load.get(agent.agent_id) ?? 0) + 1);
    running++;
  }
  return { start, waiting };
}

function lockKey(agentId: string, workspace: string): string {
  return `${agentId}\u0000${workspace.replace(/\/+$/, '')}`;
}
