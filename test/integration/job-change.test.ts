// The job owns its pending change from INIT to submit: every test asks the simulated Perforce
// server (p4 opened, p4 describe, p4 changes) what is really true, not only the job's view.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import type { JobDto } from '../../preload/api.ts';
import { ApiClient } from '../helpers/api-client.ts';
import { enrol, freePort, startAgent, startMaster, suiteCleanup, tempDir, waitFor, type Cleanup, type Proc } from '../helpers/processes.ts';
import { localMaster } from '../helpers/job-rig.ts';
import { createScenario, delayCommand, lockFile, resolveInWorkspace, runP4, setLogin, type Scenario, type ScenarioName } from '../fixtures/p4sim/index.ts';

async function job(api: ApiClient, jobId: string): Promise<JobDto> {
  return (await api.request('GET', `/api/jobs/${jobId}`)).json;
}

async function waitForJob(api: ApiClient, jobId: string, ok: (j: JobDto) => boolean, what: string, timeoutMs = 60_000): Promise<JobDto> {
  let last: JobDto | undefined;
  return waitFor(async () => {
    last = await job(api, jobId);
    return ok(last) ? last : undefined;
  }, timeoutMs, () => `job ${jobId}: ${what}; last seen: ${JSON.stringify({ ...last, spec: undefined }, null, 1)}`);
}

const ended = (j: JobDto): boolean => ['done', 'error', 'cancelled'].includes(j.status);
const cleanedUp = (j: JobDto): boolean => j.cleanup === 'done' || j.cleanup === 'failed';

async function submitJob(api: ApiClient, sim: Scenario, agentId = 'local'): Promise<string> {
  const res = await api.request('POST', '/api/jobs', { agent_id: agentId, spec: { workspace: sim.workspace, branch_spec: sim.branch, env: sim.env } });
  assert.equal(res.status, 201, JSON.stringify(res.json));
  return res.json.job_id;
}

/** What the server says: files opened in the workspace, and the pending changes. */
async function perforce(sim: Scenario): Promise<{ opened: string; pending: string }> {
  const opened = await runP4(sim, ['opened']);
  const pending = await runP4(sim, ['changes', '-s', 'pending']);
  return { opened: opened.stdout, pending: pending.stdout };
}

const runsOf = (j: JobDto, stage: string): JobDto['stages'] => j.stages.filter((s) => s.stage === stage);

