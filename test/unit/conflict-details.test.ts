import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildConflict, resolveRefusal } from '../../main/jobs/conflict-details.ts';
import { describeConflicts, describeLocks, historyFiles, lockRefusals } from '../../main/jobs/needs-resolve-details.ts';
import { classifyP4Output, parseFilelog, parseIntegratePreview, parseLockHolders } from '../../main/p4/index.ts';

const resolveOutput = [
  '/ws/rel/a.c - merging //depot/main/a.c#3,#4 using base //depot/main/a.c#2',
  'Diff chunks: 1 yours + 2 theirs + 0 both + 1 conflicting',
  '//ws/rel/a.c - resolve skipped.',
].join('\n');
const integrateOutput = '//depot/rel/a.c#7 - integrate from //depot/main/a.c#3,#4\n';
const filelogOutput = [
  '//depot/main/a.c',
  "... #4 change 120 edit on 2024/05/02 by ann@ann-ws (text) 'Fix the parser for empty input'",
  "... #3 change 118 edit on 2024/05/01 by joe@joe-ws (text) 'Speed up the parser'",
  '//depot/rel/a.c',
  "... #7 change 119 edit on 2024/05/01 by bob@bob-ws (text) 'Hotfix: log the bad input'",
  '... ... copy from //depot/main/a.c#2',
].join('\n');

test('a conflict names its depot file, chunks, source change and author, the target side, and the commands', () => {
  const [conflict] = classifyP4Output('resolve', { stdout: resolveOutput, stderr: '', exitCode: 0 }).conflicts;
  const dto = buildConflict({
    conflict: conflict!,
    workspace: '/home/me/ws',
    changelist: 131,
    env: { P4PORT: 'ssl:perforce:1666', P4USER: 'me', P4CLIENT: 'me-ws', P4PASSWD: 'hunter22', OTHER: 'x' },
    integrated: parseIntegratePreview(integrateOutput).files,
    filelogs: parseFilelog(filelogOutput),
  });
  assert.deepEqual(dto, {
    file: '//ws/rel/a.c',
    depot_file: '//depot/rel/a.c',
    reason: 'conflict',
    chunks: { yours: 1, theirs: 2, both: 0, conflicting: 1 },
    source: { depot_file: '//depot/main/a.c', rev: 4, change: 120, user: 'ann', description: 'Fix the parser for empty input' },
    target_last: { change: 119, user: 'bob', description: 'Hotfix: log the bad input' },
    commands: {
      resolve: 'cd /home/me/ws && P4PORT=ssl:perforce:1666 P4USER=me P4CLIENT=me-ws p4 resolve -am -c 131 //ws/rel/a.c',
      accept_theirs: 'cd /home/me/ws && P4PORT=ssl:perforce:1666 P4USER=me P4CLIENT=me-ws p4 resolve -at -c 131 //ws/rel/a.c',
      accept_yours: 'cd /home/me/ws && P4PORT=ssl:perforce:1666 P4USER=me P4CLIENT=me-ws p4 resolve -ay -c 131 //ws/rel/a.c',
    },
  });
});

test('commands are shell-quoted and never carry a secret; a lock names its holder; ssh hint', () => {
  const dto = buildConflict({
    conflict: { file: "/ws/it's $(rm -rf ~)/b.bin", reason: 'binary' },
    workspace: '/ws/my workspace',
    changelist: 7,
    env: { P4PORT: 'p4:1666', P4USER: 'svc', P4CLIENT: 'a b' },
    secretEnv: ['P4USER'],
  });
  assert.equal(dto.commands.accept_yours, `cd '/ws/my workspace' && P4PORT=p4:1666 P4CLIENT='a b' p4 resolve -ay -c 7 '/ws/it'\\''s $(rm -rf ~)/b.bin'`);
  assert.equal(dto.depot_file, "/ws/it's $(rm -rf ~)/b.bin", 'without the integration facts the printed path is all there is');
  assert.equal(dto.source, undefined);

  const locked = buildConflict({
    conflict: { file: '//depot/rel/c.c', reason: 'locked' },
    workspace: '/ws',
    changelist: 7,
    lockHolders: parseLockHolders('//depot/rel/c.c#3 - edit default change (text+l) by eve@eve-ws *exclusive*\n'),
  });
  assert.deepEqual([locked.reason, locked.depot_file, locked.locked_by], ['locked', '//depot/rel/c.c', 'eve@eve-ws']);
  assert.equal(locked.commands.resolve, 'cd /ws && p4 resolve -am -c 7 //depot/rel/c.c');
});

