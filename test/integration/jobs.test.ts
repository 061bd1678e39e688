// Integration jobs end to end: the headless master, a real local agent, the Perforce simulator.
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import type { JobDto } from '../../preload/api.ts';
import { ApiClient } from '../helpers/api-client.ts';
import { findProcesses, startMaster, suiteCleanup, tempDir, waitFor, type MasterProc } from '../helpers/processes.ts';
import { localMaster, masterWithAgent } from '../helpers/job-rig.ts';
import { addNameCheckTrigger, createScenario, delayCommand, lockFile, readSimState, resolveInWorkspace, runP4, setOffline, type Scenario, type ScenarioName } from '../fixtures/p4sim/index.ts';

async function job(api: ApiClient, jobId: string): Promise<JobDto> {
  return (await api.request('GET', `/api/jobs/${jobId}`)).json;
}

async function waitForJob(api: ApiClient, jobId: string, statuses: string[], timeoutMs = 60_000): Promise<JobDto> {
  let last: JobDto | undefined;
  let lastCommand: unknown;
  return waitFor(async () => {
    last = await job(api, jobId);
    const cmdId = last.stages.at(-1)?.cmd_id;
    lastCommand = cmdId ? await api.command(cmdId) : null;
    return statuses.includes(last.status) ? last : undefined;
  }, timeoutMs, () => `job ${jobId} in ${statuses.join('|')}; last seen: ${JSON.stringify({ ...last, spec: undefined }, null, 1)}\nits last command: ${JSON.stringify(lastCommand)}`);
}

async function submitJob(api: ApiClient, sim: Scenario, extra: Record<string, unknown> = {}, agentId = 'local', priority = 'NORMAL'): Promise<string> {
  const res = await api.request('POST', '/api/jobs', { agent_id: agentId, priority, spec: { workspace: sim.workspace, branch_spec: sim.branch, env: sim.env, ...extra } });
  assert.equal(res.status, 201, JSON.stringify(res.json));
  return res.json.job_id;
}

/** The pipeline's stage runs (not checks, probes, or the steps after the end). */
const stagesOf = (j: JobDto): string[] => j.stages.filter((s) => s.purpose === 'stage' && !['INSPECT', 'REVERT', 'DELETE_SHELF'].includes(s.stage)).map((s) => s.stage);

