import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { shellQuote } from '../../main/base/shell-quote.ts';
import { CREATE_CHANGE_TEMPLATE, DEFAULT_TEMPLATES, loadPipeline, placeholderProblem, renderTemplate } from '../../main/jobs/pipeline-templates.ts';

test('argv templates place spec values as whole arguments; optional ones drop out', () => {
  const values = { changelist: '42', branch_spec: 'main-to-rel' };
  assert.deepEqual(renderTemplate('INTEGRATE', DEFAULT_TEMPLATES.INTEGRATE, values).command, ['p4', 'integrate', '-c', '42', '-b', 'main-to-rel']);
  const withPath = renderTemplate('INTEGRATE', DEFAULT_TEMPLATES.INTEGRATE, { ...values, path: '//depot/rel/my dir/...' });
  assert.deepEqual(withPath.command, ['p4', 'integrate', '-c', '42', '-b', 'main-to-rel', '//depot/rel/my dir/...']);
  assert.equal(withPath.display, "p4 integrate -c 42 -b main-to-rel '//depot/rel/my dir/...'");
});

test('shell templates quote values, so user text never becomes shell syntax', () => {
  const evil = "x'; rm -rf / #";
  const rendered = renderTemplate('SYNC', { shell: 'p4w sync {path}' }, { path: evil });
  assert.equal(rendered.command, `p4w sync 'x'\\''; rm -rf / #'`);
  assert.equal(shellQuote('plain-1.0/x'), 'plain-1.0/x');
});

test('the init script is sourced in front of every command', () => {
  const rendered = renderTemplate('SYNC', DEFAULT_TEMPLATES.SYNC, {}, '/opt/site/init env.sh');
  assert.equal(rendered.command, ". '/opt/site/init env.sh' && p4 sync");
  assert.equal(rendered.shell, true);
});

test('a template that needs a missing value says which', () => {
  assert.throws(() => renderTemplate('SHELVE', DEFAULT_TEMPLATES.SHELVE, {}), /the SHELVE command needs \{changelist\} but the job has none/);
});

test('pipeline.yaml overrides stages, timeouts and retry bounds; mistakes name the key', () => {
  const dir = mkdtempSync(join(tmpdir(), 'p4i-pipe-'));
  writeFileSync(join(dir, 'pipeline.yaml'), 'stages:\n  P4PUSH:\n    shell: "p4push -c {changelist}"\ntimeouts_s:\n  SYNC: 5\nretries:\n  lock_delay_s: 2\n');
  const p = loadPipeline(dir);
  assert.deepEqual(p.templates.P4PUSH, { shell: 'p4push -c {changelist}' });
  assert.deepEqual(p.templates.SYNC, DEFAULT_TEMPLATES.SYNC);
  assert.equal(p.timeoutsS.SYNC, 5);
  assert.equal(p.timeoutsS.INTEGRATE, 1800, 'default kept');
  assert.equal(p.limits.lockDelayMs, 2000);
  for (const [yaml, message] of [
    ['stages:\n  SYNK:\n    argv: [p4]\n', /pipeline.yaml:2: stages: Unrecognized key: "SYNK"/],
    ['timeouts_s:\n  SYNC: -1\n', /pipeline.yaml:2: timeouts_s.SYNC/],
    ['stages:\n  SYNC: {argv: [], shell: x}\n', /stages.SYNC/],
    ['retries:\n  lock_retries: lots\n', /retries.lock_retries/],
    ['stages: [unclosed\n', /not valid YAML/],
  ] as const) {
    writeFileSync(join(dir, 'pipeline.yaml'), yaml);
    assert.throws(() => loadPipeline(dir), message);
  }
});

test('placeholders are whole arguments: quoted or glued ones are refused with the reason', () => {
  for (const template of [...Object.values(DEFAULT_TEMPLATES), CREATE_CHANGE_TEMPLATE, { shell: 'p4 x {path} >{path} 2>&1; y {changelist}|z ({workspace})' }]) {
    assert.equal(placeholderProblem(template), undefined, JSON.stringify(template));
  }
  const cases: Array<[Parameters<typeof placeholderProblem>[0], Array<string | number>, RegExp]> = [
    [{ shell: 'p4 integrate -b "{branch_spec}"' }, ['shell'], /\{branch_spec\} is inside double quotes/],
    [{ shell: "echo '{path}'" }, ['shell'], /\{path\} is inside single quotes/],
    [{ shell: 'echo "it\'s \\" {path}"' }, ['shell'], /inside double quotes/],
    [{ shell: 'echo `{path}`' }, ['shell'], /glued to other text/],
    [{ shell: 'tool --change={changelist}' }, ['shell'], /\{changelist\} is glued to other text \("--change=\{changelist\}"\)/],
    [{ shell: 'echo {nonsense}' }, ['shell'], /unknown placeholder \{nonsense\}/],
    [{ argv: ['sh', '-c', 'p4 integrate -b {branch_spec}'] }, ['argv', 2], /\{branch_spec\} must be a whole argument/],
    [{ argv: ['p4', '--change={changelist}'] }, ['argv', 1], /must be a whole argument/],
  ];
  for (const [template, path, why] of cases) {
    const problem = placeholderProblem(template);
    assert.deepEqual(problem?.path, path, JSON.stringify(template));
    assert.match(problem!.why, why);
  }
  // "${name}" is the shell's own and "\{" is escaped text: neither is a placeholder.
  assert.equal(placeholderProblem({ shell: 'echo "${HOME}" {path}' }), undefined);
});

test('pipeline.yaml: a quoted placeholder stops the load with the file, the line and why', () => {
  const dir = mkdtempSync(join(tmpdir(), 'p4i-pipe-'));
  const file = join(dir, 'pipeline.yaml');
  writeFileSync(file, 'timeouts_s:\n  SYNC: 5\nstages:\n  SYNC:\n    argv: [p4, sync]\n  INTEGRATE:\n    shell: \'p4 integrate -c {changelist} -b "{branch_spec}"\'\n');
  assert.throws(() => loadPipeline(dir), (err: Error) => {
    assert.equal(err.message.split(': placeholder')[0], `${file}:7: stages.INTEGRATE.shell`);
    assert.match(err.message, /\{branch_spec\} is inside double quotes; remove the quotes/);
    return true;
  });
  writeFileSync(file, 'stages:\n  PRE_SUBMIT:\n    argv:\n      - sh\n      - -c\n      - "check {changelist}"\n');
  assert.throws(() => loadPipeline(dir), new RegExp(`${file}:6: stages.PRE_SUBMIT.argv.2: placeholder \\{changelist\\} must be a whole argument`));
  // The same rule for templates handed over from the master config file.
  assert.throws(() => loadPipeline(mkdtempSync(join(tmpdir(), 'p4i-pipe-')), { stages: { SYNC: { shell: "p4 sync '{path}'" } } }), /config file pipeline: stages.SYNC.shell: placeholder \{path\} is inside single quotes/);
});
