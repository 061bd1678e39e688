import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { shellQuote } from '../../main/base/shell-quote.ts';
import { DEFAULT_TEMPLATES, loadPipeline, renderTemplate } from '../../main/jobs/pipeline-templates.ts';

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
    ['stages:\n  SYNK:\n    argv: [p4]\n', /stages: Unrecognized key: "SYNK"/],
    ['timeouts_s:\n  SYNC: -1\n', /timeouts_s.SYNC/],
    ['stages:\n  SYNC: {argv: [], shell: x}\n', /stages.SYNC/],
    ['retries:\n  lock_retries: lots\n', /retries.lock_retries/],
    ['stages: [unclosed\n', /not valid YAML/],
  ] as const) {
    writeFileSync(join(dir, 'pipeline.yaml'), yaml);
    assert.throws(() => loadPipeline(dir), message);
  }
});
