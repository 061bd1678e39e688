import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { JobSpec } from '../../preload/api.ts';
import { validate } from '../../main/base/validate.ts';
import { integrateArgv, previewArgvs, resolveArgvs, resolveFileArgv } from '../../main/jobs/integrate-command.ts';
import { newJobSchema } from '../../main/jobs/job-spec.ts';
import { templateValues } from '../../main/jobs/pipeline-templates.ts';

const spec = (fields: Record<string, unknown>): JobSpec => validate(newJobSchema, { spec: { workspace: '/ws', ...fields } }, 'body').spec as JobSpec;
const refused = (fields: Record<string, unknown>): string => {
  try {
    spec(fields);
  } catch (err) {
    return (err as Error).message;
  }
  return assert.fail(`accepted ${JSON.stringify(fields)}`);
};

test("today's branch_spec jobs keep working and build the same integrate command", () => {
  const s = spec({ branch_spec: 'main-to-release', path: '//depot/release/...' });
  assert.deepEqual(integrateArgv(s, 42), ['p4', 'integrate', '-c', '42', '-b', 'main-to-release', '//depot/release/...']);
  assert.deepEqual(resolveArgvs(s, 42), [['p4', 'resolve', '-am', '-c', '42']]);
  assert.equal(templateValues(s, 42).branch_spec, 'main-to-release');
  assert.deepEqual(spec({ branch_spec: 'b', source: { branch: 'b' } }).source, { branch: 'b' }, 'the same branch twice is fine');
});

test('streams, from/to paths, revision ranges and allowed flags become argv', () => {
  const merge = spec({ source: { stream: '//stream/dev', mode: 'merge' }, revisions: '@120,130', integrate_flags: ['-Ob'] });
  assert.equal(merge.branch_spec, '//stream/dev', 'the job list names the stream');
  assert.equal(templateValues(merge, 7).branch_spec, undefined, 'no branch spec for a -b template to misuse');
  assert.deepEqual(integrateArgv(merge, 7), ['p4', 'merge', '-c', '7', '-Ob', '-S', '//stream/dev', '-r', '//stream/dev/...@120,130']);
  assert.deepEqual(previewArgvs(merge), {
    interchanges: ['p4', 'interchanges', '-l', '-t', '-S', '//stream/dev', '-r', '//stream/dev/...@120,130'],
    integrate: ['p4', 'merge', '-n', '-Ob', '-S', '//stream/dev', '-r', '//stream/dev/...@120,130'],
  });
  const copy = spec({ source: { stream: '//stream/dev', mode: 'copy' }, integrate_flags: ['-F'] });
  assert.deepEqual(integrateArgv(copy, 7), ['p4', 'copy', '-c', '7', '-F', '-S', '//stream/dev']);
  const paths = spec({ source: { from: '//depot/main/...', to: '//depot/rel/...' }, revisions: '@rel-1.2', integrate_flags: ['-Di', '-Rb'] });
  assert.deepEqual(integrateArgv(paths, 9), ['p4', 'integrate', '-c', '9', '-Di', '-Rb', '//depot/main/...@rel-1.2', '//depot/rel/...']);
  const branch = spec({ branch_spec: 'b', path: '//depot/rel/...', revisions: '@55' });
  assert.deepEqual(previewArgvs(branch).integrate, ['p4', 'integrate', '-n', '-b', 'b', '//depot/rel/...@55']);
  // A value that looks like shell stays one argument.
  assert.deepEqual(integrateArgv(spec({ source: { from: '//depot/$(touch x)/...', to: '//depot/rel/...' } }), 1).slice(4), ['//depot/$(touch x)/...', '//depot/rel/...']);
});

test('resolve policy: safe mode and accept-theirs paths; manual actions per file', () => {
  const s = spec({ branch_spec: 'b', resolve: { mode: 'safe', accept_theirs: ['//depot/rel/generated/...', 'docs/changelog.md'] } });
  assert.deepEqual(resolveArgvs(s, 5), [
    ['p4', 'resolve', '-at', '-c', '5', '//depot/rel/generated/...', 'docs/changelog.md'],
    ['p4', 'resolve', '-as', '-c', '5'],
  ]);
  assert.deepEqual(resolveFileArgv('theirs', 5, '/ws/a.txt'), ['p4', 'resolve', '-at', '-c', '5', '/ws/a.txt']);
  assert.deepEqual(resolveFileArgv('yours', 5, '/ws/a.txt'), ['p4', 'resolve', '-ay', '-c', '5', '/ws/a.txt']);
  assert.deepEqual(resolveFileArgv('merged', 5, '/ws/a.txt'), ['p4', 'resolve', '-am', '-c', '5', '/ws/a.txt']);
});

test('bad integration options are refused with the field and the flag named', () => {
  const cases: Array<[Record<string, unknown>, RegExp]> = [
    [{}, /^spec.branch_spec: branch_spec or source is required$/],
    [{ branch_spec: 'a', source: { branch: 'b' } }, /^spec.source: give either branch_spec or source, not both$/],
    [{ branch_spec: 'b', integrate_flags: ['-Di', '-x'] }, /^spec.integrate_flags.1: "-x" is not an allowed integrate flag \(allowed: /],
    [{ branch_spec: 'b', integrate_flags: ['-c 5'] }, /"-c 5" is not an allowed integrate flag/],
    [{ source: { stream: '//stream/dev', mode: 'copy' }, integrate_flags: ['-Di'] }, /^spec.integrate_flags: "-Di" is not allowed with p4 copy \(allowed: -F\)$/],
    [{ source: { stream: '//stream/dev', mode: 'sideways' } }, /^spec.source: source must be \{branch\}, \{stream, mode/],
    [{ source: { stream: 'dev', mode: 'merge' } }, /^spec.source/],
    [{ source: { from: '//depot/main/...@5', to: '//depot/rel/...' } }, /^spec.source/],
    [{ branch_spec: 'b', revisions: '5' }, /^spec.revisions: revisions must be @CHANGE, @FIRST,LAST or @label$/],
    [{ branch_spec: 'b', revisions: '@5;rm' }, /^spec.revisions: revisions must be/],
    [{ branch_spec: 'b', path: '//depot/rel/...', revisions: '@9,5' }, /the first change must not be after the last/],
    [{ branch_spec: 'b', revisions: '@5' }, /^spec.revisions: revisions with a branch spec needs path/],
    [{ branch_spec: 'b', one_change_at_a_time: true }, /^spec.one_change_at_a_time: one_change_at_a_time with a branch spec needs path/],
    [{ branch_spec: 'b', path: '//depot/rel/...', one_change_at_a_time: true, changelist: 7 }, /^spec.changelist: one_change_at_a_time makes a change per source change/],
    [{ source: { from: '//a/...', to: '//b/...' }, path: '//b/x/...' }, /^spec.path: path limits a branch or stream integration/],
    [{ branch_spec: 'b', resolve: { mode: 'theirs' } }, /^spec.resolve.mode/],
    [{ branch_spec: 'b', resolve: { accept_theirs: ['-rf'] } }, /^spec.resolve.accept_theirs.0: resolve.accept_theirs must not start with "-"$/],
  ];
  for (const [fields, message] of cases) assert.match(refused(fields), message, JSON.stringify(fields));
});
