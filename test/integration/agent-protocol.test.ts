// The agent process against a hand-driven master: idempotency, kill semantics, resend,
// heartbeats, shutdown, reconnect and orphan timeout.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { isAlive, startAgent, tempDir, waitFor } from '../helpers/processes.ts';
import { RawMaster } from '../helpers/raw-master.ts';

const spec = (cmdId: string, command: string) => ({ cmd_id: cmdId, command, shell: true, cwd: null, env: {}, timeout_s: null });

async function setup(t: import('node:test').TestContext, extra: string[] = [], cgroup?: string) {
  const dir = tempDir(t);
  const master = new RawMaster();
  await master.listen();
  t.after(() => master.close());
  const agent = startAgent(t, { masterPort: master.port, agentId: 'proto', workspace: dir, spoolDir: join(dir, 'spool'), extra, ...(cgroup ? { cgroup } : {}) });
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

test('a plain argv command is in its cgroup before it runs: what it forks at once is inside too', async (t) => {
  const { dir, master } = await setup(t);
  const [hello] = await master.waitFor('hello');
  if (hello.kill_mode !== 'cgroup') return t.skip(`this host gives the agent no delegated cgroup v2 (kill_mode ${hello.kill_mode})`);
  // The first thing the command does is fork: `cat` reads the cgroup it was born in.
  master.exec({ cmd_id: 'forks', command: ['/bin/sh', '-c', 'cat /proc/self/cgroup; sleep 1000 & echo $! > child.pid; wait'], shell: false, cwd: null, env: {}, timeout_s: null });
  const [started] = await master.waitFor('started', 'forks');
  const child = await waitFor(() => {
    const text = existsSync(join(dir, 'child.pid')) ? readFileSync(join(dir, 'child.pid'), 'utf8').trim() : '';
    return text === '' ? undefined : Number(text);
  }, 5000, 'the forked child wrote its pid');
  const cgroupOf = (text: string): string | undefined => /^0::(.*)$/m.exec(text)?.[1];
  await waitFor(() => master.output('forks').length > 0, 5000, 'the first fork reported its cgroup');
  assert.match(cgroupOf(master.output('forks')[0]!.data.toString()) ?? '', /\/p4i-cmd-forks$/, 'the first forked process was born inside');
  for (const pid of [started.pid as number, child]) assert.match(cgroupOf(readFileSync(`/proc/${pid}/cgroup`, 'utf8')) ?? '', /\/p4i-cmd-forks$/, `process ${pid} is inside`);
  master.kill('forks', 100);
  await master.waitFor('done', 'forks');
  await waitFor(() => !isAlive(child), 5000, 'the forked child died with its command');
  // Behind the joining shell, a missing program still fails to start, as spawn says it.
  master.exec({ cmd_id: 'missing', command: ['no-such-program-p4i'], shell: false, cwd: null, env: {}, timeout_s: null });
  const [missing] = await master.waitFor('done', 'missing');
  assert.deepEqual([missing.reason, missing.exit_code, missing.error], ['spawn-error', 127, 'cannot start "no-such-program-p4i": ENOENT']);
});

test('in a cgroup, a CPU-seconds limit counts the whole command: two busy processes are stopped at the sum, which the end says', async (t) => {
  const { master } = await setup(t);
  const [hello] = await master.waitFor('hello');
  assert.equal(hello.limit_modes.cpu_s, hello.kill_mode === 'cgroup' ? 'cgroup' : 'ulimit', 'the agent says how the CPU limit binds');
  if (hello.kill_mode !== 'cgroup') return t.skip(`this host gives the agent no delegated cgroup v2 (kill_mode ${hello.kill_mode})`);
  // Each process stays under 1 s of CPU for a while (ulimit -t would let both run to 1 s each).
  master.exec({ cmd_id: 'busy', command: 'while :; do :; done & while :; do :; done', shell: true, cwd: null, env: {}, timeout_s: 60, limits: { cpu_s: 1 } });
  const [done] = await master.waitFor('done', 'busy');
  assert.deepEqual([done.reason, done.signal], ['signal', 'SIGKILL']);
  assert.match(done.error, /^CPU time limit: it used \d+\.\d s of CPU, more than its 1 s \(cgroup cpu\.stat\)$/);
});

/** A fresh cgroup v2 directory under the hierarchy's root whose children get the memory controller, or why there is none. */
function memoryCgroup(): { dir: string } | { skip: string } {
  const mount = readFileSync('/proc/self/mountinfo', 'utf8').split('\n').map((l) => l.split(' ')).find((f) => f[f.indexOf('-') + 1] === 'cgroup2')?.[4];
  if (!mount) return { skip: 'this host has no cgroup v2 hierarchy' };
  if (!readFileSync(join(mount, 'cgroup.controllers'), 'utf8').split(/\s+/).includes('memory')) {
    return { skip: `the cgroup v2 hierarchy at ${mount} has no memory controller (it is bound to cgroup v1 on this host)` };
  }
  const dir = join(mount, `p4i-test-${process.pid}`);
  try {
    if (!readFileSync(join(mount, 'cgroup.subtree_control'), 'utf8').includes('memory')) writeFileSync(join(mount, 'cgroup.subtree_control'), '+memory');
    mkdirSync(dir, { recursive: true });
    return { dir };
  } catch (err) {
    return { skip: `cannot make a cgroup with the memory controller under ${mount}: ${(err as Error).message}` };
  }
}

test('where the memory controller reaches the agent, a memory limit is memory.max: going over ends the command, which says why', async (t) => {
  const cgroup = memoryCgroup();
  if ('skip' in cgroup) return t.skip(cgroup.skip);
  const removeAll = (): void => {
    for (const name of existsSync(cgroup.dir) ? readdirSync(cgroup.dir, { withFileTypes: true }) : []) if (name.isDirectory()) rmdirSync(join(cgroup.dir, name.name));
    rmdirSync(cgroup.dir);
  };
  t.after(() => {
    try {
      removeAll();
    } catch {
      // still busy: the agent's own cleanup ends it
    }
  });
  const { master, agent } = await setup(t, [], cgroup.dir);
  const [hello] = await master.waitFor('hello');
  assert.deepEqual(hello.limit_modes, { cpu_s: 'cgroup', memory_mb: 'cgroup' }, 'the agent says its limits are cgroup limits');
  master.exec({ cmd_id: 'greedy', command: "x=$(head -c 400000000 /dev/zero | tr '\\0' a); echo survived", shell: true, cwd: null, env: {}, timeout_s: 120, limits: { memory_mb: 64 } });
  const [done] = await master.waitFor('done', 'greedy');
  assert.equal(done.reason, 'signal');
  assert.equal(done.signal, 'SIGKILL');
  assert.match(done.error, /^out of memory: the kernel killed it at its memory limit \(memory\.max 64 MiB\)$/);
  assert.ok(!master.output('greedy').some((c) => c.data.toString().includes('survived')));
  master.send({ t: 'shutdown', reason: 'test over' });
  assert.equal(await agent.exited, 0);
  await waitFor(() => {
    try {
      removeAll();
      return true;
    } catch {
      return false;
    }
  }, 10_000, 'the test cgroup is empty and removed');
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
