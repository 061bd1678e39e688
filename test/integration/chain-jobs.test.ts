// One change at a time, end to end: the headless master, a real agent and the Perforce
// simulator. Which changes were submitted, with what files and descriptions, is asked of the
// simulated server; the chain's state of the SQLite file after a master restart.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { before, describe, test } from 'node:test';
import type { ChainStepDto, JobDto } from '../../preload/api.ts';
import { ApiClient } from '../helpers/api-client.ts';
import { startMaster, suiteCleanup, tempDir, waitFor } from '../helpers/processes.ts';
import { describedFiles, fourLines, localMaster, masterWithAgent, submitSpec } from '../helpers/job-rig.ts';
import { createSimDepot, delayCommand, depotContent, resolveInWorkspace, runP4, type SimChange, type SimDepot } from '../fixtures/p4sim/index.ts';

async function waitForJob(api: ApiClient, jobId: string, ready: (job: JobDto) => boolean): Promise<JobDto> {
  let last: JobDto | undefined;
  return waitFor(async () => {
    last = (await api.request('GET', `/api/jobs/${jobId}`)).json as JobDto;
    return ready(last) || last.status === 'error' || last.status === 'cancelled' ? last : undefined;
  }, 90_000, () => `job ${jobId}; last seen: ${JSON.stringify({ ...last, spec: undefined }, null, 1)}`);
}

/** The last `max` submitted changes, newest first, as `p4 changes -l` lists them: [change, first description line]. */
async function latestSubmitted(sim: SimDepot, max: number): Promise<[number, string][]> {
  const out = await runP4(sim, ['changes', '-s', 'submitted', '-l', '-m', String(max)]);
  return [...out.stdout.matchAll(/^Change (\d+) on .*\n\n\t(.*)$/gm)].map((m) => [Number(m[1]), m[2]!]);
}

const states = (chain: ChainStepDto[] | undefined) => chain?.map((s) => [s.change, s.user, s.state]);

/** Branch `b` maps //depot/main to //depot/rel: a.txt and b.txt imported and branched (changes 1-2), then `later`. */
function mainToRel(root: string, later: SimChange[], labels?: Record<string, number>): SimDepot {
  return createSimDepot({
    root,
    branches: { b: [['//depot/main/...', '//depot/rel/...']] },
    changes: [
      { description: 'import', files: { '//depot/main/a.txt': fourLines({}), '//depot/main/b.txt': 'b\n' } },
      { description: 'branch', integrate: 'b' },
      ...later,
    ],
    labels,
    synced: true,
  });
}