describe('integration jobs on a local agent', () => {
  let master: MasterProc;
  let api: ApiClient;
  let dir: string;
  const suite = suiteCleanup();
  let n = 0;
  const scenario = (name: ScenarioName): Scenario => createScenario(name, { root: join(dir, `sim-${n++}`) });

  before(async () => {
    dir = tempDir(suite);
    const dataDir = join(dir, 'data');
    ({ master, api } = await localMaster(suite, dataDir, ['--max-jobs', '8']));
  });

  test('a clean integration runs from INIT to DONE and is submitted', async () => {
    const sim = scenario('clean');
    const jobId = await submitJob(api, sim);
    const done = await waitForJob(api, jobId, ['done', 'error']);
    assert.equal(done.status, 'done', done.error ?? '');
    assert.deepEqual(stagesOf(done), ['LOGIN', 'INIT', 'SYNC', 'INTEGRATE', 'RESOLVE_PASS_1', 'RESOLVE_CHECK', 'SHELVE', 'P4PUSH', 'VERIFY']);
    assert.ok(done.changelist, 'a pending changelist was created');
    assert.match(done.stages.find((s) => s.stage === 'P4PUSH')!.summary ?? '', new RegExp(`change ${done.changelist} submitted`));
    assert.equal(done.outcome, 'submitted');
    assert.equal(done.submitted_change, done.changelist, 'no other change was made meanwhile');
    const state = readSimState(sim) as unknown as { changes: Record<string, { status: string }> };
    assert.equal(state.changes[String(done.changelist)]?.status, 'submitted');
    const logs = (await api.request('GET', `/api/jobs/${jobId}/logs`)).json as { stage: string; stream: string; text: string }[];
    assert.ok(logs.some((l) => l.stage === 'SYNC' && l.stream === 'stdout' && l.text.includes('//depot/')), 'sync output is in the logs');
  });

  test('a job\'s secret env values are erased when it ends, names kept; retry asks for them and runs with them', async () => {
    const sim = scenario('clean');
    const env = { ...sim.env, P4PASSWD: 'pw-in-clear-1', BUILD_KEY: 'key-in-clear-2' };
    const jobId = await submitJob(api, sim, { env, secret_env: ['BUILD_KEY'] });
    const done = await waitForJob(api, jobId, ['done', 'error']);
    assert.equal(done.status, 'done', done.error ?? '');
    const db = new Database(join(master.dataDir, 'p4-integrator.db'), { readonly: true });
    try {
      /** Everything the file holds of a job: its spec and the env of each of its commands. */
      const stored = (id: string): string => [
        (db.prepare('SELECT spec_json FROM jobs WHERE job_id = ?').get(id) as { spec_json: string }).spec_json,
        ...(db.prepare('SELECT c.env_json FROM commands c JOIN stage_runs r ON r.cmd_id = c.cmd_id WHERE r.job_id = ?').all(id) as { env_json: string }[]).map((r) => r.env_json),
      ].join('\n');
      const erased = (id: string): boolean => !/p4i-sealed:|pw-in-clear-1|key-in-clear-2/.test(stored(id));
      await waitFor(() => erased(jobId), 10_000, () => `no sealed or clear secret left of the done job: ${stored(jobId)}`);
      assert.match(stored(jobId), /"P4PASSWD":"\*\*\*".*"BUILD_KEY":"\*\*\*"/, 'the names are kept');
      assert.deepEqual((await job(api, jobId)).erased_secrets, ['P4PASSWD', 'BUILD_KEY']);

      const refused = await api.request('POST', `/api/jobs/${jobId}/retry`);
      assert.equal(refused.status, 400);
      assert.match(refused.json.error, /erased when it ended; give them again: P4PASSWD, BUILD_KEY$/);
      const partial = await api.request('POST', `/api/jobs/${jobId}/retry`, { secrets: { P4PASSWD: 'pw-in-clear-1' } });
      assert.equal(partial.status, 400);
      assert.match(partial.json.error, /give them again: BUILD_KEY$/);
      const stranger = await api.request('POST', `/api/jobs/${jobId}/retry`, { secrets: { P4PASSWD: 'pw-in-clear-1', BUILD_KEY: 'k', P4USER: 'x' } });
      assert.equal(stranger.status, 400);
      assert.match(stranger.json.error, /not an erased secret of this job: P4USER$/);

      const again = await api.request('POST', `/api/jobs/${jobId}/retry`, { secrets: { P4PASSWD: 'pw-in-clear-1', BUILD_KEY: 'key-in-clear-2' } });
      assert.equal(again.status, 201, JSON.stringify(again.json));
      const retried = again.json.job_id as string;
      const spec = (db.prepare('SELECT spec_json FROM jobs WHERE job_id = ?').get(retried) as { spec_json: string }).spec_json;
      assert.match(spec, /"P4PASSWD":"p4i-sealed:v1:[^"]+".*"BUILD_KEY":"p4i-sealed:v1:[^"]+"/, 'the values given again are sealed');
      const ended = await waitForJob(api, retried, ['done', 'error']);
      assert.ok(ended.stages.length > 1, 'the retried job ran its stages with the values');
      await waitFor(() => erased(retried), 10_000, () => `the retried job's secrets erased in turn: ${stored(retried)}`);
    } finally {
      db.close();
    }
  });

  test('conflicts stop in NEEDS_RESOLVE; resolving in the workspace lets the job finish by itself', async () => {
    const sim = scenario('conflict');
    const jobId = await submitJob(api, sim);
    const waiting = await waitForJob(api, jobId, ['needs_resolve', 'error', 'done']);
    assert.equal(waiting.status, 'needs_resolve', waiting.error ?? '');
    assert.equal(waiting.stage, 'NEEDS_RESOLVE');
    assert.deepEqual(waiting.conflicts.map((c) => [c.file, c.reason]), sim.conflicts.map((c) => [c.localPath, 'conflict']));
    const early = await api.request('POST', `/api/jobs/${jobId}/continue`);
    assert.equal(early.status, 200);
    assert.deepEqual([early.json.conflicts_resolved, early.json.remaining_conflicts], [false, sim.conflicts.length]);
    assert.equal(early.json.conflict_files[0].file, sim.conflicts[0]!.localPath);
    for (const c of sim.conflicts) {
      const r = await resolveInWorkspace(sim, c.localPath, 'merged by hand\n');
      assert.equal(r.code, 0, r.stderr);
    }
    const done = await waitForJob(api, jobId, ['done', 'error']);
    assert.equal(done.status, 'done', done.error ?? '');
    assert.ok(done.stages.some((s) => s.purpose === 'check'), 'the watcher checked');
  });

  test('a binary conflict is reported as binary', async () => {
    const sim = scenario('binary');
    const jobId = await submitJob(api, sim);
    const waiting = await waitForJob(api, jobId, ['needs_resolve', 'error', 'done']);
    assert.equal(waiting.status, 'needs_resolve', waiting.error ?? '');
    assert.deepEqual(waiting.conflicts.map((c) => c.reason), ['binary']);
    const cancel = await api.request('POST', `/api/jobs/${jobId}/cancel`);
    assert.equal(cancel.status, 202);
    const cancelled = await waitForJob(api, jobId, ['cancelled']);
    assert.equal(cancelled.stage, 'CANCELLED');
    assert.match(cancelled.error ?? '', /cancelled by api during NEEDS_RESOLVE/);
  });

  test('nothing to integrate ends in DONE with that reason', async () => {
    const sim = scenario('nothing-to-integrate');
    const done = await waitForJob(api, await submitJob(api, sim), ['done', 'error']);
    assert.equal(done.status, 'done', done.error ?? '');
    assert.match(done.stages.find((s) => s.stage === 'INTEGRATE')!.decision ?? '', /nothing to integrate/);
  });

  test('a name-check rejection runs the fix script and shelves again', async () => {
    const sim = scenario('clean');
    const { fixScript } = addNameCheckTrigger(sim);
    const done = await waitForJob(api, await submitJob(api, sim, { name_check_fix_script: fixScript }), ['done', 'error']);
    assert.equal(done.status, 'done', done.error ?? '');
    assert.deepEqual(stagesOf(done).slice(-5), ['SHELVE', 'NC_FIX', 'SHELVE', 'P4PUSH', 'VERIFY']);
  });

  test('a trigger that keeps rejecting ends in ERROR after the bounded fixes, with the reason', async () => {
    const sim = scenario('clean');
    const { fixScript } = addNameCheckTrigger(sim, { forever: true });
    const failed = await waitForJob(api, await submitJob(api, sim, { name_check_fix_script: fixScript }), ['done', 'error']);
    assert.equal(failed.status, 'error');
    assert.equal(stagesOf(failed).filter((s) => s === 'NC_FIX').length, 3);
    assert.match(failed.error ?? '', /still rejected by trigger 'name-check' after 3 name-check fixes/);
  });

  test('a bad spec is refused with the field and the reason', async () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ branch_spec: 'b' }, /spec.workspace/],
      [{ workspace: 'relative/dir', branch_spec: 'b' }, /workspace must be an absolute path/],
      [{ workspace: '/w', branch_spec: '-rf' }, /branch_spec must not start with "-"/],
      [{ workspace: '/w', branch_spec: 'has space' }, /branch_spec must be a branch name/],
      [{ workspace: '/w', branch_spec: 'b', changelist: 'abc' }, /changelist/],
      [{ workspace: '/w', branch_spec: 'b', surprise: 1 }, /surprise|unrecognized/i],
      [{ workspace: '/w', branch_spec: 'b', env: { P4CLIENT: 'ws\u0000x' } }, /spec\.env\.P4CLIENT: must not contain a NUL byte/],
    ];
    for (const [spec, message] of cases) {
      const res = await api.request('POST', '/api/jobs', { agent_id: 'local', spec });
      assert.equal(res.status, 400, JSON.stringify(spec));
      assert.match(res.json.error, message);
    }
    const unknown = await api.request('POST', '/api/jobs', { agent_id: 'nobody', spec: { workspace: '/w', branch_spec: 'b' } });
    assert.equal(unknown.status, 404);
  });

  test('one job at a time per workspace; the second waits and says why', async () => {
    const sim = scenario('clean');
    delayCommand(sim, 'sync', 2);
    const first = await submitJob(api, sim);
    await waitForJob(api, first, ['running']);
    const second = await submitJob(api, sim);
    const queued = await job(api, second);
    assert.equal(queued.status, 'queued');
    assert.match(queued.waiting_for ?? '', new RegExp(`workspace .* is in use by job ${first}`));
    assert.equal((await waitForJob(api, first, ['done', 'error'])).status, 'done');
    const secondDone = await waitForJob(api, second, ['done', 'error']);
    assert.equal(secondDone.status, 'done', secondDone.error ?? '');
    assert.match(secondDone.stages.find((s) => s.stage === 'INTEGRATE')!.decision ?? '', /nothing to integrate/);
  });

  test('priorities decide which queued job starts first', async (t) => {
    const dir2 = tempDir(t);
    const { api: one } = await localMaster(t, join(dir2, 'data'), ['--max-jobs', '1']);
    const blocker = createScenario('clean', { root: join(dir2, 'blocker') });
    delayCommand(blocker, 'sync', 2);
    const first = await submitJob(one, blocker);
    await waitForJob(one, first, ['running']);
    const low = await submitJob(one, createScenario('clean', { root: join(dir2, 'low') }), {}, 'local', 'LOW');
    const high = await submitJob(one, createScenario('clean', { root: join(dir2, 'high') }), {}, 'local', 'HIGH');
    assert.match((await job(one, high)).waiting_for ?? '', /1 jobs are running \(the maximum\)/);
    // Three jobs one after the other, each about ten commands: on a loaded machine this takes a while.
    const [lowDone, highDone] = await Promise.all([waitForJob(one, low, ['done', 'error'], 150_000), waitForJob(one, high, ['done', 'error'], 150_000)]);
    assert.ok(Date.parse(highDone.started_at!) < Date.parse(lowDone.started_at!), 'HIGH started before the older LOW job');
  });

  test('cancel kills the running stage command and leaves the workspace as it is', async () => {
    const sim = scenario('clean');
    delayCommand(sim, 'sync', 60);
    const jobId = await submitJob(api, sim);
    await waitFor(async () => (await job(api, jobId)).stage === 'SYNC', 10_000, 'SYNC running');
    const res = await api.request('POST', `/api/jobs/${jobId}/cancel`);
    assert.equal(res.status, 202);
    const cancelled = await waitForJob(api, jobId, ['cancelled']);
    const syncRun = cancelled.stages.find((s) => s.stage === 'SYNC')!;
    const cmd = await api.command(syncRun.cmd_id!);
    await api.waitForState(cmd.cmd_id, ['killed']);
    assert.equal((await api.request('POST', `/api/jobs/${jobId}/cancel`)).status, 409, 'a second cancel is refused');
    delayCommand(sim, 'sync', 0);
    const retried = await api.request('POST', `/api/jobs/${jobId}/retry`);
    assert.equal(retried.status, 201);
    const again = await waitForJob(api, retried.json.job_id, ['done', 'error']);
    assert.equal(again.status, 'done', again.error ?? '');
    assert.equal(again.spec.workspace, sim.workspace, 'same spec');
  });
});

