// A job's integration options as the argv the product builds, run against the simulated
// server: the preview names the source changes and their authors and the files that would open,
// then the real integration opens exactly those, and the resolve policy does what it says. A
// conflict's details come from what the server says, and its pasted command really resolves it.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import type { JobSpec } from '../../preload/api.ts';
import { validate } from '../../main/base/validate.ts';
import { buildConflict } from '../../main/jobs/conflict-details.ts';
import { integrateArgv, previewArgvs, resolveArgvs } from '../../main/jobs/integrate-command.ts';
import { buildPreview, chainFrom, nextChainStep } from '../../main/jobs/integration-preview.ts';
import { newJobSchema } from '../../main/jobs/job-spec.ts';
import { classifyP4Output, parseChanges, parseFilelog, parseIntegratePreview, parseLockHolders, type P4Output } from '../../main/p4/index.ts';
import { createScenario, createSimDepot, createStreamDepot, depotContent, lockFile, readSimState, runP4, type SimDepot } from '../fixtures/p4sim/index.ts';

function root(t: TestContext): string {
  const dir = mkdtempSync(join(tmpdir(), 'p4i-options-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const spec = (sim: SimDepot, fields: Record<string, unknown>): JobSpec =>
  validate(newJobSchema, { spec: { workspace: sim.workspace, ...fields } }, 'body').spec as JobSpec;

/** Runs a built argv ("p4", …) with the simulated p4; the result as the classifier takes it. */
async function run(sim: SimDepot, argv: string[]): Promise<P4Output> {
  assert.equal(argv[0], 'p4');
  const r = await runP4(sim, argv.slice(1));
  return { stdout: r.stdout, stderr: r.stderr, exitCode: r.code };
}

async function newChange(sim: SimDepot): Promise<number> {
  const created = await runP4(sim, ['change', '-i'], { input: 'Change: new\nDescription:\n\tjob change\n' });
  return Number(/^Change (\d+) created/.exec(created.stdout)![1]);
}

test('stream merge job: the preview names the author and the files, the integration opens exactly those', async (t) => {
  const sim = createStreamDepot(root(t), { '//stream/main/a.txt': 'a1\na2\n', '//stream/main/b.txt': 'b1\n' }, [
    { description: 'main: fix a2', user: 'ann', files: { '//stream/main/a.txt': 'a1\na2 fixed\n' } },
    { description: 'main: more b\n\nwith details', user: 'joe', files: { '//stream/main/b.txt': 'b1\nb2\n' } },
  ]);
  const s = spec(sim, { source: { stream: '//stream/dev', mode: 'merge' }, revisions: '@3' });
  const preview = previewArgvs(s);
  const changes = parseChanges((await run(sim, preview.interchanges)).stdout);
  assert.deepEqual(changes.map((c) => [c.change, c.user, c.description]), [[3, 'ann', 'main: fix a2']], 'only the changes in the range');
  const would = parseIntegratePreview((await run(sim, preview.integrate)).stdout).files;
  assert.deepEqual(would.map((f) => [f.depotFile, f.fromFile, f.endFromRev]), [['//stream/dev/a.txt', '//stream/main/a.txt', 2]]);
  assert.deepEqual(readSimState(sim).opened['sim-ws'] ?? {}, {}, 'the preview opens nothing');

  const change = await newChange(sim);
  const integrated = classifyP4Output('integrate', await run(sim, integrateArgv(s, change)));
  assert.equal(integrated.outcome, 'ok');
  assert.deepEqual(Object.keys(readSimState(sim).opened['sim-ws'] ?? {}), would.map((f) => f.depotFile));
  for (const argv of resolveArgvs(s, change)) assert.equal(classifyP4Output('resolve', await run(sim, argv)).outcome, 'ok');
  assert.equal(readFileSync(join(sim.workspace, 'dev', 'a.txt'), 'utf8'), 'a1\na2 fixed\n');
});

test('accept-theirs paths take the source before -am; the rest still merges', async (t) => {
  const sim = createScenario('conflict', { root: root(t) });
  await runP4(sim, ['sync']);
  const s = spec(sim, { branch_spec: sim.branch, resolve: { accept_theirs: ['//depot/release/a.txt'] } });
  const change = await newChange(sim);
  await run(sim, integrateArgv(s, change));
  const outputs = [];
  for (const argv of resolveArgvs(s, change)) outputs.push(classifyP4Output('resolve', await run(sim, argv)));
  assert.deepEqual(outputs.map((o) => [o.outcome, o.files.map((f) => f.action)]), [['ok', ['copy from']], ['ok', ['merge from']]]);
  assert.equal(readFileSync(join(sim.workspace, 'release', 'a.txt'), 'utf8'), depotContent(sim, '//depot/main/a.txt')!.toString(), 'a.txt is the source version');
  assert.equal((await runP4(sim, ['resolve', '-n'])).stderr, 'No file(s) to resolve.\n');
});

test('from/to paths with flags: -n preview then the integration', async (t) => {
  const sim = createScenario('clean', { root: root(t) });
  await runP4(sim, ['sync']);
  const s = spec(sim, { source: { from: '//depot/main/...', to: '//depot/release/...' }, integrate_flags: ['-Ob'] });
  const would = parseIntegratePreview((await run(sim, previewArgvs(s).integrate)).stdout).files;
  assert.deepEqual(would.map((f) => f.depotFile), ['//depot/release/a.txt', '//depot/release/c.txt']);
  const change = await newChange(sim);
  const out = await run(sim, integrateArgv(s, change));
  assert.match(out.stdout, /^\/\/depot\/release\/a.txt#2 - integrate from \/\/depot\/main\/a.txt#2 using base \/\/depot\/main\/a.txt#1$/m);
  assert.deepEqual(Object.keys(readSimState(sim).opened['sim-ws'] ?? {}).sort(), would.map((f) => f.depotFile));
});

test('a conflict: depot file, chunks, source author and target author from the server; the pasted command resolves it', async (t) => {
  const lines = (edit: Record<number, string>) => Array.from({ length: 6 }, (_, i) => edit[i + 1] ?? `line ${i + 1}`).join('\n') + '\n';
  const sim = createSimDepot({
    root: root(t),
    branches: { 'main-to-rel': [['//depot/main/...', '//depot/rel/...']] },
    changes: [
      { description: 'import', files: { '//depot/main/a.txt': lines({}), '//depot/main/b.txt': 'b\n' } },
      { description: 'branch', integrate: 'main-to-rel' },
      { description: 'Fix line 3 for the parser', user: 'ann', files: { '//depot/main/a.txt': lines({ 3: 'line 3 from main' }), '//depot/main/b.txt': 'b2\n' } },
      { description: 'Hotfix line 3 on rel', user: 'bob', files: { '//depot/rel/a.txt': lines({ 3: 'line 3 from rel' }) } },
    ],
    synced: true,
  });
  lockFile(sim, '//depot/rel/b.txt', { user: 'eve', client: 'eve-ws', commands: ['integrate'] });
  const s = spec(sim, { branch_spec: 'main-to-rel', env: { P4PORT: sim.port, P4USER: sim.user, P4CLIENT: sim.client, P4PASSWD: 'secret-pw' } });
  const change = await newChange(sim);
  const integrated = parseIntegratePreview((await run(sim, integrateArgv(s, change))).stdout);
  const [conflict] = classifyP4Output('resolve', await run(sim, resolveArgvs(s, change)[0]!)).conflicts;
  const filelogs = parseFilelog((await runP4(sim, ['filelog', '-l', '//depot/main/a.txt', '//depot/rel/a.txt'])).stdout);
  const dto = buildConflict({ conflict: conflict!, workspace: sim.workspace, changelist: change, env: s.env, integrated: integrated.files, filelogs });
  assert.deepEqual({ ...dto, commands: undefined }, {
    file: '//sim-ws/rel/a.txt',
    depot_file: '//depot/rel/a.txt',
    reason: 'conflict',
    chunks: { yours: 0, theirs: 0, both: 0, conflicting: 1 },
    source: { depot_file: '//depot/main/a.txt', rev: 2, change: 3, user: 'ann', description: 'Fix line 3 for the parser' },
    target_last: { change: 4, user: 'bob', description: 'Hotfix line 3 on rel' },
    commands: undefined,
  });
  assert.doesNotMatch(JSON.stringify(dto.commands), /secret-pw|P4PASSWD/);

  // The exclusive lock on b.txt: refused by integrate, its holder from opened -a.
  const [refused] = integrated.refused;
  assert.equal(refused?.exclusive, true);
  const locked = buildConflict({
    conflict: { file: refused!.depotFile, reason: 'locked' }, workspace: sim.workspace, changelist: change, env: s.env,
    lockHolders: parseLockHolders((await runP4(sim, ['opened', '-a', refused!.depotFile])).stdout),
  });
  assert.deepEqual([locked.depot_file, locked.locked_by], ['//depot/rel/b.txt', 'eve@eve-ws']);

  // Pasted into a shell whose environment knows only where p4 is: it resolves the file.
  const shell = spawnSync('/bin/sh', ['-c', dto.commands.accept_theirs], { cwd: '/', env: { PATH: sim.env.PATH!, P4SIM_ROOT: sim.root }, encoding: 'utf8' });
  assert.equal(shell.status, 0, shell.stderr);
  assert.match(shell.stdout, /\/\/sim-ws\/rel\/a.txt - copy from \/\/depot\/main\/a.txt/);
  assert.equal(readFileSync(join(sim.workspace, 'rel', 'a.txt'), 'utf8'), lines({ 3: 'line 3 from main' }));
  assert.equal((await runP4(sim, ['resolve', '-n', '-c', String(change)])).stderr, 'No file(s) to resolve.\n');
});

test('preview of a job with a bad source says why; one change at a time maps a conflict to one change and author', async (t) => {
  const lines = (edit: Record<number, string>) => Array.from({ length: 4 }, (_, i) => edit[i + 1] ?? `line ${i + 1}`).join('\n') + '\n';
  const sim = createSimDepot({
    root: root(t),
    branches: { b: [['//depot/main/...', '//depot/rel/...']] },
    changes: [
      { description: 'import', files: { '//depot/main/a.txt': lines({}), '//depot/main/b.txt': 'b\n' } },
      { description: 'branch', integrate: 'b' },
      { description: 'rel: hotfix line 2', user: 'bob', files: { '//depot/rel/a.txt': lines({ 2: 'rel 2' }) } },
      { description: 'main: b grows', user: 'ann', files: { '//depot/main/b.txt': 'b\nb2\n' } },
      { description: 'main: line 2 rewritten', user: 'joe', files: { '//depot/main/a.txt': lines({ 2: 'main 2' }) } },
      { description: 'main: line 4 tweak', user: 'ann', files: { '//depot/main/a.txt': lines({ 2: 'main 2', 4: 'main 4' }) } },
    ],
    synced: true,
  });
  const bad = spec(sim, { branch_spec: 'nope' });
  const outputsOf = async (s: JobSpec) => {
    const argvs = previewArgvs(s);
    return { interchanges: await run(sim, argvs.interchanges), integrate: await run(sim, argvs.integrate) };
  };
  assert.equal(buildPreview(await outputsOf(bad)).error, "Branch 'nope' unknown - use 'branch' command to create it.");
  assert.deepEqual(chainFrom((await outputsOf(bad)).interchanges), { error: "Branch 'nope' unknown - use 'branch' command to create it." });

  const whole = spec(sim, { branch_spec: 'b', path: '//depot/rel/...' });
  const preview = buildPreview(await outputsOf(whole));
  assert.deepEqual(preview.changes.map((c) => [c.change, c.user]), [[4, 'ann'], [5, 'joe'], [6, 'ann']]);
  assert.deepEqual(preview.files, [
    { depot_file: '//depot/rel/a.txt', action: 'integrate', from_file: '//depot/main/a.txt', from_revs: '#2,#3' },
    { depot_file: '//depot/rel/b.txt', action: 'integrate', from_file: '//depot/main/b.txt', from_revs: '#2' },
  ]);
  assert.equal(preview.error, undefined);

  // The chain's steps, oldest first, each pending until the engine runs it.
  const chain = chainFrom(await run(sim, previewArgvs(whole).interchanges));
  assert.deepEqual('steps' in chain && chain.steps.map((c) => [c.change, c.user, c.state, c.changelist, c.submitted_change]), [[4, 'ann', 'pending', null, null], [5, 'joe', 'pending', null, null], [6, 'ann', 'pending', null, null]]);

  // Step 1 takes ann's change 4 alone, and it merges cleanly.
  const pending = parseChanges((await run(sim, previewArgvs(whole).interchanges)).stdout);
  const first = nextChainStep(whole, pending)!;
  assert.equal(first.revisions, '@4,4');
  assert.equal(first.description, 'Integrate change 4 by ann: main: b grows');
  const c1 = await newChange(sim);
  assert.deepEqual(parseIntegratePreview((await run(sim, integrateArgv(first, c1))).stdout).files.map((f) => f.depotFile), ['//depot/rel/b.txt']);
  await run(sim, resolveArgvs(first, c1)[0]!);
  assert.equal((await runP4(sim, ['submit', '-c', String(c1)])).code, 0);

  // Step 2 is joe's change 5: its conflict names joe, and nothing of change 6 is in it.
  const second = nextChainStep(whole, parseChanges((await run(sim, previewArgvs(whole).interchanges)).stdout))!;
  assert.equal(second.revisions, '@5,5');
  const c2 = await newChange(sim);
  const integrated = parseIntegratePreview((await run(sim, integrateArgv(second, c2))).stdout).files;
  const [conflict] = classifyP4Output('resolve', await run(sim, resolveArgvs(second, c2)[0]!)).conflicts;
  const dto = buildConflict({
    conflict: conflict!, workspace: sim.workspace, changelist: c2, integrated,
    filelogs: parseFilelog((await runP4(sim, ['filelog', '//depot/main/a.txt', '//depot/rel/a.txt'])).stdout),
  });
  assert.deepEqual([dto.depot_file, dto.source?.change, dto.source?.user, dto.target_last?.user], ['//depot/rel/a.txt', 5, 'joe', 'bob']);
  assert.equal(nextChainStep(whole, []), null);
});