describe('one change at a time', () => {
  let api: ApiClient;
  let dir: string;
  const suite = suiteCleanup();
  let n = 0;
  const root = (): string => join(dir, `sim-${n++}`);

  before(async () => {
    dir = tempDir(suite);
    ({ api } = await localMaster(suite, join(dir, 'data')));
  });

  const submit = (sim: SimDepot, spec: Record<string, unknown>): Promise<string> => submitSpec(api, sim, spec);

  test('three source changes, a conflict in the middle: it stops there naming that change and author, and goes on after the resolve', async () => {
    const sim = mainToRel(root(), [
      { description: 'rel: hotfix line 3', user: 'bob', files: { '//depot/rel/a.txt': fourLines({ 3: 'line 3 from rel' }) } },
      { description: 'main: a line 1', user: 'ann', files: { '//depot/main/a.txt': fourLines({ 1: 'main 1' }) } },
      { description: 'main: a line 3', user: 'joe', files: { '//depot/main/a.txt': fourLines({ 1: 'main 1', 3: 'line 3 from main' }) } },
      { description: 'main: b grows', user: 'ann', files: { '//depot/main/b.txt': 'b\nb2\n' } },
    ]);
    const jobId = await submit(sim, { branch_spec: 'b', path: '//depot/rel/...', one_change_at_a_time: true });
    const waiting = await waitForJob(api, jobId, (j) => j.status === 'needs_resolve' && Boolean(j.conflicts[0]?.source));
    assert.equal(waiting.status, 'needs_resolve', waiting.error ?? '');
    assert.deepEqual(states(waiting.chain), [[4, 'ann', 'submitted'], [5, 'joe', 'current'], [6, 'ann', 'pending']]);
    const [conflict] = waiting.conflicts;
    // The target's last change is the chain's own first step, submitted by the job's P4USER.
    assert.deepEqual([conflict!.depot_file, conflict!.source?.change, conflict!.source?.user, conflict!.target_last?.change, conflict!.target_last?.user],
      ['//depot/rel/a.txt', 5, 'joe', waiting.chain![0]!.submitted_change, sim.user]);
    const current = waiting.chain![1]!;
    assert.equal(current.changelist, waiting.changelist, 'the step integrates into its own pending change');
    assert.match(waiting.stages.filter((s) => s.stage === 'INTEGRATE').at(-1)!.command, new RegExp(`^p4 integrate -c ${waiting.changelist} -b b //depot/rel/\\.\\.\\.@5,5$`));
    assert.equal(waiting.stages[1]!.purpose, 'plan', 'the chain was listed by p4 interchanges before the first change');
    assert.match(waiting.stages[1]!.command, /^p4 interchanges -l -t -b b \/\/depot\/rel\/\.\.\.$/);

    // What the server says: ann's change 4 alone is submitted so far, described with its number and author.
    const first = waiting.chain![0]!.submitted_change!;
    assert.deepEqual(await latestSubmitted(sim, 2), [[first, 'Integrate change 4 by ann: main: a line 1'], [6, 'main: b grows']]);
    assert.deepEqual(await describedFiles(sim, first), ['//depot/rel/a.txt integrate']);
    assert.match((await runP4(sim, ['describe', '-s', String(waiting.changelist)])).stdout, /\*pending\*\n\n\tIntegrate change 5 by joe: main: a line 3/);

    const theirs = await api.request('POST', `/api/jobs/${jobId}/conflicts/resolve`, { file: conflict!.depot_file, action: 'theirs' });
    assert.equal(theirs.status, 200, JSON.stringify(theirs.json));
    const done = await waitForJob(api, jobId, (j) => j.status === 'done');
    assert.equal(done.status, 'done', done.error ?? '');
    assert.equal(done.outcome, 'submitted');
    assert.deepEqual(states(done.chain), [[4, 'ann', 'submitted'], [5, 'joe', 'submitted'], [6, 'ann', 'submitted']]);
    const [s1, s2, s3] = done.chain!.map((s) => s.submitted_change!);
    assert.deepEqual(await latestSubmitted(sim, 4), [
      [s3!, 'Integrate change 6 by ann: main: b grows'],
      [s2!, 'Integrate change 5 by joe: main: a line 3'],
      [s1!, 'Integrate change 4 by ann: main: a line 1'],
      [6, 'main: b grows'],
    ]);
    assert.deepEqual(await describedFiles(sim, s2!), ['//depot/rel/a.txt integrate']);
    assert.deepEqual(await describedFiles(sim, s3!), ['//depot/rel/b.txt integrate']);
    assert.equal(depotContent(sim, '//depot/rel/a.txt')!.toString(), fourLines({ 1: 'main 1', 3: 'line 3 from main' }), 'theirs took joe\'s line 3');
    assert.equal((await runP4(sim, ['changes', '-s', 'pending'])).stdout, '', 'nothing left pending');
    assert.equal(done.submitted_change, s3);
    const audit = (await api.request('GET', '/api/audit')).bytes.toString().trim().split('\n').map((l) => JSON.parse(l));
    const ended = audit.find((e) => e.action === 'job.done' && e.target === jobId);
    assert.equal(ended?.detail.reason, `3 source change(s) integrated one at a time; submitted: 4 as ${s1}, 5 as ${s2}, 6 as ${s3}`);
    const verify = done.stages.find((s) => s.stage === 'VERIFY')!;
    assert.deepEqual([verify.next_stage, verify.decision], ['INIT', `p4 describe shows change ${s1} submitted; next: change 5 by joe`], 'the timeline says where the chain goes on');
    // History finds the job by any of its submitted changes.
    const found = (await api.request('GET', `/api/jobs?submitted_change=${s1}`)).json as JobDto[];
    assert.deepEqual(found.map((j) => j.job_id), [jobId]);

    // The resolve taken from the app is on the job's timeline: who, what, which file, the result.
    const action = done.stages.find((s) => s.purpose === 'action');
    assert.equal(action?.stage, 'NEEDS_RESOLVE');
    assert.equal(action?.summary, 'api chose accept theirs (source) for //depot/rel/a.txt: resolved');
    assert.match(action?.command ?? '', new RegExp(`^p4 resolve -at -c ${current.changelist} `));
  });

  test('a conflict in the first change, resolved by hand in the workspace: Continue goes on with the next change', async () => {
    const sim = mainToRel(root(), [
      { description: 'rel: hotfix line 3', user: 'bob', files: { '//depot/rel/a.txt': fourLines({ 3: 'line 3 from rel' }) } },
      { description: 'main: a line 3', user: 'joe', files: { '//depot/main/a.txt': fourLines({ 3: 'line 3 from main' }) } },
      { description: 'main: b grows', user: 'ann', files: { '//depot/main/b.txt': 'b\nb2\n' } },
    ]);
    const jobId = await submit(sim, { branch_spec: 'b', path: '//depot/rel/...', one_change_at_a_time: true });
    const waiting = await waitForJob(api, jobId, (j) => j.status === 'needs_resolve' && Boolean(j.conflicts[0]?.source));
    assert.deepEqual(states(waiting.chain), [[4, 'joe', 'current'], [5, 'ann', 'pending']]);
    assert.deepEqual([waiting.conflicts[0]!.source?.change, waiting.conflicts[0]!.source?.user], [4, 'joe']);
    const merged = fourLines({ 3: 'line 3 from main and rel' });
    assert.equal((await resolveInWorkspace(sim, waiting.conflicts[0]!.file, merged)).code, 0);
    assert.equal((await api.request('POST', `/api/jobs/${jobId}/continue`)).status, 200);
    const done = await waitForJob(api, jobId, (j) => j.status === 'done');
    assert.equal(done.status, 'done', done.error ?? '');
    assert.deepEqual(states(done.chain), [[4, 'joe', 'submitted'], [5, 'ann', 'submitted']]);
    assert.equal(depotContent(sim, '//depot/rel/a.txt')!.toString(), merged, 'the hand-made merge was submitted');
    assert.deepEqual(await describedFiles(sim, done.chain![1]!.submitted_change!), ['//depot/rel/b.txt integrate']);
  });

  test('nothing pending: the chain is empty and the job is done without a change', async () => {
    const sim = mainToRel(root(), []);
    const done = await waitForJob(api, await submit(sim, { branch_spec: 'b', path: '//depot/rel/...', one_change_at_a_time: true }), (j) => j.status === 'done');
    assert.deepEqual([done.status, done.outcome, done.changelist, done.chain], ['done', 'nothing_to_integrate', null, []]);
    assert.equal((await runP4(sim, ['changes', '-s', 'pending'])).stdout, '');
  });

  test('a revision range by label integrates what the label holds, end to end', async () => {
    const sim = mainToRel(root(), [
      { description: 'main: a line 2', user: 'ann', files: { '//depot/main/a.txt': fourLines({ 2: 'main 2' }) } },
      { description: 'main: b grows', user: 'joe', files: { '//depot/main/b.txt': 'b\nb2\n' } },
    ], { 'rel-1.0': 3 });
    const jobId = await submit(sim, { branch_spec: 'b', path: '//depot/rel/...', revisions: '@rel-1.0' });
    const done = await waitForJob(api, jobId, (j) => j.status === 'done');
    assert.equal(done.status, 'done', done.error ?? '');
    assert.match(done.stages.find((s) => s.stage === 'INTEGRATE')!.command, /-b b \/\/depot\/rel\/\.\.\.@rel-1\.0$/);
    assert.deepEqual(await describedFiles(sim, done.submitted_change!), ['//depot/rel/a.txt integrate']);
    assert.equal(depotContent(sim, '//depot/rel/b.txt')!.toString(), 'b\n', "joe's change 4 is after the label");
    assert.match((await runP4(sim, ['interchanges', '-b', 'b'])).stdout, /^Change 4 /m);
  });
});