describe('robustness', () => {
  test('a stage timeout is retried a bounded number of times, then the job fails with the reason', async (t) => {
    const dir = tempDir(t);
    const dataDir = join(dir, 'data');
    await pipeline(dataDir, 'timeouts_s:\n  SYNC: 1\nretries:\n  timeout_retries: 1\n  timeout_delay_s: 0.2\n');
    const { api } = await localMaster(t, dataDir);
    const sim = createScenario('clean', { root: join(dir, 'sim') });
    delayCommand(sim, 'sync', 30);
    const failed = await waitForJob(api, await submitJob(api, sim), ['done', 'error']);
    assert.equal(failed.status, 'error');
    assert.deepEqual(stagesOf(failed), ['LOGIN', 'INIT', 'SYNC', 'SYNC']);
    assert.match(failed.error ?? '', /SYNC timed out after 2 attempts/);
    assert.match(failed.stages.find((s) => s.stage === 'SYNC')!.summary ?? '', /timed out after 1 s/);
  });

  test('a site template overrides a stage command', async (t) => {
    const dir = tempDir(t);
    const dataDir = join(dir, 'data');
    const sim = createScenario('clean', { root: join(dir, 'sim') });
    const initScript = join(dir, 'init.sh');
    writeFileSync(initScript, 'export P4I_SITE=site-ok\n');
    await pipeline(dataDir, 'stages:\n  SYNC:\n    shell: "echo \\"$P4I_SITE\\" && p4 sync"\n  P4PUSH:\n    argv: [p4push, -c, "{changelist}"]\n');
    const { api } = await localMaster(t, dataDir);
    const done = await waitForJob(api, await submitJob(api, sim, { init_script: initScript }), ['done', 'error']);
    assert.equal(done.status, 'done', done.error ?? '');
    const sync = done.stages.find((s) => s.stage === 'SYNC')!;
    assert.equal(sync.command, `. ${initScript} && echo "$P4I_SITE" && p4 sync`);
    assert.match((await api.output(sync.cmd_id!)).toString(), /^site-ok\n/);
    assert.equal(done.stages.find((s) => s.stage === 'P4PUSH')!.command, `. ${initScript} && p4push -c ${done.changelist}`);
  });

  test('an invalid pipeline file stops the master with the key at fault', async (t) => {
    const dir = tempDir(t);
    await pipeline(dir, 'stages:\n  SYNC:\n    argv: [p4, sync, "{nonsense}"]\n');
    await assert.rejects(startMaster(t, { dataDir: dir }), /pipeline.yaml:3: stages.SYNC.argv.2: unknown placeholder \{nonsense\}/);
  });

  test('the master is SIGKILLed during INTEGRATE; after a restart the job still ends in DONE', async (t) => {
    const dir = tempDir(t);
    const { master: first, dataDir, agentPort, ...rig } = await masterWithAgent(t, dir);
    let api = rig.api;
    const sim = createScenario('clean', { root: join(dir, 'sim') });
    delayCommand(sim, 'integrate', 3);
    const jobId = await submitJob(api, sim, {}, 'builder');
    await waitFor(async () => (await job(api, jobId)).stage === 'INTEGRATE', 10_000, 'INTEGRATE running');
    await first.kill('SIGKILL');
    const second = await startMaster(t, { dataDir, agentPort });
    api = new ApiClient(second.url, second.token);
    const done = await waitForJob(api, jobId, ['done', 'error'], 40_000);
    assert.equal(done.status, 'done', done.error ?? '');
    assert.equal(stagesOf(done).filter((s) => s === 'INTEGRATE').length, 1, 'integrate ran once');
  });

  test('a stage command lost with its agent: submit is checked before it is run again', async (t) => {
    const dir = tempDir(t);
    const dataDir = join(dir, 'data');
    const { api } = await localMaster(t, dataDir);
    const sim = createScenario('clean', { root: join(dir, 'sim') });
    delayCommand(sim, 'shelve', 3); // P4PUSH starts with `p4 shelve -d`: a window in which it surely runs
    const jobId = await submitJob(api, sim);
    await waitFor(async () => (await job(api, jobId)).stage === 'P4PUSH', 60_000, 'P4PUSH running');
    // Kill the agent while P4PUSH's delayed `p4 shelve -d` surely runs, however slow the machine.
    await waitFor(() => findProcesses(['p4sim/p4.ts', 'shelve', '-d']).length > 0, 20_000, 'p4 shelve -d running');
    const [agentPid] = findProcesses(['agent.cjs', dataDir]);
    process.kill(agentPid!, 'SIGKILL');
    const done = await waitForJob(api, jobId, ['done', 'error'], 40_000);
    assert.equal(done.status, 'done', done.error ?? '');
    const push = done.stages.filter((s) => s.stage === 'P4PUSH');
    assert.equal(push[0]!.summary?.includes('local agent process exited'), true, JSON.stringify(push[0]));
    assert.equal(push[1]!.purpose, 'probe', 'the changelist was checked before submitting again');
    const state = readSimState(sim) as unknown as { changes: Record<string, { status: string }> };
    assert.equal(state.changes[String(done.changelist)]?.status, 'submitted');
    const described = await runP4(sim, ['describe', '-s', String(done.changelist)]);
    assert.doesNotMatch(described.stdout, /\*pending\*/);
  });
});

