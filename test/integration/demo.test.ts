import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { ROOT, startProcess } from '../helpers/processes.ts';

test('npm run demo integrates on the embedded default against the simulated depot', async (t) => {
  const demo = startProcess(t, process.execPath, [join(ROOT, 'scripts', 'demo.ts'), '--exit', '--http-port', '0']);
  assert.equal(await demo.exited, 0, demo.output());
  assert.match(demo.output(), /SIMULATED Perforce depot/);
  assert.match(demo.output(), /DONE \(done\)/);
  assert.match(demo.output(), /P4PUSH +change \d+ submitted/);
});
