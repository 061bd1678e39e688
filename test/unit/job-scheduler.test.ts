import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AgentDto, JobPriority } from '../../preload/api.ts';
import { planSchedule } from '../../main/jobs/job-scheduler.ts';
import { FRESH_COUNTERS, NO_CHANGE_YET, type JobRecord } from '../../main/store/job-repo.ts';

let clock = 0;
function job(id: string, opts: { priority?: JobPriority; agent?: string; labels?: string[]; workspace?: string; status?: JobRecord['status']; on?: string } = {}): JobRecord {
  return {
    jobId: id, agentId: opts.on ?? null, targetAgent: opts.agent ?? null, targetLabels: opts.labels ?? [], priority: opts.priority ?? 'NORMAL',
    spec: { workspace: opts.workspace ?? `/ws/${id}`, branch_spec: 'b' }, stage: 'INIT', status: opts.status ?? 'queued', changelist: null, ...NO_CHANGE_YET, error: null,
    conflicts: [], counters: FRESH_COUNTERS, currentCmdId: null, retryAt: null, lastCheckAt: null, createdBy: 't', createdAt: clock++, startedAt: null,
  };
}
function agent(id: string, opts: { status?: AgentDto['status']; running?: number; labels?: string[]; load?: number } = {}): AgentDto {
  return {
    agent_id: id, hostname: id, status: opts.status ?? 'online', version: '1', platform: 'linux', arch: 'x64', workspace: '/', last_heartbeat: null,
    running: opts.running ?? 0, load: { load: [opts.load ?? 0, 0, 0], mem_free: 1, mem_total: 1, uptime_s: 1 }, labels: opts.labels ?? [], first_seen: '', last_seen: '',
    enrolment: 'accepted', key_fingerprint: null, denied_fingerprint: null, remote_ip: null, cert_expires_at: null,
  };
}
// The queue as the store returns it: priority first, then age.
const byPriority = (jobs: JobRecord[]): JobRecord[] => [...jobs].sort((a, b) => ['HIGH', 'NORMAL', 'LOW'].indexOf(a.priority) - ['HIGH', 'NORMAL', 'LOW'].indexOf(b.priority) || a.createdAt - b.createdAt);

test('the least loaded online agent with every asked-for label gets the job', () => {
  const plan = planSchedule([job('j', { labels: ['linux', 'big'] })], [], [
    agent('small', { labels: ['linux'] }),
    agent('busy', { labels: ['linux', 'big'], running: 3 }),
    agent('idle', { labels: ['big', 'linux', 'x'], running: 0 }),
    agent('down', { labels: ['linux', 'big'], status: 'offline' }),
  ], 4);
  assert.deepEqual(plan.start, [{ jobId: 'j', agentId: 'idle' }]);
});

test('ties on running commands go to the lower load average', () => {
  const plan = planSchedule([job('j')], [], [agent('a', { load: 3 }), agent('b', { load: 0.5 })], 4);
  assert.equal(plan.start[0]?.agentId, 'b');
});

test('high priority runs first; the limit of running jobs holds the rest back with a reason', () => {
  const queued = byPriority([job('low', { priority: 'LOW' }), job('normal'), job('high', { priority: 'HIGH' })]);
  const plan = planSchedule(queued, [job('r', { status: 'running', on: 'a' })], [agent('a'), agent('b')], 3);
  assert.deepEqual(plan.start.map((p) => p.jobId), ['high', 'normal']);
  assert.match(plan.waiting.get('low') ?? '', /3 jobs are running \(the maximum\)/);
});

test('one active job per (agent, workspace): a job waiting for a resolve keeps its lock', () => {
  const holder = job('holder', { status: 'needs_resolve', on: 'a', workspace: '/ws/shared' });
  const plan = planSchedule([job('next', { agent: 'a', workspace: '/ws/shared/' }), job('other', { agent: 'a', workspace: '/ws/else' })], [holder], [agent('a')], 4);
  assert.deepEqual(plan.start.map((p) => p.jobId), ['other']);
  assert.equal(plan.waiting.get('next'), 'workspace /ws/shared/ is in use by job holder');
});

test('two queued jobs for one workspace do not both start', () => {
  const plan = planSchedule([job('first', { workspace: '/ws/x' }), job('second', { workspace: '/ws/x' })], [], [agent('a')], 4);
  assert.deepEqual(plan.start.map((p) => p.jobId), ['first']);
});

test('jobs for an offline agent or unknown labels wait and say why', () => {
  const plan = planSchedule([job('j1', { agent: 'gone' }), job('j2', { labels: ['gpu'] })], [], [agent('gone', { status: 'offline' }), agent('a')], 4);
  assert.deepEqual(plan.start, []);
  assert.equal(plan.waiting.get('j1'), 'agent "gone" is offline');
  assert.equal(plan.waiting.get('j2'), 'no online agent has the labels gpu');
});
