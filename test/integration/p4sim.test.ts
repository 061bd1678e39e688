// The Perforce simulator (test/fixtures/p4sim) run as real processes: its texts, streams and
// exit statuses are checked against the real captures copied into test/fixtures/p4-corpus/.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  addNameCheckTrigger, createScenario, createSimDepot, createStreamDepot, delayCommand, depotContent, lockFile,
  readSimState, resolveInWorkspace, runP4, setOffline, type ScenarioName, type SimDepot,
} from '../fixtures/p4sim/index.ts';
import { classifyP4Output, parseChanges, parseFilelog, parseIntegratePreview, parseLockHolders } from '../../main/p4/index.ts';

const CORPUS = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'p4-corpus');

/** The output part of a corpus file (after the "#---" header line), without the final newline. */
function corpus(name: string): string[] {
  const text = readFileSync(join(CORPUS, name), 'utf8');
  return text.slice(text.indexOf('#---\n') + 5).replace(/\n$/, '').split('\n');
}

/** Line shape: depot/client paths → P, local paths → L, numbers → N (the captures' values differ). */
function shape(line: string): string {
  return line
    .replace(/\/\/[^\s#']+/g, 'P')
    .replace(/(?:[A-Za-z]:\\|\/)[^\s#']+/g, 'L')
    .replace(/\d+/g, 'N');
}

const lines = (s: string) => s.replace(/\n$/, '').split('\n').filter((l) => l !== '');

function tempRoot(t: TestContext): string {
  const root = mkdtempSync(join(tmpdir(), 'p4sim-test-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  return root;
}

function scenario(t: TestContext, name: ScenarioName) {
  return createScenario(name, { root: tempRoot(t) });
}

/** The job pipeline's first stages: sync, a new pending change, integrate into it. */
async function syncAndIntegrate(sim: SimDepot & { branch: string; targetPath: string }): Promise<string> {
  await runP4(sim, ['sync']);
  const spec = (await runP4(sim, ['change', '-o'])).stdout.replace('<enter description here>', 'Integrate main to release');
  const created = await runP4(sim, ['change', '-i'], { input: spec });
  const change = /^Change (\d+) created\.$/.exec(created.stdout.trim())?.[1];
  assert.ok(change, created.stdout);
  await runP4(sim, ['integrate', '-c', change, '-b', sim.branch, sim.targetPath]);
  return change;
}

test('corpus: unknown command, up-to-date, must refer to client, no such file', async (t) => {
  const sim = scenario(t, 'clean');
  const bogus = await runP4(sim, ['bogus']);
  assert.deepEqual([bogus.stdout, bogus.stderr, bogus.code], ['', `${corpus('unknown-command-1.txt')[0]}\n`, 1]);

  await runP4(sim, ['sync']);
  const again = await runP4(sim, ['sync']);
  assert.deepEqual([again.stdout, again.stderr, again.code], ['', `${corpus('sync-up-to-date-1.txt')[0]}\n`, 0]);

  const foreign = await runP4(sim, ['sync', '//elsewhere/...']);
  const quoted = (l: string) => shape(l).replace(/'[^']*'/g, "'Q'");
  assert.equal(quoted(foreign.stderr.trim()), quoted(corpus('must-refer-to-client-1.txt')[0]!));
  assert.equal(foreign.stderr, "//elsewhere/... - must refer to client 'sim-ws'.\n");
  assert.equal(foreign.code, 1);

  const missing = await runP4(sim, ['sync', '//depot/foobar']);
  assert.deepEqual([missing.stderr, missing.code], [`${corpus('files-no-such-file-1.txt')[0]}\n`, 0]);
});

test('corpus: add, edit, opened and submit -d print the captured lines', async (t) => {
  const sim = createSimDepot({ root: tempRoot(t), changes: [{ files: { '//depot/file1': 'one\n' } }], synced: true });
  writeFileSync(join(sim.workspace, 'file2'), 'two\n');
  const edit = await runP4(sim, ['edit', 'file1']);
  const add = await runP4(sim, ['add', 'file2']);
  const opened = await runP4(sim, ['opened']);
  const expected = corpus('edit-add-delete-opened-1.txt');
  assert.equal(edit.stdout + add.stdout, `${expected[0]}\n${expected[1]}\n`);
  assert.equal(opened.stdout, `${expected[3]}\n${expected[4]}\n`);

  const fresh = createSimDepot({ root: tempRoot(t) });
  mkdirSync(join(fresh.workspace, 'Main'));
  writeFileSync(join(fresh.workspace, 'Main', 'a'), 'a\n');
  await runP4(fresh, ['add', 'Main/a']);
  const submit = await runP4(fresh, ['submit', '-d', 'CL1(1)']);
  assert.deepEqual([submit.stdout, submit.code], [`${corpus('submit-success-1.txt').join('\n')}\n`, 0]);
});

test('clean scenario: integrate, resolve -am merges for real, shelve, p4push submits', async (t) => {
  const sim = scenario(t, 'clean');
  const sync = await runP4(sim, ['sync']);
  assert.match(lines(sync.stdout)[0]!, /^\/\/depot\/main\/a\.txt#2 - added as \/.*\/main\/a\.txt$/);
  const change = await syncAndIntegrate(sim);
  const opened = await runP4(sim, ['opened']);
  assert.deepEqual(lines(opened.stdout), [
    `//depot/release/a.txt#2 - integrate change ${change} (text)`,
    `//depot/release/c.txt#1 - branch change ${change} (text)`,
  ]);

  const am = await runP4(sim, ['resolve', '-am']);
  assert.equal(am.code, 0);
  assert.deepEqual(lines(am.stdout).slice(1), [
    'Diff chunks: 1 yours + 1 theirs + 0 both + 0 conflicting',
    '//sim-ws/release/a.txt - merge from //depot/main/a.txt',
  ]);
  const merged = readFileSync(join(sim.workspace, 'release', 'a.txt'), 'utf8');
  assert.match(merged, /alpha line 2 fixed on main\n/);
  assert.match(merged, /alpha line 9 tweaked on release\n/);

  const preview = await runP4(sim, ['resolve', '-n']);
  assert.deepEqual([preview.stdout, preview.stderr, preview.code], ['', 'No file(s) to resolve.\n', 0]);

  const shelve = await runP4(sim, ['shelve', '-f', '-c', change]);
  const captured = corpus('shelve-i-success-2.txt');
  assert.deepEqual(lines(shelve.stdout).map(shape), [captured[1], 'integrate P#N', 'branch P#N', captured[3]].map((l) => shape(l!)));

  const submit = await runP4(sim, ['submit', '-c', change]);
  assert.deepEqual([submit.stderr, submit.code], [`Change ${change} has shelved files --  cannot submit.\n`, 1]);

  const push = await runP4(sim, ['-c', change], { command: 'p4push' });
  assert.equal(push.code, 0, push.stderr);
  assert.deepEqual(lines(push.stdout), [
    `Shelved change ${change} deleted.`,
    `Submitting change ${change}.`,
    'Locking 2 files ...',
    'integrate //depot/release/a.txt#3',
    'branch //depot/release/c.txt#1',
    `Change ${change} submitted.`,
  ]);
  assert.equal(depotContent(sim, '//depot/release/a.txt')?.toString(), merged);

  const again = await runP4(sim, ['integrate', '-b', sim.branch]);
  assert.deepEqual([again.stdout, again.stderr, again.code], ['', 'All revision(s) already integrated.\n', 0]);
});

test('conflict scenario: -am skips the conflict, the human resolves in the workspace', async (t) => {
  const sim = scenario(t, 'conflict');
  const change = await syncAndIntegrate(sim);
  const am = await runP4(sim, ['resolve', '-am']);
  const out = lines(am.stdout);
  const skipped = corpus('resolve-am-conflict-skipped-1.txt');
  assert.deepEqual(out.slice(0, 3).map(shape), skipped.map(shape));
  assert.equal(out[1], skipped[1], 'same chunk counts as the capture');
  assert.equal(out[5], '//sim-ws/release/b.txt - merge from //depot/main/b.txt');
  assert.equal(am.code, 0);

  const second = await runP4(sim, ['resolve', '-am']);
  assert.equal(lines(second.stdout).at(-1), '//sim-ws/release/a.txt - resolve skipped.');

  const preview = await runP4(sim, ['resolve', '-n']);
  assert.deepEqual(lines(preview.stdout).map(shape), corpus('resolve-n-preview-1.txt').map(shape).map((l) => l.replace('#N,#N', '#N')));
  assert.equal(preview.stdout, `${sim.conflicts[0]!.localPath} - merging //depot/main/a.txt#2\n`);

  const submit = await runP4(sim, ['submit', '-c', change]);
  assert.equal(shape(lines(submit.stdout)[0]!), shape(corpus('submit-must-resolve-evil-twin-1.txt')[0]!));
  // The P4Python capture has every digit stripped ("p submit -c ").
  assert.deepEqual(lines(submit.stderr).map((l) => l.replace(/\d/g, '')), corpus('submit-merges-pending-p4python-1.txt'));
  assert.equal(submit.code, 1);

  const ay = await resolveInWorkspace(sim, sim.conflicts[0]!.localPath, 'alpha resolved by a human\n');
  assert.deepEqual(lines(ay.stdout).map(shape), corpus('resolve-ay-vs-ignored-2.txt').map(shape));
  const clean = await runP4(sim, ['resolve', '-n']);
  assert.deepEqual([clean.stdout, clean.stderr, clean.code], ['', 'No file(s) to resolve.\n', 0]);

  await runP4(sim, ['shelve', '-f', '-c', change]);
  const push = await runP4(sim, ['-c', change], { command: 'p4push' });
  assert.equal(lines(push.stdout).at(-1), `Change ${change} submitted.`);
  assert.equal(depotContent(sim, '//depot/release/a.txt')?.toString(), 'alpha resolved by a human\n');
});

test('resolve -af writes p4 conflict markers; -as and -at behave as documented', async (t) => {
  const sim = scenario(t, 'conflict');
  await syncAndIntegrate(sim);
  const safe = await runP4(sim, ['resolve', '-as', 'release/a.txt']);
  assert.equal(lines(safe.stdout).at(-1), '//sim-ws/release/a.txt - resolve skipped.');
  const force = await runP4(sim, ['resolve', '-af', 'release/a.txt']);
  assert.equal(lines(force.stdout).at(-1), '//sim-ws/release/a.txt - edit from //depot/main/a.txt');
  const text = readFileSync(sim.conflicts[0]!.localPath, 'utf8');
  assert.match(text, /^>>>> ORIGINAL \/\/depot\/main\/a\.txt#1\nalpha line 5\n==== THEIRS \/\/depot\/main\/a\.txt#2\nalpha line 5 from main\n==== YOURS \/\/sim-ws\/release\/a\.txt\nalpha line 5 from release\n<<<<\n/m);
  const theirs = await runP4(sim, ['resolve', '-at']);
  assert.deepEqual(lines(theirs.stdout), [
    `${join(sim.workspace, 'release', 'b.txt')} - vs //depot/main/b.txt#2`,
    '//sim-ws/release/b.txt - copy from //depot/main/b.txt',
  ]);
  const resolved = await runP4(sim, ['resolved']);
  assert.equal(shape(lines(resolved.stdout)[1]!), shape(corpus('resolved-copy-from-1.txt')[0]!));
});

test('binary scenario: a non-text conflict that automatic resolve cannot do', async (t) => {
  const sim = scenario(t, 'binary');
  await syncAndIntegrate(sim);
  const am = await runP4(sim, ['-s', 'resolve', '-am']);
  const out = lines(am.stdout);
  assert.deepEqual(out.slice(0, 3), [
    `info: ${join(sim.workspace, 'release', 'a.txt')} - merging //depot/main/a.txt#2`,
    'info: Diff chunks: 0 yours + 1 theirs + 0 both + 0 conflicting',
    'info: //sim-ws/release/a.txt - copy from //depot/main/a.txt',
  ]);
  assert.deepEqual(out.slice(0, 3).map(shape), corpus('resolve-am-s-success-copy-1.txt').map(shape).map((l) => l.replace('#N,#N', '#N')));
  assert.deepEqual(out.slice(3), [
    `info: ${sim.conflicts[0]!.localPath} - binary/binary merge //depot/main/logo.bin#2`,
    'info: Non-text diff: 0 yours + 0 theirs + 0 both + 1 conflicting',
    'info: //sim-ws/release/logo.bin - resolve skipped.',
    'exit: 0',
  ]);
  assert.equal(shape(out[4]!.slice(6)), shape(corpus('resolve-binary-nontext-diff-1.txt')[0]!));
  const ztag = await runP4(sim, ['-ztag', 'resolve', '-n']);
  assert.match(ztag.stdout, /\.\.\. contentResolveType 3wayraw\n/);
});

test('nothing to integrate, -s mode and revision ranges', async (t) => {
  const sim = scenario(t, 'nothing-to-integrate');
  await runP4(sim, ['sync']);
  const integ = await runP4(sim, ['integrate', '-b', sim.branch, sim.targetPath]);
  assert.deepEqual([integ.stdout, integ.stderr, integ.code], ['', '//depot/release/... - all revision(s) already integrated.\n', 0]);
  const tagged = await runP4(sim, ['-s', 'resolve']);
  assert.equal(tagged.stdout, 'warning: No file(s) to resolve.\nexit: 0\n');

  const ranged = createSimDepot({
    root: tempRoot(t),
    branches: { b: [['//depot/main/...', '//depot/rel/...']] },
    changes: [
      { files: { '//depot/main/build.xml': 'a\nb\nc\n' } },
      { integrate: 'b' },
      { files: { '//depot/main/build.xml': 'a\nb2\nc\n' } },
      { files: { '//depot/main/build.xml': 'a\nb3\nc\n' } },
    ],
    synced: true,
  });
  const opened = await runP4(ranged, ['integrate', '-b', 'b']);
  assert.equal(opened.stdout, '//depot/rel/build.xml#1 - integrate from //depot/main/build.xml#2,#3\n');
  const s = await runP4(ranged, ['-s', 'resolve', '-am']);
  assert.deepEqual(lines(s.stdout).slice(0, 3).map(shape), corpus('resolve-am-s-success-copy-1.txt').map(shape));
});

test('name-check trigger rejects shelve until the fix script ran; forever keeps rejecting', async (t) => {
  const sim = scenario(t, 'clean');
  const change = await syncAndIntegrate(sim);
  await runP4(sim, ['resolve', '-am']);
  const { fixScript, marker } = addNameCheckTrigger(sim);
  const rejected = await runP4(sim, ['shelve', '-f', '-c', change]);
  assert.equal(rejected.code, 1);
  assert.equal(rejected.stdout, `Shelving files for change ${change}.\n`);
  assert.deepEqual(lines(rejected.stderr), [
    'Shelve validation failed -- fix problems then try again.',
    "'name-check' validation failed: name_check: file names in this change violate the naming policy. Run the name check fix script.",
  ]);
  await new Promise((r) => spawn(fixScript, [], { stdio: 'ignore' }).on('close', r));
  assert.ok(existsSync(marker));
  const shelved = await runP4(sim, ['shelve', '-f', '-c', change]);
  assert.equal(lines(shelved.stdout).at(-1), `Change ${change} files shelved.`);

  const stubborn = scenario(t, 'clean');
  const c2 = await syncAndIntegrate(stubborn);
  await runP4(stubborn, ['resolve', '-am']);
  const forever = addNameCheckTrigger(stubborn, { forever: true, type: 'change-submit', message: 'bad name: release/c.txt' });
  await new Promise((r) => spawn(forever.fixScript, [], { stdio: 'ignore' }).on('close', r));
  const submit = await runP4(stubborn, ['submit', '-c', c2]);
  assert.deepEqual(lines(submit.stderr), [
    `Submit validation failed -- fix problems then use 'p4 submit -c ${c2}'.`,
    "'name-check' validation failed: bad name: release/c.txt",
  ]);
  assert.equal(submit.code, 1);
});

test('file locked by another client: integrate refused (exit 0), submit fails (exit 1), then released', async (t) => {
  const sim = scenario(t, 'clean');
  lockFile(sim, '//depot/release/a.txt', { user: 'bob', client: 'bob-ws', commands: ['integrate'], times: 1 });
  const change = await syncAndIntegrate(sim);
  const state = readSimState(sim);
  assert.deepEqual(Object.keys(state.opened['sim-ws'] ?? {}), ['//depot/release/c.txt']);
  const retry = await runP4(sim, ['integrate', '-c', change, '-b', sim.branch]);
  assert.equal(retry.stdout, '//depot/release/a.txt#2 - integrate from //depot/main/a.txt#2\n');

  const locked = scenario(t, 'clean');
  lockFile(locked, '//depot/release/...', { user: 'bob', client: 'bob-ws', commands: ['submit'] });
  const c2 = await syncAndIntegrate(locked);
  const refusal = await runP4(locked, ['integrate', '-c', c2, '-b', locked.branch]);
  assert.equal(refusal.code, 0);
  await runP4(locked, ['resolve', '-am']);
  const submit = await runP4(locked, ['submit', '-c', c2]);
  assert.deepEqual(lines(submit.stdout), [
    `Submitting change ${c2}.`,
    'Locking 2 files ...',
    '//depot/release/a.txt - already locked by bob@bob-ws',
    '//depot/release/c.txt - already locked by bob@bob-ws',
  ]);
  assert.deepEqual(lines(submit.stderr), ["File(s) couldn't be locked.", `Submit failed -- fix problems above then use 'p4 submit -c ${c2}'.`]);
  assert.equal(submit.code, 1);

  const held = scenario(t, 'clean');
  lockFile(held, '//depot/release/a.txt', { commands: ['integrate'] });
  await runP4(held, ['sync']);
  const x = await runP4(held, ['integrate', '-b', held.branch]);
  assert.equal(lines(x.stdout)[0], "//depot/release/a.txt - can't integrate exclusive file already opened");
});

test('a delayed sync hangs until killed; offline gives the connect error', async (t) => {
  const sim = scenario(t, 'clean');
  delayCommand(sim, 'sync', 30);
  const started = Date.now();
  const child = spawn(join(sim.binDir, 'p4'), ['sync'], { cwd: sim.workspace, env: { ...process.env, ...sim.env } });
  await new Promise((r) => setTimeout(r, 300));
  child.kill('SIGTERM');
  const [code, signal] = await new Promise<[number | null, string | null]>((r) => child.on('close', (c, s) => r([c, s])));
  assert.equal(signal, 'SIGTERM', `exit ${code}`);
  assert.ok(Date.now() - started < 5000);

  setOffline(sim, 1);
  const down = await runP4(sim, ['info']);
  assert.equal(down.code, 1);
  assert.match(down.stderr, /^Perforce client error:\n\tConnect to server failed; check \$P4PORT\.\n\tTCP connect to p4sim:1666 failed\./);
  const up = await runP4(sim, ['info']);
  assert.match(up.stdout, /^User name: sim\nClient name: sim-ws\n/);
});

test('concurrent p4 processes get distinct changes; late submit is renumbered', async (t) => {
  const sim = scenario(t, 'clean');
  const spec = 'Change: new\n\nDescription:\n\tparallel\n';
  const results = await Promise.all(Array.from({ length: 6 }, () => runP4(sim, ['change', '-i'], { input: spec })));
  const numbers = results.map((r) => Number(/Change (\d+) created\./.exec(r.stdout)?.[1]));
  assert.equal(new Set(numbers).size, 6, results.map((r) => r.stdout + r.stderr).join());

  await runP4(sim, ['sync']);
  const first = Math.min(...numbers);
  await runP4(sim, ['integrate', '-c', String(first), '-b', sim.branch]);
  await runP4(sim, ['resolve', '-am']);
  const submit = await runP4(sim, ['submit', '-c', String(first)]);
  assert.equal(lines(submit.stdout).at(-1), `Change ${first} renamed change ${Math.max(...numbers) + 1} and submitted.`);
  const describe = await runP4(sim, ['describe', '-s', String(Math.max(...numbers) + 1)]);
  assert.match(describe.stdout, /^Change \d+ by sim@sim-ws on \d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d\n\n\tparallel\n\nAffected files \.\.\.\n\n\.\.\. \/\/depot\/release\/a\.txt#3 integrate\n/);
});

test('the wrappers start fast and run from any directory', async (t) => {
  const sim = scenario(t, 'clean');
  const other = tempRoot(t);
  chmodSync(other, 0o755);
  const started = Date.now();
  const r = await runP4(sim, ['info'], { cwd: other });
  assert.equal(r.code, 0, r.stderr);
  assert.ok(Date.now() - started < 3000);
  assert.match(r.stdout, new RegExp(`Current directory: ${other}\n`));
});

/** main → dev streams: dev branched from main, then ann fixes a.txt on main and bob works on dev. */
function streamDepot(t: TestContext): SimDepot {
  return createStreamDepot(tempRoot(t), { '//stream/main/a.txt': 'a1\na2\na3\n', '//stream/main/b.txt': 'b1\n' }, [
    { description: 'main: fix a2', user: 'ann', files: { '//stream/main/a.txt': 'a1\na2 fixed\na3\n' } },
    { description: 'dev: feature b and a new file', user: 'bob', files: { '//stream/dev/b.txt': 'b1\nb2\n', '//stream/dev/new.txt': 'new\n' } },
  ]);
}

test('streams: merge -S -r merges down, copy -S copies up after it, with the captured texts', async (t) => {
  const sim = streamDepot(t);
  const early = await runP4(sim, ['copy', '-S', '//stream/dev']);
  assert.deepEqual([early.stdout, early.stderr, early.code], ['', "Stream //stream/dev cannot 'copy' over outstanding 'merge' changes.\n", 1]);
  const mainline = await runP4(sim, ['merge', '-S', '//stream/main', '-r']);
  assert.deepEqual([mainline.stderr, mainline.code], ["Stream '//stream/main' has no parent, therefore (command not allowed).\n", 1]);
  const unknown = await runP4(sim, ['merge', '-S', '//stream/nope', '-r']);
  assert.deepEqual([unknown.stderr, unknown.code], ['//stream/nope - no such stream.\n', 0]);

  const pending = await runP4(sim, ['interchanges', '-S', '//stream/dev', '-r']);
  assert.equal(pending.stdout, "Change 3 on 2024/01/03 by ann@sim-ws 'main: fix a2'\n");
  const change = /^Change (\d+) created/.exec((await runP4(sim, ['change', '-i'], { input: 'Change: new\nDescription:\n\tmerge down\n' })).stdout)![1]!;
  const merge = await runP4(sim, ['merge', '-c', change, '-S', '//stream/dev', '-r']);
  assert.equal(merge.stdout, '//stream/dev/a.txt#1 - integrate from //stream/main/a.txt#2\n');
  assert.deepEqual(lines(merge.stdout).map(shape), corpus('merge-S-r-integrate-1.txt').map(shape));
  assert.match((await runP4(sim, ['resolve', '-am', '-c', change])).stdout, /Diff chunks: 0 yours \+ 1 theirs \+ 0 both \+ 0 conflicting\n\/\/sim-ws\/dev\/a.txt - copy from \/\/stream\/main\/a.txt\n/);
  assert.equal((await runP4(sim, ['submit', '-c', change])).code, 0);
  const again = await runP4(sim, ['merge', '-S', '//stream/dev', '-r']);
  assert.deepEqual([again.stdout, again.stderr, again.code], ['', `${corpus('merge-S-r-already-integrated-1.txt')[0]}\n`, 0]);
  const none = await runP4(sim, ['interchanges', '-S', '//stream/dev', '-r']);
  assert.match((await runP4(sim, ['interchanges', '-S', '//stream/dev'])).stdout, /^Change 4 on 2024\/01\/04 by bob@sim-ws 'dev: feature b and a new file'\n$/);
  assert.deepEqual([none.stdout, none.stderr], ['', 'All revision(s) already integrated.\n']);

  // Copy up: files open as exact copies of the child, nothing to resolve.
  const up = await runP4(sim, ['copy', '-S', '//stream/dev']);
  const newFile = lines(up.stdout).find((l) => l.includes('new.txt'))!;
  assert.equal(newFile, '//stream/main/new.txt#1 - branch/sync from //stream/dev/new.txt#1');
  assert.equal(shape(newFile), shape(corpus('copy-S-branch-sync-1.txt')[0]!));
  // a.txt's dev revisions all came from main: nothing of it goes back up.
  assert.deepEqual(lines(up.stdout), ['//stream/main/b.txt#1 - integrate from //stream/dev/b.txt#2', newFile]);
  assert.deepEqual([(await runP4(sim, ['resolve', '-n'])).stderr], ['No file(s) to resolve.\n']);
  assert.equal(readFileSync(join(sim.workspace, 'main', 'b.txt'), 'utf8'), 'b1\nb2\n');
});

test('integrate -n previews, @CL and @CL1,CL2 limit the source; interchanges and filelog name authors', async (t) => {
  const sim = createSimDepot({
    root: tempRoot(t),
    branches: { b: [['//depot/main/...', '//depot/rel/...']] },
    changes: [
      { files: { '//depot/main/build.xml': 'a\nb\nc\n' } },
      { integrate: 'b' },
      { description: 'b2 on main', user: 'ann', files: { '//depot/main/build.xml': 'a\nb2\nc\n' } },
      { description: 'b3 on main, a long description that p4 cuts\nsecond line', user: 'bob', files: { '//depot/main/build.xml': 'a\nb3\nc\n' } },
    ],
    synced: true,
  });
  const preview = await runP4(sim, ['integrate', '-n', '-b', 'b']);
  assert.equal(preview.stdout, '//depot/rel/build.xml#1 - integrate from //depot/main/build.xml#2,#3\n');
  assert.equal(shape(lines(preview.stdout)[0]!), shape(corpus('integrate-n-s-mode-cant-integrate-1.txt')[0]!.replace(/^info: /, '')));
  assert.deepEqual(readSimState(sim).opened['sim-ws'] ?? {}, {}, '-n opens nothing');
  assert.deepEqual(parseIntegratePreview(preview.stdout).files.map((f) => [f.depotFile, f.fromFile, f.startFromRev, f.endFromRev]), [['//depot/rel/build.xml', '//depot/main/build.xml', 2, 3]]);

  const upTo3 = await runP4(sim, ['integrate', '-n', '-b', 'b', '//depot/rel/...@3']);
  assert.equal(upTo3.stdout, '//depot/rel/build.xml#1 - integrate from //depot/main/build.xml#2\n');
  const only4 = await runP4(sim, ['integrate', '-Ob', '-b', 'b', '//depot/rel/...@4,4']);
  assert.equal(only4.stdout, '//depot/rel/build.xml#1 - integrate from //depot/main/build.xml#3 using base //depot/main/build.xml#2\n');
  await runP4(sim, ['revert', '//depot/rel/...']);

  const inter = await runP4(sim, ['interchanges', '-b', 'b']);
  assert.deepEqual(lines(inter.stdout), ["Change 3 on 2024/01/03 by ann@sim-ws 'b2 on main'", "Change 4 on 2024/01/04 by bob@sim-ws 'b3 on main, a long description '"]);
  // The same line grammar as the captured `p4 changes` output.
  const CHANGES_LINE = /^Change \d+ on \d{4}\/\d\d\/\d\d by [^@\s]+@\S+ '.{0,31}'$/;
  for (const l of [...lines(inter.stdout), ...corpus('changes-s-mode-default-1.txt').slice(0, -1).map((c) => c.replace(/^info: /, ''))]) assert.match(l, CHANGES_LINE);
  // The product's parsers read the authors the simulated server names.
  assert.deepEqual(parseChanges(inter.stdout).map((c) => [c.change, c.user, c.description]), [[3, 'ann', 'b2 on main'], [4, 'bob', 'b3 on main, a long description ']]);
  const long = await runP4(sim, ['interchanges', '-l', '-t', '-b', 'b', '//depot/rel/...@4,4']);
  assert.deepEqual(parseChanges(long.stdout).map((c) => [c.change, c.user, c.date, c.description]), [[4, 'bob', '2024/01/04 10:00:00', 'b3 on main, a long description that p4 cuts\nsecond line']]);
  assert.equal(long.stdout, 'Change 4 on 2024/01/04 10:00:00 by bob@sim-ws\n\n\tb3 on main, a long description that p4 cuts\n\tsecond line\n\n');
  // -l -t layout as captured: header with the time, blank line, TAB-indented description, blank line.
  const layout = (text: string) => text.split('\n').map((l) => (l.startsWith('Change ') ? 'H' : l.startsWith('\t') ? 'D' : l)).join('|');
  assert.equal(layout(long.stdout), layout(`${corpus('changes-l-t-1.txt').slice(0, 4).join('\n')}\n`).replace('D', 'D|D'));
  assert.match(corpus('changes-l-t-1.txt')[0]!, /^Change \d+ on \d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d by [^@\s]+@\S+$/);

  const log = await runP4(sim, ['filelog', '-m', '2', '//depot/rel/build.xml', '//depot/main/build.xml']);
  assert.deepEqual(lines(log.stdout), [
    '//depot/rel/build.xml',
    "... #1 change 2 branch on 2024/01/02 by sim@sim-ws (text) 'change 2'",
    '... ... branch from //depot/main/build.xml#1',
    '//depot/main/build.xml',
    "... #3 change 4 edit on 2024/01/04 by bob@sim-ws (text) 'b3 on main, a long description '",
    "... #2 change 3 edit on 2024/01/03 by ann@sim-ws (text) 'b2 on main'",
  ]);
  const FILELOG_REV = /^\.\.\. #\d+ change \d+ \S+ on \d{4}\/\d\d\/\d\d(?: \d\d:\d\d:\d\d)? by [^@\s]+@\S+ \([^)]+\)(?: '.{0,31}')?$/;
  const FILELOG_INTEG = /^\.\.\. \.\.\. [a-z]+(?: [a-z]+)? \/\/.+?(?:#\d+,)?#\d+$/;
  for (const l of [...lines(log.stdout), ...corpus('filelog-s-t-m-merge-from-1.txt'), ...corpus('filelog-t-copy-from-1.txt')]) {
    if (!l.startsWith('//')) assert.match(l, l.startsWith('... ... ') ? FILELOG_INTEG : FILELOG_REV);
  }
  assert.deepEqual(parseFilelog(log.stdout).map((l) => [l.depotFile, l.revisions.map((r) => [r.rev, r.change, r.user, r.integrations.map((i) => i.how)])]), [
    ['//depot/rel/build.xml', [[1, 2, 'sim', ['branch from']]]],
    ['//depot/main/build.xml', [[3, 4, 'bob', []], [2, 3, 'ann', []]]],
  ]);
  const longLog = await runP4(sim, ['filelog', '-l', '-m', '1', '//depot/main/build.xml']);
  assert.equal(parseFilelog(longLog.stdout)[0]?.revisions[0]?.description, 'b3 on main, a long description that p4 cuts\nsecond line');
  assert.equal(longLog.stdout, '//depot/main/build.xml\n... #3 change 4 edit on 2024/01/04 by bob@sim-ws (text)\n\n\tb3 on main, a long description that p4 cuts\n\tsecond line\n\n');
  const missing = await runP4(sim, ['filelog', '//depot/none']);
  assert.deepEqual([missing.stderr, missing.code], ['//depot/none - no such file(s).\n', 0]);
});

test('@LABEL limits the source to the revisions the label holds; an unknown label is refused', async (t) => {
  const sim = createSimDepot({
    root: tempRoot(t),
    branches: { b: [['//depot/main/...', '//depot/rel/...']] },
    changes: [
      { files: { '//depot/main/a.txt': 'a1\n', '//depot/main/b.txt': 'b1\n' } },
      { integrate: 'b' },
      { description: 'a2', user: 'ann', files: { '//depot/main/a.txt': 'a2\n' } },
      { description: 'b2', user: 'bob', files: { '//depot/main/b.txt': 'b2\n' } },
      { description: 'a3', user: 'ann', files: { '//depot/main/a.txt': 'a3\n' } },
    ],
    labels: { 'rel-1.0': 3, later: 4 },
    synced: true,
  });
  const inter = await runP4(sim, ['interchanges', '-b', 'b', '//depot/rel/...@later']);
  assert.deepEqual(parseChanges(inter.stdout).map((c) => [c.change, c.user]), [[3, 'ann'], [4, 'bob']], 'change 5 is after the label');
  const preview = await runP4(sim, ['integrate', '-n', '-b', 'b', '//depot/rel/...@rel-1.0']);
  assert.equal(preview.stdout, '//depot/rel/a.txt#1 - integrate from //depot/main/a.txt#2\n', 'b.txt#2 is not in rel-1.0, a.txt#3 is after it');
  const unknown = await runP4(sim, ['integrate', '-n', '-b', 'b', '//depot/rel/...@nope']);
  assert.equal(unknown.code, 1);
  assert.match(unknown.stderr, /^p4sim: label 'nope' is not set up/);
});

test('exclusive lock: integrate refused, opened -a names the holder', async (t) => {
  const sim = scenario(t, 'clean');
  lockFile(sim, '//depot/release/a.txt', { user: 'bob', client: 'bob-ws', commands: ['integrate'] });
  await runP4(sim, ['sync']);
  const integ = await runP4(sim, ['integrate', '-b', sim.branch]);
  assert.equal(lines(integ.stdout)[0], "//depot/release/a.txt - can't integrate exclusive file already opened");
  const holders = await runP4(sim, ['opened', '-a', '//depot/release/a.txt']);
  assert.equal(holders.stdout, '//depot/release/a.txt#2 - edit default change (text+l) by bob@bob-ws *exclusive*\n');
  assert.deepEqual(parseIntegratePreview(integ.stdout).refused.map((r) => [r.depotFile, r.exclusive]), [['//depot/release/a.txt', true]]);
  assert.deepEqual([...parseLockHolders(holders.stdout)], [['//depot/release/a.txt', 'bob@bob-ws']]);
  const all = await runP4(sim, ['opened', '-a']);
  assert.deepEqual(lines(all.stdout), [
    '//depot/release/c.txt#1 - branch default change (text)',
    '//depot/release/a.txt#2 - edit default change (text+l) by bob@bob-ws *exclusive*',
  ]);
});

test('resolve -am: the classifier reads chunk counts and the source of each skipped file', async (t) => {
  const sim = scenario(t, 'conflict');
  const change = await syncAndIntegrate(sim);
  const skipped = classifyP4Output('resolve', { ...(await runP4(sim, ['resolve', '-am', '-c', change])), exitCode: 0 });
  assert.deepEqual(skipped.conflicts, [{ file: '//sim-ws/release/a.txt', reason: 'conflict', from: { file: '//depot/main/a.txt', start: 2, end: 2 }, chunks: { yours: 0, theirs: 0, both: 0, conflicting: 1 } }]);
});
