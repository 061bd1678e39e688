// The agent process against a hand-driven master: idempotency, kill semantics, resend,
// heartbeats, shutdown, reconnect and orphan timeout.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { isAlive, startAgent, tempDir, waitFor } from '../helpers/processes.ts';
import { RawMaster } from '../helpers/raw-master.ts';

const spec = (cmdId: string, command: string) => ({ cmd_id: cmdId, command, shell: true, cwd: null, env: {}, timeout_s: null });

async function setup(t: import('node:test').TestContext, extra: string[] = []) {
  const dir = tempDir(t);
  const master = new RawMaster();
  await master.listen();
  t.after(() => master.close());
  const agent = startAgent(t, { masterPort: master.port, agentId: 'proto', workspace: dir, spoolDir: join(dir, 'spool'), extra });
  await master.waitFor('hello');
  return { dir, master, agent };
}

test('an EXEC repeated with the same cmd_id runs once and is answered with its state', async (t) => {
  const { dir, master } = await setup(t);
  master.exec(spec('once', 'echo ran >> ran.txt; sleep 0.5'));
  master.exec(spec('once', 'echo ran >> ran.txt; sleep 0.5'));
  const started = await master.waitFor('started', 'once', 2);
  assert.equal(started[0].pid, started[1].pid, 'the second EXEC is answered with the running command');
  await master.waitFor('done', 'once');
  master.exec(spec('once', 'echo ran >> ran.txt'));
  await master.waitFor('done', 'once', 2);
  assert.equal(readFileSync(join(dir, 'ran.txt'), 'utf8'), 'ran\n', 'ran exactly once');
});

test('an EXEC whose argv holds a NUL byte fails to start at once; the link stays up and the next EXEC runs', async (t) => {
  const { master } = await setup(t);
  master.exec({ cmd_id: 'nul', command: ['echo', 'a\u0000b'], shell: false, cwd: null, env: {}, timeout_s: null });
  const [done] = await master.waitFor('done', 'nul');
  assert.equal(done.reason, 'spawn-error');
  assert.match(done.error, /cannot start "echo": .*null bytes/);
  master.exec(spec('after', 'echo fine'));
  await master.waitFor('done', 'after');
  assert.equal(master.output('after')[0]!.data.toString(), 'fine\n');
  assert.equal(master.connections, 1, 'the agent never dropped the link');
});

test('a grandchild that called setsid dies with its command where the agent has a cgroup of its own', async (t) => {
  const { dir, master } = await setup(t);
  const [hello] = await master.waitFor('hello');
  if (hello.kill_mode !== 'cgroup') return t.skip(`this host gives the agent no delegated cgroup v2 (kill_mode ${hello.kill_mode})`);
  master.exec(spec('escapes', "setsid sh -c 'echo $$ > escaped.pid; exec sleep 1000' & sleep 1000"));
  await master.waitFor('started', 'escapes');
  const pid = await waitFor(() => {
    const text = existsSync(join(dir, 'escaped.pid')) ? readFileSync(join(dir, 'escaped.pid'), 'utf8').trim() : '';
    return text === '' ? undefined : Number(text);
  }, 5000, 'the grandchild wrote its pid');
  assert.equal(isAlive(pid), true);
  master.kill('escapes', 100);
  const [done] = await master.waitFor('done', 'escapes');
  assert.equal(done.reason, 'killed');
  await waitFor(() => !isAlive(pid), 5000, 'the grandchild that left the process group is gone too');
});

test('the whole output is resent from any offset the master asks for', async (t) => {
  const { master } = await setup(t);
  master.exec(spec('again', 'printf 0123456789'));
  await master.waitFor('done', 'again');
  master.send({ t: 'resend', cmd_id: 'again', stream: 'stdout', offset: 4 });
  await waitFor(() => master.output('again').length >= 2, 5000, 'resent chunk');
  const [first, second] = master.output('again');
  assert.equal(first!.data.toString(), '0123456789');
  assert.deepEqual([second!.offset, second!.data.toString()], [4, '456789']);
  await master.waitFor('done', 'again', 2);
});

test('a KILL for a command never seen is answered as killed, and a late EXEC of it does not run', async (t) => {
  const { dir, master } = await setup(t);
  master.kill('ghost', 100);
  const [done] = await master.waitFor('done', 'ghost');
  assert.equal(done.reason, 'killed');
  assert.equal(done.error, 'killed before it started');
  master.exec(spec('ghost', 'touch ghost-ran'));
  await master.waitFor('done', 'ghost', 2);
  assert.throws(() => readFileSync(join(dir, 'ghost-ran')), 'never ran');
});

test('heartbeats carry load; SHUTDOWN kills running commands and exits cleanly', async (t) => {
  const { master, agent } = await setup(t);
  const [beat] = await master.waitFor('heartbeat');
  assert.equal(beat.load.length, 3);
  assert.ok(beat.mem_total > 0);
  master.exec(spec('long', 'sleep 1000'));
  await master.waitFor('started', 'long');
  master.send({ t: 'shutdown', reason: 'test over' });
  assert.equal(await agent.exited, 0);
  const [done] = master.of('done', 'long');
  assert.equal(done?.reason, 'killed');
});

test('the agent keeps reconnecting with backoff while the master is away', async (t) => {
  const dir = tempDir(t);
  const master = new RawMaster({ welcome: false });
  const port = await master.listen();
  await master.close(); // nothing listens: every attempt is refused
  const agent = startAgent(t, { masterPort: port, agentId: 'patient', workspace: dir, spoolDir: join(dir, 'spool') });
  await new Promise((ok) => setTimeout(ok, 2500));
  assert.equal(agent.child.exitCode, null, 'still trying, never giving up');
  const back = new RawMaster();
  await new Promise<void>((ok, fail) => {
    (back as unknown as { server: import('node:net').Server }).server.once('error', fail).listen(port, '127.0.0.1', ok);
  });
  t.after(() => back.close());
  await back.waitFor('hello');
});

test('with no master for the orphan timeout the agent kills its commands and exits', async (t) => {
  const dir = tempDir(t);
  const agent = startAgent(t, { masterPort: 1, agentId: 'orphan', workspace: dir, spoolDir: join(dir, 'spool'), extra: ['--orphan-timeout-s', '1'] });
  assert.equal(await agent.exited, 0);
  assert.match(agent.output(), /orphan timeout/);
});
