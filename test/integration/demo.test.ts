import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { test } from 'node:test';
import { ROOT, startProcess, waitFor } from '../helpers/processes.ts';

test('npm run demo integrates on the embedded default against the simulated depot', async (t) => {
  const demo = startProcess(t, process.execPath, [join(ROOT, 'scripts', 'demo.ts'), '--exit', '--http-port', '0']);
  assert.equal(await demo.exited, 0, demo.output());
  assert.match(demo.output(), /SIMULATED Perforce depot/);
  assert.match(demo.output(), /DONE \(done\)/);
  assert.match(demo.output(), /P4PUSH +change \d+ submitted/);
});

test('npm run demo: it says it keeps serving and how to stop it; a taken port is one line naming --http-port', async (t) => {
  const blocker = createServer();
  await new Promise<void>((ok) => blocker.listen(0, '127.0.0.1', ok));
  t.after(() => blocker.close());
  const port = (blocker.address() as { port: number }).port;
  const taken = startProcess(t, process.execPath, [join(ROOT, 'scripts', 'demo.ts'), '--http-port', String(port)]);
  assert.equal(await taken.exited, 1);
  assert.equal(taken.output().trim(), `demo: HTTP port 127.0.0.1:${port} is already in use (another master?): choose another with --http-port`);

  const demo = startProcess(t, process.execPath, [join(ROOT, 'scripts', 'demo.ts'), '--scenario', 'clean', '--http-port', '0']);
  await waitFor(() => /keeps serving .* Ctrl-C to stop/.test(demo.output()), 60_000, () => `no closing line:\n${demo.output()}`);
  assert.equal(await demo.kill('SIGINT'), 0);
});