describe('retries, watcher triggers and isolation', () => {
  let api: ApiClient;
  let dir: string;
  let dataDir: string;
  const suite = suiteCleanup();

  before(async () => {
    dir = tempDir(suite);
    dataDir = join(dir, 'data');
    await pipeline(dataDir, 'retries:\n  lock_delay_s: 0.2\n  connection_delay_s: 0.2\n');
    // A watcher interval far beyond the test: only file changes and Continue trigger checks.
    const master = await startMaster(suite, { dataDir, localAgent: true, extra: ['--watch-interval-s', '600'] });
    api = new ApiClient(master.url, master.token);
    await api.waitForAgent('local');
  });

  test('a submit refused because another client holds a lock is retried and succeeds', async () => {
    const sim = createScenario('clean', { root: join(dir, 'lock') });
    lockFile(sim, '//depot/release/...', { commands: ['submit'], times: 1 });
    const done = await waitForJob(api, await submitJob(api, sim), ['done', 'error']);
    assert.equal(done.status, 'done', done.error ?? '');
    const pushes = done.stages.filter((s) => s.stage === 'P4PUSH');
    assert.equal(pushes.length, 2);
    assert.match(pushes[0]!.decision ?? '', /locked by another client .*retry 1 of 5/);
  });

  test('a server that cannot be reached is retried with backoff', async () => {
    const sim = createScenario('clean', { root: join(dir, 'offline') });
    setOffline(sim, 1);
    const done = await waitForJob(api, await submitJob(api, sim), ['done', 'error']);
    assert.equal(done.status, 'done', done.error ?? '');
    assert.match(done.stages[0]!.decision ?? '', /could not reach the Perforce server/);
    assert.deepEqual(stagesOf(done).slice(0, 2), ['LOGIN', 'LOGIN']);
  });

  test('a change to a conflicting file triggers the check: the job finishes without a click', async () => {
    const sim = createScenario('conflict', { root: join(dir, 'watch') });
    const jobId = await submitJob(api, sim);
    await waitForJob(api, jobId, ['needs_resolve']);
    const start = Date.now();
    for (const c of sim.conflicts) await resolveInWorkspace(sim, c.localPath, 'resolved\n');
    const done = await waitForJob(api, jobId, ['done', 'error'], 90_000);
    assert.equal(done.status, 'done', done.error ?? '');
    assert.ok(Date.now() - start < 60_000, 'long before the 600 s timer');
  });

  test('per-job limits and a private TMPDIR reach the command; the TMPDIR is removed at the end', async () => {
    const sim = createScenario('clean', { root: join(dir, 'limits') });
    const hook = join(dir, 'pre-submit.sh');
    writeFileSync(hook, '#!/bin/sh\necho "open files: $(ulimit -n)"\necho "tmp: $TMPDIR"\ntest -d "$TMPDIR" && echo "tmp exists"\n', { mode: 0o755 });
    const jobId = await submitJob(api, sim, { pre_submit_hook: hook, limits: { open_files: 77 } });
    const done = await waitForJob(api, jobId, ['done', 'error']);
    assert.equal(done.status, 'done', done.error ?? '');
    const pre = done.stages.find((s) => s.stage === 'PRE_SUBMIT')!;
    const text = (await api.output(pre.cmd_id!)).toString();
    assert.match(text, /open files: 77\n/);
    const tmp = /tmp: (\S+)/.exec(text)![1]!;
    assert.match(text, /tmp exists/);
    assert.ok(tmp.endsWith(`job-${jobId}`));
    await waitFor(() => !existsSync(tmp), 5000, 'TMPDIR removed');
  });
});

async function pipeline(dataDir: string, yaml: string): Promise<void> {
  const { mkdirSync } = await import('node:fs');
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(join(dataDir, 'pipeline.yaml'), yaml);
}