describe('the job owns its change', () => {
  let api: ApiClient;
  let dir: string;
  const suite = suiteCleanup();
  let n = 0;
  const scenario = (name: ScenarioName): Scenario => createScenario(name, { root: join(dir, `sim-${n++}`) });

  before(async () => {
    dir = tempDir(suite);
    const dataDir = join(dir, 'data');
    const { mkdirSync, writeFileSync } = await import('node:fs');
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(join(dataDir, 'pipeline.yaml'), 'retries:\n  lock_retries: 1\n  lock_delay_s: 0.2\n');
    ({ api } = await localMaster(suite, dataDir, ['--max-jobs', '8']));
  });

  test('a submit renamed by Perforce: the job follows the new number, proves it, and History finds it by either', async () => {
    const sim = scenario('conflict');
    const jobId = await submitJob(api, sim);
    const waiting = await waitForJob(api, jobId, (j) => j.status === 'needs_resolve' || ended(j), 'needs_resolve');
    assert.equal(waiting.status, 'needs_resolve', waiting.error ?? '');
    const other = await runP4(sim, ['change', '-i'], { input: 'Change: new\nDescription:\n\tsomeone else\n' });
    assert.match(other.stdout, /^Change \d+ created\./);
    for (const c of sim.conflicts) await resolveInWorkspace(sim, c.localPath, 'merged by hand\n');
    const done = await waitForJob(api, jobId, ended, 'ended');
    assert.equal(done.status, 'done', done.error ?? '');
    assert.equal(done.outcome, 'submitted');
    assert.ok(done.submitted_change! > done.changelist!, `renamed: ${done.changelist} → ${done.submitted_change}`);
    assert.match(runsOf(done, 'P4PUSH')[0]!.summary ?? '', new RegExp(`change ${done.submitted_change} submitted`));
    const described = await runP4(sim, ['describe', '-s', String(done.submitted_change)]);
    assert.match(described.stdout, new RegExp(`^Change ${done.submitted_change} by \\S+ on [^*]*$`, 'm'), 'submitted, not pending');
    assert.match((await runP4(sim, ['describe', '-s', String(done.changelist)])).stderr, /unknown/);
    const bySubmitted = (await api.request('GET', `/api/jobs?submitted_change=${done.submitted_change}`)).json as JobDto[];
    const byPending = (await api.request('GET', `/api/jobs?changelist=${done.changelist}`)).json as JobDto[];
    assert.deepEqual(bySubmitted.map((j) => j.job_id), [jobId]);
    assert.ok(byPending.some((j) => j.job_id === jobId));
    assert.equal((await api.request('GET', '/api/jobs?changelist=abc')).status, 400);
  });

  test('nothing to integrate: DONE only after the empty change is deleted', async () => {
    const sim = scenario('nothing-to-integrate');
    const done = await waitForJob(api, await submitJob(api, sim), ended, 'ended');
    assert.equal(done.status, 'done', done.error ?? '');
    assert.equal(done.outcome, 'nothing_to_integrate');
    assert.equal(done.submitted_change, null);
    assert.equal(runsOf(done, 'DELETE_CHANGE').length, 1);
    const p4 = await perforce(sim);
    assert.equal(p4.pending, '', 'no pending change left');
  });

  test('cancel in NEEDS_RESOLVE reverts the files and deletes the change; retry meets the same conflict, never a false DONE', async () => {
    const sim = scenario('conflict');
    const jobId = await submitJob(api, sim);
    const waiting = await waitForJob(api, jobId, (j) => j.status === 'needs_resolve' || ended(j), 'needs_resolve');
    assert.match((await perforce(sim)).opened, new RegExp(`change ${waiting.changelist}`));
    // The watcher checks every second: one line on the timeline, updated in place.
    const watched = await waitForJob(api, jobId, (j) => (j.stages.find((s) => s.purpose === 'check')?.folded?.length ?? 0) >= 3, '3 checks');
    const lines = watched.stages.filter((s) => s.purpose === 'check');
    assert.equal(lines.length, 1);
    assert.match(lines[0]!.summary ?? '', new RegExp(`^checked ${lines[0]!.folded!.length} times, last at \\d\\d:\\d\\d UTC: ${sim.conflicts.length} files? still needs? resolving$`));
    const logs = (await api.request('GET', `/api/jobs/${jobId}/logs`)).json as { purpose: string; cmd_id: string }[];
    const finished = lines[0]!.folded!.filter((c) => c.ended_at !== null).length;
    assert.ok(new Set(logs.filter((l) => l.purpose === 'check').map((l) => l.cmd_id)).size >= finished, 'every finished check stays in history');
    assert.equal((await api.request('POST', `/api/jobs/${jobId}/cancel`)).status, 202);
    const cancelled = await waitForJob(api, jobId, cleanedUp, 'cleaned up');
    assert.equal(cancelled.cleanup, 'done', cancelled.left_in_perforce ?? '');
    assert.equal(cancelled.left_in_perforce, null);
    assert.deepEqual(cancelled.stages.slice(-2).map((s) => s.stage), ['REVERT', 'DELETE_CHANGE']);
    assert.deepEqual(await perforce(sim), { opened: '', pending: '' });
    const retried = await api.request('POST', `/api/jobs/${jobId}/retry`);
    assert.equal(retried.status, 201);
    const again = await waitForJob(api, retried.json.job_id, (j) => j.status === 'needs_resolve' || ended(j), 'needs_resolve');
    assert.equal(again.status, 'needs_resolve', `the conflict is still there: ${again.error}`);
    assert.notEqual(again.changelist, waiting.changelist);
    // Cancel with keep: files and change stay for the user, and the job says so.
    assert.equal((await api.request('POST', `/api/jobs/${again.job_id}/cancel`, { keep: true })).status, 202);
    const kept = await waitForJob(api, again.job_id, ended, 'cancelled');
    assert.equal(kept.cleanup, 'kept');
    assert.match(kept.error ?? '', new RegExp(`change ${again.changelist} and its opened files are kept for you on agent local in ${sim.workspace}`));
    assert.match((await runP4(sim, ['opened', '-c', String(again.changelist)])).stdout, new RegExp(`change ${again.changelist}`));
    assert.match((await perforce(sim)).pending, new RegExp(`^Change ${again.changelist} .*\\*pending\\*`, 'm'));
    assert.equal((await api.request('POST', `/api/jobs/${again.job_id}/cleanup`)).status, 202);
    await waitForJob(api, again.job_id, cleanedUp, 'cleaned up');
    assert.deepEqual(await perforce(sim), { opened: '', pending: '' });
  });

  test('cancel in every stage leaves nothing in Perforce', async () => {
    // Each stage's p4 command sleeps (a killable delay) until the test cancels the job.
    const cases: [stage: string, command: string, scenario: ScenarioName][] = [
      ['LOGIN', 'info', 'clean'],
      ['INIT', 'change', 'clean'],
      ['SYNC', 'sync', 'clean'],
      ['INTEGRATE', 'integrate', 'clean'],
      ['RESOLVE_PASS_1', 'resolve', 'conflict'],
      ['SHELVE', 'shelve', 'clean'],
    ];
    for (const [stage, command, name] of cases) {
      const sim = scenario(name);
      delayCommand(sim, command, 30);
      const jobId = await submitJob(api, sim);
      await waitForJob(api, jobId, (j) => (j.stage === stage && j.stages.at(-1)?.stage === stage) || ended(j), `${stage} running`);
      assert.equal((await api.request('POST', `/api/jobs/${jobId}/cancel`)).status, 202);
      delayCommand(sim, command, 0); // the clean-up itself must not wait
      const cancelled = await waitForJob(api, jobId, (j) => j.status === 'cancelled' && (j.cleanup === null || cleanedUp(j)), `cancelled in ${stage}, cleaned up`);
      assert.equal(cancelled.cleanup, cancelled.changelist === null ? null : 'done', `${stage}: ${cancelled.left_in_perforce}`);
      assert.match(cancelled.error ?? '', new RegExp(`cancelled by api during ${stage}`));
      assert.deepEqual(await perforce(sim), { opened: '', pending: '' }, `${stage}: nothing left in Perforce`);
    }
  });

  test('cancel while the submit runs: the shelf the job made is deleted before the change', async () => {
    const sim = scenario('clean');
    delayCommand(sim, 'shelve', 3); // P4PUSH starts with `p4 shelve -d`: cancel while the shelf exists
    const jobId = await submitJob(api, sim);
    const pushing = await waitForJob(api, jobId, (j) => j.stage === 'P4PUSH' || ended(j), 'P4PUSH running');
    assert.match((await runP4(sim, ['describe', '-S', '-s', String(pushing.changelist)])).stdout, /Shelved files/);
    assert.equal((await api.request('POST', `/api/jobs/${jobId}/cancel`)).status, 202);
    const cancelled = await waitForJob(api, jobId, cleanedUp, 'cleaned up', 30_000);
    assert.equal(cancelled.cleanup, 'done', cancelled.left_in_perforce ?? '');
    assert.deepEqual(cancelled.stages.filter((s) => ['REVERT', 'DELETE_SHELF', 'DELETE_CHANGE'].includes(s.stage)).map((s) => s.stage), ['REVERT', 'DELETE_SHELF', 'DELETE_CHANGE']);
    assert.deepEqual(await perforce(sim), { opened: '', pending: '' });
    assert.match((await runP4(sim, ['describe', '-s', String(pushing.changelist)])).stderr, /unknown/);
  });

  test('an expired ticket fails the job at once, without retries, saying how to fix it', async () => {
    const sim = scenario('clean');
    setLogin(sim, 'expired');
    const failed = await waitForJob(api, await submitJob(api, sim), ended, 'ended');
    assert.equal(failed.status, 'error');
    assert.match(failed.error ?? '', /^Perforce ticket for sim on \S+ has expired — run `p4 login` on \S+$/);
    assert.deepEqual(failed.stages.map((s) => s.stage), ['LOGIN']);
    assert.equal(failed.changelist, null);
    setLogin(sim, null);
    assert.deepEqual(await perforce(sim), { opened: '', pending: '' }, 'no change was made');
  });

  test('an ERROR says what its change holds; Retry cleans it up first and ends DONE only with a proven submit', async () => {
    const sim = scenario('clean');
    lockFile(sim, '//depot/release/...', { commands: ['submit'] });
    const jobId = await submitJob(api, sim);
    const failed = await waitForJob(api, jobId, (j) => ended(j) && j.left_in_perforce !== null && !/is pending/.test(j.left_in_perforce), 'inspected');
    assert.equal(failed.status, 'error');
    const opened = (await runP4(sim, ['opened', '-c', String(failed.changelist)])).stdout.split('\n').filter(Boolean).length;
    assert.ok(opened > 0);
    const left = `change ${failed.changelist} holds ${opened} opened file${opened === 1 ? '' : 's'} on agent local in ${sim.workspace}`;
    assert.equal(failed.left_in_perforce, left);
    assert.match(failed.error ?? '', new RegExp(`locked by another client.*; ${left}`));
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(sim.root, 'config.json'), '{}'); // the lock is gone
    const retried = await api.request('POST', `/api/jobs/${jobId}/retry`);
    assert.equal(retried.status, 201);
    const done = await waitForJob(api, retried.json.job_id, ended, 'ended');
    assert.equal(done.status, 'done', done.error ?? '');
    assert.equal(done.outcome, 'submitted');
    assert.equal((await job(api, jobId)).cleanup, 'done', 'the old change was cleaned up first');
    assert.match((await runP4(sim, ['describe', '-s', String(failed.changelist)])).stderr, /unknown/);
    assert.deepEqual(await perforce(sim), { opened: '', pending: '' });
  });
});

