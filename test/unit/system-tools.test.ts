import assert from 'node:assert/strict';
import { test } from 'node:test';
import { requireProgram } from '../helpers/system-tools.ts';

test('a program the tests need is found by path or on PATH, or named with its package', () => {
  assert.equal(requireProgram('/bin/sh', 'dash'), '/bin/sh');
  assert.match(requireProgram('sh', 'dash'), /\/sh$/);
  assert.throws(() => requireProgram('/nonexistent/sbin/sshd', 'openssh-server'), /^Error: \/nonexistent\/sbin\/sshd is not installed: install the openssh-server package \(sudo apt-get install -y openssh-server/);
  assert.throws(() => requireProgram('no-such-program-p4i', 'chromium'), /install the chromium package/);
});
