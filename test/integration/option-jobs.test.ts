// Jobs with integration options, end to end: the headless master, a real local agent and the
// Perforce simulator. What was integrated, submitted and resolved is asked of the simulated server.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import type { JobDto } from '../../preload/api.ts';
import { conflictSummary } from '../../preload/conflict-summary.ts';
import { ApiClient } from '../helpers/api-client.ts';
import { suiteCleanup, tempDir, waitFor, type MasterProc } from '../helpers/processes.ts';
import { describedFiles, fourLines, localMaster, submitSpec } from '../helpers/job-rig.ts';
import { createScenario, createSimDepot, createStreamDepot, depotContent, lockFile, runP4, type SimChange, type SimDepot } from '../fixtures/p4sim/index.ts';

async function waitForJob(api: ApiClient, jobId: string, statuses: string[]): Promise<JobDto> {
  let last: JobDto | undefined;
  return waitFor(async () => {
    last = (await api.request('GET', `/api/jobs/${jobId}`)).json;
    return statuses.includes(last!.status) ? last : undefined;
  }, 60_000, () => `job ${jobId} in ${statuses.join('|')}; last seen: ${JSON.stringify({ ...last, spec: undefined }, null, 1)}`);
}


describe('jobs with integration options', () => {
  let master: MasterProc;
  let api: ApiClient;
  let dir: string;
  const suite = suiteCleanup();
  let n = 0;
  const root = (): string => join(dir, `sim-${n++}`);
  /** Branch `b` maps //depot/main to //depot/rel: a.txt and b.txt imported and branched (changes 1-2), then `later`. */
  const mainToRel = (...later: SimChange[]): SimDepot => createSimDepot({
    root: root(),
    branches: { b: [['//depot/main/...', '//depot/rel/...']] },
    changes: [
      { description: 'import', files: { '//depot/main/a.txt': fourLines({}), '//depot/main/b.txt': 'b\n' } },
      { description: 'branch', integrate: 'b' },
      ...later,
    ],
    synced: true,
  });

  before(async () => {
    dir = tempDir(suite);
    ({ master, api } = await localMaster(suite, join(dir, 'data')));
  });

  const submit = (sim: SimDepot, spec: Record<string, unknown>): Promise<string> => submitSpec(api, sim, spec);

  test('a stream merge job merges the parent down and is submitted', async () => {
    const sim = createStreamDepot(root(), { '//stream/main/a.txt': 'a1\n', '//stream/main/b.txt': 'b1\n' }, [
      { description: 'main: fix a', user: 'ann', files: { '//stream/main/a.txt': 'a1 fixed\n' } },
    ]);
    const done = await waitForJob(api, await submit(sim, { source: { stream: '//stream/dev', mode: 'merge' } }), ['done', 'error']);
    assert.equal(done.status, 'done', done.error ?? '');
    assert.equal(done.outcome, 'submitted');
    assert.match(done.stages.find((s) => s.stage === 'INTEGRATE')!.command, new RegExp(`^p4 merge -c ${done.changelist} -S //stream/dev -r$`));
    assert.deepEqual(await describedFiles(sim, done.submitted_change!), ['//stream/dev/a.txt integrate']);
    assert.equal(depotContent(sim, '//stream/dev/a.txt')!.toString(), 'a1 fixed\n');
  });

  test('a revision range integrates only the changes in it', async () => {
    const sim = mainToRel(
      { description: 'main: a line 2', user: 'ann', files: { '//depot/main/a.txt': fourLines({ 2: 'main 2' }) } },
      { description: 'main: b grows', user: 'joe', files: { '//depot/main/b.txt': 'b\nb2\n' } },
    );
    const done = await waitForJob(api, await submit(sim, { branch_spec: 'b', path: '//depot/rel/...', revisions: '@3,3' }), ['done', 'error']);
    assert.equal(done.status, 'done', done.error ?? '');
    assert.deepEqual(await describedFiles(sim, done.submitted_change!), ['//depot/rel/a.txt integrate']);
    assert.equal(depotContent(sim, '//depot/rel/b.txt')!.toString(), 'b\n', "joe's change 4 is outside the range");
    // What is still pending from main is exactly change 4.
    const pending = await runP4(sim, ['interchanges', '-b', 'b']);
    assert.match(pending.stdout, /^Change 4 /m);
    assert.doesNotMatch(pending.stdout, /^Change 3 /m);
  });

  test('accept-theirs takes the source for the listed path; the job ends DONE without a manual resolve', async () => {
    const sim = createScenario('conflict', { root: root() });
    await runP4(sim, ['sync']);
    const [conflicted] = sim.conflicts;
    const depotFile = conflicted!.depotFile;
    const jobId = await submit(sim, { branch_spec: sim.branch, resolve: { accept_theirs: [depotFile] } });
    const done = await waitForJob(api, jobId, ['done', 'error', 'needs_resolve']);
    assert.equal(done.status, 'done', done.error ?? JSON.stringify(done.conflicts));
    assert.match(done.stages.find((s) => s.stage === 'RESOLVE_PASS_1')!.command, new RegExp(`^p4 resolve -at -c ${done.changelist} ${depotFile}; p4 resolve -am -c ${done.changelist}$`));
    const source = depotFile.replace('//depot/release/', '//depot/main/');
    assert.equal(depotContent(sim, depotFile)!.toString(), depotContent(sim, source)!.toString(), 'the target is the source version');
    assert.equal(readFileSync(conflicted!.localPath, 'utf8'), depotContent(sim, source)!.toString());
  });

  test('NEEDS_RESOLVE names the depot file, the chunks, the source change and its author, and the target\'s last change, as the server says', async () => {
    const sim = mainToRel(
      { description: 'Fix line 3 for the parser', user: 'ann', files: { '//depot/main/a.txt': fourLines({ 3: 'line 3 from main' }), '//depot/main/b.txt': 'b2\n' } },
      { description: 'Hotfix line 3 on rel', user: 'bob', files: { '//depot/rel/a.txt': fourLines({ 3: 'line 3 from rel' }) } },
    );
    const jobId = await submit(sim, { branch_spec: 'b', env: { ...sim.env, P4PASSWD: 'secret-pw' }, secret_env: ['P4PASSWD'] });
    // The details arrive with the history probe, after the job is already waiting.
    let last: JobDto | undefined;
    const waiting = await waitFor(async () => {
      last = (await api.request('GET', `/api/jobs/${jobId}`)).json as JobDto;
      if (last.status === 'error' || last.status === 'done') return last;
      return last.status === 'needs_resolve' && last.conflicts[0]?.source ? last : undefined;
    }, 60_000, () => JSON.stringify(last));
    assert.equal(waiting.status, 'needs_resolve', waiting.error ?? '');
    const [conflict] = waiting.conflicts;
    const log = await runP4(sim, ['filelog', '-l', '//depot/main/a.txt', '//depot/rel/a.txt']);
    assert.match(log.stdout, /^\.\.\. #2 change 3 edit on .* by ann@/m, 'the server says change 3 by ann made main/a.txt#2');
    assert.match(log.stdout, /^\.\.\. #2 change 4 edit on .* by bob@/m, 'and change 4 by bob is the last on rel/a.txt');
    assert.deepEqual({ ...conflict, commands: undefined }, {
      file: join(sim.workspace, 'rel', 'a.txt'),
      depot_file: '//depot/rel/a.txt',
      reason: 'conflict',
      chunks: { yours: 0, theirs: 0, both: 0, conflicting: 1 },
      source: { depot_file: '//depot/main/a.txt', rev: 2, change: 3, user: 'ann', description: 'Fix line 3 for the parser' },
      target_last: { change: 4, user: 'bob', description: 'Hotfix line 3 on rel' },
      commands: undefined,
    });
    assert.match(conflict!.commands.accept_theirs, new RegExp(`P4PORT=.* p4 resolve -at -c ${waiting.changelist} `));
    assert.doesNotMatch(JSON.stringify(conflict!.commands), /secret-pw|P4PASSWD/);
    const probe = waiting.stages.find((s) => s.stage === 'NEEDS_RESOLVE' && s.purpose === 'probe');
    assert.match(probe?.command ?? '', /^p4 filelog -l \/\/depot\/main\/a.txt \/\/depot\/rel\/a.txt$/);
    assert.equal((await api.request('POST', `/api/jobs/${jobId}/cancel`)).status, 202);
  });

  async function needsResolve(jobId: string): Promise<JobDto> {
    let last: JobDto | undefined;
    return waitFor(async () => {
      last = (await api.request('GET', `/api/jobs/${jobId}`)).json as JobDto;
      return last.status === 'needs_resolve' || last.status === 'error' || last.status === 'done' ? last : undefined;
    }, 60_000, () => JSON.stringify(last));
  }

  test('resolve from the app: merged is refused while chunks conflict; theirs resolves, is audited, and the job goes on to DONE', async () => {
    const sim = createScenario('conflict', { root: root() });
    await runP4(sim, ['sync']);
    const jobId = await submit(sim, { branch_spec: sim.branch });
    const waiting = await needsResolve(jobId);
    assert.equal(waiting.status, 'needs_resolve', waiting.error ?? '');
    const [conflict] = waiting.conflicts;
    const resolve = (body: unknown) => api.request('POST', `/api/jobs/${jobId}/conflicts/resolve`, body);

    const bad = await resolve({ file: conflict!.file, action: 'both' });
    assert.equal(bad.status, 400);
    assert.equal(bad.json.error, 'action: must be "theirs", "yours" or "merged"');
    assert.equal((await resolve({ file: '/elsewhere/x.txt', action: 'theirs' })).status, 404);
    const merged = await resolve({ file: conflict!.file, action: 'merged' });
    assert.equal(merged.status, 409);
    assert.match(merged.json.error, /still has 1 conflicting chunk: merged would submit the conflict markers/);
    assert.equal((await runP4(sim, ['resolve', '-n'])).stdout.trim().split('\n').length, 1, 'still one file to resolve on the server');

    const theirs = await resolve({ file: conflict!.depot_file, action: 'theirs' });
    assert.equal(theirs.status, 200, JSON.stringify(theirs.json));
    assert.match(theirs.json.command, new RegExp(`^p4 resolve -at -c ${waiting.changelist} `));
    const done = await waitForJob(api, jobId, ['done', 'error']);
    assert.equal(done.status, 'done', done.error ?? '');
    assert.equal(depotContent(sim, '//depot/release/a.txt')!.toString(), depotContent(sim, '//depot/main/a.txt')!.toString(), 'the source version was submitted');
    const audit = (await api.request('GET', '/api/audit')).bytes.toString().trim().split('\n').map((l) => JSON.parse(l));
    const entry = audit.find((e) => e.action === 'job.resolve' && e.target === jobId);
    assert.deepEqual([entry?.actor, entry?.detail.file, entry?.detail.action], ['api', conflict!.file, 'theirs']);
  });

  test('a binary conflict offers theirs or yours only; yours keeps the target', async () => {
    const sim = createScenario('binary', { root: root() });
    await runP4(sim, ['sync']);
    const jobId = await submit(sim, { branch_spec: sim.branch });
    const waiting = await needsResolve(jobId);
    assert.deepEqual(waiting.conflicts.map((c) => c.reason), ['binary']);
    const file = waiting.conflicts[0]!.file;
    const target = depotContent(sim, '//depot/release/logo.bin')!;
    const merged = await api.request('POST', `/api/jobs/${jobId}/conflicts/resolve`, { file, action: 'merged' });
    assert.equal(merged.status, 409);
    assert.match(merged.json.error, /is binary: p4 cannot merge it; take theirs \(the source\) or yours \(the target\)/);
    assert.equal((await api.request('POST', `/api/jobs/${jobId}/conflicts/resolve`, { file, action: 'yours' })).status, 200);
    const done = await waitForJob(api, jobId, ['done', 'error']);
    assert.equal(done.status, 'done', done.error ?? '');
    assert.deepEqual(depotContent(sim, '//depot/release/logo.bin'), target, 'the target kept its own logo');
  });

  test('a file another client holds exclusively: NEEDS_RESOLVE names the holder, and the job is submitted once that client reverts', async () => {
    const sim = mainToRel(
      { description: 'main: a and b', user: 'ann', files: { '//depot/main/a.txt': fourLines({ 2: 'main 2' }), '//depot/main/b.txt': 'b2\n' } },
    );
    lockFile(sim, '//depot/rel/b.txt', { user: 'eve', client: 'eve-ws', commands: ['integrate', 'submit', 'edit'] });
    const jobId = await submit(sim, { branch_spec: 'b' });
    const waiting = await needsResolve(jobId);
    assert.equal(waiting.status, 'needs_resolve', waiting.error ?? '');
    assert.deepEqual(waiting.conflicts.map((c) => [c.depot_file, c.reason, c.locked_by]), [['//depot/rel/b.txt', 'locked', 'eve@eve-ws']]);
    assert.equal(conflictSummary(waiting.conflicts), '1 conflict: //depot/rel/b.txt (locked by eve@eve-ws)', 'the list, tray and notifications name the holder');
    assert.match(waiting.stages.find((s) => s.stage === 'INTEGRATE')!.summary ?? '', /1 file\(s\) locked by another client/);
    assert.match(waiting.stages.find((s) => s.stage === 'NEEDS_RESOLVE' && s.purpose === 'probe')?.command ?? '', /^p4 opened -a \/\/depot\/rel\/b.txt$/);
    const refused = await api.request('POST', `/api/jobs/${jobId}/conflicts/resolve`, { file: '//depot/rel/b.txt', action: 'theirs' });
    assert.equal(refused.status, 409);
    assert.match(refused.json.error, /\/\/depot\/rel\/b.txt is locked by eve@eve-ws; nothing can be resolved until that lock is released/);

    // The holder releases its lock; the watcher's next check finds no holder and integrates again.
    const released = await runP4(sim, ['revert', '//depot/rel/b.txt'], { env: { P4USER: 'eve', P4CLIENT: 'eve-ws' } });
    assert.equal(released.stdout, '//depot/rel/b.txt#1 - was edit, reverted\n');
    const done = await waitForJob(api, jobId, ['done', 'error']);
    assert.equal(done.status, 'done', done.error ?? '');
    assert.equal(done.outcome, 'submitted');
    assert.equal(done.stages.filter((s) => s.stage === 'INTEGRATE').length, 2, 'INTEGRATE ran again for the refused file');
    assert.deepEqual(await describedFiles(sim, done.submitted_change!), ['//depot/rel/a.txt integrate', '//depot/rel/b.txt integrate']);
    assert.equal(depotContent(sim, '//depot/rel/b.txt')!.toString(), 'b2\n');
  });

  test('preview, then start the same input: the preview opens nothing and names what the job then submits', async () => {
    const sim = mainToRel(
      { description: 'main: a line 2', user: 'ann', files: { '//depot/main/a.txt': fourLines({ 2: 'main 2' }) } },
      { description: 'main: b grows\n\nmore words', user: 'joe', files: { '//depot/main/b.txt': 'b\nb2\n' } },
    );
    const input = { agent_id: 'local', spec: { workspace: sim.workspace, env: sim.env, branch_spec: 'b' } };
    const preview = await api.request('POST', '/api/jobs/preview', input);
    assert.equal(preview.status, 200, JSON.stringify(preview.json));
    assert.deepEqual(preview.json.changes.map((c: { change: number; user: string; description: string }) => [c.change, c.user, c.description]), [[3, 'ann', 'main: a line 2'], [4, 'joe', 'main: b grows\n\nmore words']]);
    const files = preview.json.files.map((f: { depot_file: string }) => f.depot_file);
    assert.deepEqual(files, ['//depot/rel/a.txt', '//depot/rel/b.txt']);
    assert.equal((await runP4(sim, ['opened'])).stdout, '', 'the preview opened nothing');
    assert.equal((await runP4(sim, ['changes', '-s', 'pending'])).stdout, '', 'and made no change');

    const started = await api.request('POST', '/api/jobs', input);
    const done = await waitForJob(api, started.json.job_id, ['done', 'error']);
    assert.equal(done.status, 'done', done.error ?? '');
    assert.deepEqual(await describedFiles(sim, done.submitted_change!), files.map((f: string) => `${f} integrate`));

    const unknown = await api.request('POST', '/api/jobs/preview', { ...input, spec: { ...input.spec, branch_spec: 'nope' } });
    assert.equal(unknown.status, 200);
    assert.equal(unknown.json.error, "Branch 'nope' unknown - use 'branch' command to create it.");
    const offline = await api.request('POST', '/api/jobs/preview', { ...input, agent_id: 'elsewhere' });
    assert.equal(offline.status, 409);
    assert.equal(offline.json.error, 'agent "elsewhere" is unknown; the preview runs on the job\'s agent');
  });
});