describe('agents away and master restarts', () => {
  interface Builder {
    api: ApiClient;
    dir: string;
    agent: () => Proc;
    startAgentAgain: () => void;
    restartMaster: () => Promise<ApiClient>;
  }

  /** A master and a separate agent "builder" that a test can kill, stop and start again. */
  async function builder(t: Cleanup, extra: string[] = []): Promise<Builder> {
    const dir = tempDir(t);
    const dataDir = join(dir, 'data');
    const agentPort = await freePort();
    const masterArgs = { dataDir, agentPort, extra: ['--watch-interval-s', '1', ...extra] };
    let master = await startMaster(t, masterArgs);
    let api = new ApiClient(master.url, master.token);
    const tls = await enrol(t, dataDir, 'builder', join(dir, 'certs'));
    const start = (): Proc => startAgent(t, { masterPort: agentPort, agentId: 'builder', workspace: dir, spoolDir: join(dir, 'spool'), tls });
    let agent = start();
    await api.waitForAgent('builder');
    return {
      api,
      dir,
      agent: () => agent,
      startAgentAgain: () => void (agent = start()),
      restartMaster: async () => {
        await master.kill('SIGKILL');
        master = await startMaster(t, masterArgs);
        api = new ApiClient(master.url, master.token);
        return api;
      },
    };
  }

  test('cancel while the agent is offline: the clean-up waits for it, then runs once', async (t) => {
    const b = await builder(t);
    const sim = createScenario('conflict', { root: join(b.dir, 'sim') });
    const jobId = await submitJob(b.api, sim, 'builder');
    await waitForJob(b.api, jobId, (j) => j.status === 'needs_resolve' || ended(j), 'needs_resolve');
    await b.agent().kill('SIGKILL');
    const away = await waitForJob(b.api, jobId, (j) => /^agent builder offline since /.test(j.waiting_for ?? ''), 'agent offline shown', 20_000);
    assert.equal(away.status, 'needs_resolve');
    assert.equal((await b.api.request('POST', `/api/jobs/${jobId}/cancel`)).status, 202);
    const pending = await job(b.api, jobId);
    assert.equal(pending.cleanup, 'pending');
    assert.match(pending.waiting_for ?? '', /^clean-up pending on agent builder \(agent builder offline since /);
    assert.match((await perforce(sim)).opened, /change/, 'nothing reverted while the agent is away');
    b.startAgentAgain();
    const cleaned = await waitForJob(b.api, jobId, cleanedUp, 'cleaned up', 30_000);
    assert.equal(cleaned.cleanup, 'done');
    assert.equal(runsOf(cleaned, 'REVERT').length, 1, 'the revert ran once');
    assert.equal(runsOf(cleaned, 'DELETE_CHANGE').length, 1);
    assert.deepEqual(await perforce(sim), { opened: '', pending: '' });
  });

  test('the master is SIGKILLed during the clean-up: after a restart it finishes, once', async (t) => {
    const b = await builder(t);
    const sim = createScenario('conflict', { root: join(b.dir, 'sim') });
    const jobId = await submitJob(b.api, sim, 'builder');
    await waitForJob(b.api, jobId, (j) => j.status === 'needs_resolve' || ended(j), 'needs_resolve');
    delayCommand(sim, 'revert', 3);
    assert.equal((await b.api.request('POST', `/api/jobs/${jobId}/cancel`)).status, 202);
    await waitForJob(b.api, jobId, (j) => runsOf(j, 'REVERT').length > 0, 'REVERT running');
    const api = await b.restartMaster();
    const cleaned = await waitForJob(api, jobId, cleanedUp, 'cleaned up', 40_000);
    assert.equal(cleaned.cleanup, 'done', cleaned.left_in_perforce ?? '');
    assert.equal(runsOf(cleaned, 'DELETE_CHANGE').length, 1);
    assert.deepEqual(await perforce(sim), { opened: '', pending: '' });
  });

  test('a hung agent (SIGSTOP): the job says so at once, is blocked after agent_lost_after_s, and goes on when it wakes', async (t) => {
    const b = await builder(t, ['--agent-lost-after-s', '8']);
    const sim = createScenario('clean', { root: join(b.dir, 'sim') });
    delayCommand(sim, 'integrate', 4);
    const jobId = await submitJob(b.api, sim, 'builder');
    await waitForJob(b.api, jobId, (j) => j.stage === 'INTEGRATE' || ended(j), 'INTEGRATE running');
    process.kill(b.agent().pid, 'SIGSTOP');
    try {
      const away = await waitForJob(b.api, jobId, (j) => /^agent builder (unresponsive|offline) since /.test(j.waiting_for ?? ''), 'agent away shown', 20_000);
      assert.equal(away.status, 'running');
      const blocked = await waitForJob(b.api, jobId, (j) => j.status === 'blocked', 'blocked', 20_000);
      assert.match(blocked.waiting_for ?? '', /^agent builder (unresponsive|offline) since /);
    } finally {
      process.kill(b.agent().pid, 'SIGCONT');
    }
    const done = await waitForJob(b.api, jobId, ended, 'ended', 60_000);
    assert.equal(done.status, 'done', done.error ?? '');
    assert.equal(done.outcome, 'submitted');
    assert.match((await runP4(sim, ['describe', '-s', String(done.submitted_change)])).stdout, new RegExp(`^Change ${done.submitted_change} by `));
    assert.deepEqual(await perforce(sim), { opened: '', pending: '' });
  });
});