test('a master restart mid-chain: the chain goes on from its step, each change integrated once', async (t) => {
  const dir = tempDir(t);
  const { master: first, dataDir, agentPort, ...rig } = await masterWithAgent(t, dir);
  let api = rig.api;
  const sim = mainToRel(join(dir, 'sim'), [
    { description: 'main: a line 2', user: 'ann', files: { '//depot/main/a.txt': fourLines({ 2: 'main 2' }) } },
    { description: 'main: b grows', user: 'joe', files: { '//depot/main/b.txt': 'b\nb2\n' } },
    { description: 'main: a line 4', user: 'ann', files: { '//depot/main/a.txt': fourLines({ 2: 'main 2', 4: 'main 4' }) } },
  ]);
  delayCommand(sim, 'integrate', 3);
  const res = await api.request('POST', '/api/jobs', { agent_id: 'builder', spec: { workspace: sim.workspace, env: sim.env, branch_spec: 'b', path: '//depot/rel/...', one_change_at_a_time: true } });
  assert.equal(res.status, 201, JSON.stringify(res.json));
  const jobId = res.json.job_id as string;
  const mid = await waitForJob(api, jobId, (j) => j.stage === 'INTEGRATE' && j.chain?.[1]?.state === 'current');
  assert.deepEqual(states(mid.chain), [[3, 'ann', 'submitted'], [4, 'joe', 'current'], [5, 'ann', 'pending']]);
  await first.kill('SIGKILL');

  // The chain is in the SQLite file as the master left it.
  const db = new DatabaseSync(join(dataDir, 'p4-integrator.db'), { readOnly: true });
  const row = db.prepare('SELECT chain_json FROM jobs WHERE job_id = ?').get(jobId) as { chain_json: string };
  db.close();
  assert.deepEqual(states(JSON.parse(row.chain_json) as ChainStepDto[]), [[3, 'ann', 'submitted'], [4, 'joe', 'current'], [5, 'ann', 'pending']]);

  const second = await startMaster(t, { dataDir, agentPort });
  api = new ApiClient(second.url, second.token);
  const done = await waitForJob(api, jobId, (j) => j.status === 'done');
  assert.equal(done.status, 'done', done.error ?? '');
  assert.deepEqual(states(done.chain), [[3, 'ann', 'submitted'], [4, 'joe', 'submitted'], [5, 'ann', 'submitted']]);
  assert.equal(done.stages.filter((s) => s.stage === 'INTEGRATE' && s.purpose === 'stage').length, 3, 'each change integrated once');
  const submitted = done.chain!.map((s) => s.submitted_change!);
  assert.deepEqual(await describedFiles(sim, submitted[0]!), ['//depot/rel/a.txt integrate']);
  assert.deepEqual(await describedFiles(sim, submitted[1]!), ['//depot/rel/b.txt integrate']);
  assert.deepEqual(await describedFiles(sim, submitted[2]!), ['//depot/rel/a.txt integrate']);
  assert.equal(depotContent(sim, '//depot/rel/a.txt')!.toString(), fourLines({ 2: 'main 2', 4: 'main 4' }));
});
