import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EMPTY_FORM, fieldOf, toNewJob } from '../../renderer/screens/new-job-form.ts';

test('New job form: a branch job stays as before; a stream job sends its source and options', () => {
  assert.deepEqual(toNewJob({ ...EMPTY_FORM, workspace: '/ws', branch_spec: 'main-to-rel' }), { job: { priority: 'NORMAL', spec: { workspace: '/ws', branch_spec: 'main-to-rel' } } });
  const stream = toNewJob({
    ...EMPTY_FORM, workspace: '/ws', source_kind: 'stream-merge', branch_spec: 'ignored', stream: ' //stream/dev ', revisions: '@5',
    integrate_flags: ' -Ob  -F ', resolve_mode: 'safe', accept_theirs: '//depot/gen/...\n\n docs/a.md \n',
  });
  assert.deepEqual(stream, { job: { priority: 'NORMAL', spec: {
    workspace: '/ws', source: { stream: '//stream/dev', mode: 'merge' }, revisions: '@5', integrate_flags: ['-Ob', '-F'],
    resolve: { mode: 'safe', accept_theirs: ['//depot/gen/...', 'docs/a.md'] },
  } } });
  const paths = toNewJob({ ...EMPTY_FORM, workspace: '/ws', source_kind: 'paths', from: '//a/...', to: '//b/...', accept_theirs: 'x' });
  assert.deepEqual('job' in paths && paths.job.spec, { workspace: '/ws', source: { from: '//a/...', to: '//b/...' }, resolve: { mode: 'merge', accept_theirs: ['x'] } });
  const chain = toNewJob({ ...EMPTY_FORM, workspace: '/ws', branch_spec: 'b', path: '//depot/rel/...', changes: 'one' });
  assert.deepEqual('job' in chain && chain.job.spec, { workspace: '/ws', branch_spec: 'b', path: '//depot/rel/...', one_change_at_a_time: true });
});

test("New job form: the master's messages land on the field they name", () => {
  assert.equal(fieldOf('spec.integrate_flags.1'), 'integrate_flags');
  assert.equal(fieldOf('spec.source'), 'source_kind');
  assert.equal(fieldOf('spec.resolve.mode'), 'resolve_mode');
  assert.equal(fieldOf('spec.resolve.accept_theirs.0'), 'accept_theirs');
  assert.equal(fieldOf('spec.revisions'), 'revisions');
  assert.equal(fieldOf('spec.one_change_at_a_time'), 'changes');
  assert.equal(fieldOf('spec.branch_spec'), 'branch_spec');
  assert.equal(fieldOf('spec.nonsense'), 'form');
});