test('resolve actions: a lock refuses all; merged is refused for binary files and while chunks conflict', () => {
  const base = { file: '/ws/rel/a.c', depot_file: '//depot/rel/a.c', commands: { resolve: '', accept_theirs: '', accept_yours: '' } };
  const chunks = (conflicting: number) => ({ yours: 1, theirs: 2, both: 0, conflicting });
  assert.match(resolveRefusal({ ...base, reason: 'locked', locked_by: 'eve@eve-ws' }, 'theirs')!, /locked by eve@eve-ws; nothing can be resolved until that lock is released/);
  assert.match(resolveRefusal({ ...base, reason: 'binary' }, 'merged')!, /is binary: p4 cannot merge it/);
  assert.equal(resolveRefusal({ ...base, reason: 'binary' }, 'yours'), undefined);
  assert.match(resolveRefusal({ ...base, reason: 'conflict', chunks: chunks(2) }, 'merged')!, /still has 2 conflicting chunks: merged would submit the conflict markers/);
  assert.equal(resolveRefusal({ ...base, reason: 'conflict', chunks: chunks(0) }, 'merged'), undefined);
  assert.equal(resolveRefusal({ ...base, reason: 'conflict', chunks: chunks(2) }, 'theirs'), undefined);
});

test('NEEDS_RESOLVE details from the job\'s runs: chunks of the -am pass and the history land on the resolve -n conflict', () => {
  const out = (stdout: string) => ({ stdout, stderr: '', exitCode: 0 });
  const [raw] = classifyP4Output('resolve-preview', out('/ws/rel/a.c - merging //depot/main/a.c#3,#4 using base //depot/main/a.c#2\n')).conflicts;
  const spec = { workspace: '/ws', branch_spec: 'b', env: { P4PORT: 'perforce:1666' } };
  const sources = { integrate: out(integrateOutput), resolvePass: out(resolveOutput) };
  const [plain] = describeConflicts([raw!], spec, 9, sources);
  assert.deepEqual([plain!.depot_file, plain!.chunks, plain!.source], ['//depot/rel/a.c', { yours: 1, theirs: 2, both: 0, conflicting: 1 }, undefined]);
  assert.deepEqual(historyFiles([plain!], [raw!]), ['//depot/main/a.c', '//depot/rel/a.c']);
  const [full] = describeConflicts([raw!], spec, 9, { ...sources, filelog: out(filelogOutput) });
  assert.deepEqual([full!.source?.change, full!.source?.user, full!.target_last?.user], [120, 'ann', 'bob']);
  assert.match(full!.commands.resolve, /^cd \/ws && P4PORT=perforce:1666 p4 resolve -am -c 9 \/ws\/rel\/a.c$/);
});

test('an integration refused only for exclusive locks waits for them; any other refusal does not', () => {
  const out = (stdout: string) => ({ stdout, stderr: '', exitCode: 0 });
  const refused = "//depot/rel/b.c - can't integrate exclusive file already opened\n";
  assert.deepEqual(lockRefusals(out(integrateOutput + refused)), ['//depot/rel/b.c']);
  assert.equal(lockRefusals(out(integrateOutput)), undefined);
  assert.equal(lockRefusals(out(refused + "//depot/rel/c.c - can't integrate from //depot/main/c.c#2 without -i flag\n")), undefined);
  const holders = out('//depot/rel/b.c#3 - edit default change (text+l) by eve@eve-ws *exclusive*\n');
  const [locked] = describeLocks(['//depot/rel/b.c'], { workspace: '/ws', branch_spec: 'b' }, 7, holders);
  assert.deepEqual([locked!.reason, locked!.depot_file, locked!.locked_by], ['locked', '//depot/rel/b.c', 'eve@eve-ws']);
  assert.equal(describeLocks(['//depot/rel/b.c'], { workspace: '/ws', branch_spec: 'b' }, 7)[0]!.locked_by, undefined, 'no holder before `p4 opened -a` answered');
});
