// Real faults: cut connections, SIGKILLed masters and agents. Nothing may be lost or hang.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { ApiClient } from '../helpers/api-client.ts';
import { enrol, findProcesses, freePort, isAlive, processGroupMembers, slowSeq, startAgent, startMaster, tempDir, waitFor } from '../helpers/processes.ts';
import { masterWithAgent } from '../helpers/job-rig.ts';
import { TcpProxy } from '../helpers/tcp-proxy.ts';


test('a connection cut twice in the middle of a 200,000-line command loses and duplicates nothing', async (t) => {
  const dir = tempDir(t);
  const master = await startMaster(t, { dataDir: join(dir, 'data') });
  const api = new ApiClient(master.url, master.token);
  const proxy = new TcpProxy(master.agentPort);
  await proxy.listen();
  t.after(() => proxy.close());
  const agent = startAgent(t, { masterPort: proxy.port, agentId: 'cut', workspace: dir, spoolDir: join(dir, 'spool'), tls: await enrol(t, master.dataDir, 'cut', join(dir, 'certs')) });
  await api.waitForAgent('cut');
  const { command, expected } = slowSeq(200_000, 40, 0.05);
  const cmdId = await api.run({ agent_id: 'cut', command });
  for (const mark of [300_000, 800_000]) {
    await waitFor(() => proxy.upstreamBytes > mark, 20_000, () => `${mark} bytes relayed (got ${proxy.upstreamBytes})\n${agent.output()}`);
    proxy.cut(true);
    await api.waitForAgent('cut', 'offline');
    await new Promise((ok) => setTimeout(ok, 300));
    proxy.restore();
    await api.waitForAgent('cut');
  }
  const done = await api.waitForState(cmdId, ['exited'], 30_000);
  assert.equal(done.exit_code, 0);
  const stored = await api.output(cmdId);
  assert.equal(stored.length, expected.length);
  assert.ok(stored.equals(expected), 'stored output is byte-identical to what the command printed');
});

test('the master is SIGKILLed while a command runs; after a restart the output is complete', async (t) => {
  const dir = tempDir(t);
  const { master: first, dataDir, agentPort, ...rig } = await masterWithAgent(t, dir, 'survivor');
  let api = rig.api;
  const { command, expected } = slowSeq(100_000, 25, 0.1);
  const cmdId = await api.run({ agent_id: 'survivor', command });
  await waitFor(async () => (await api.command(cmdId)).stdout_bytes > 50_000, 10_000, 'some output stored');
  assert.equal(await first.kill('SIGKILL'), 'SIGKILL');
  await new Promise((ok) => setTimeout(ok, 1000));
  const second = await startMaster(t, { dataDir, agentPort });
  api = new ApiClient(second.url, second.token);
  assert.equal((await api.command(cmdId)).state, 'running', 'the restarted master still knows the command');
  await api.waitForAgent('survivor');
  const done = await api.waitForState(cmdId, ['exited'], 30_000);
  assert.equal(done.exit_code, 0);
  assert.ok((await api.output(cmdId)).equals(expected), 'output complete and in order across the master restart');
});

test('an agent killed for good: its command ends as lost once the agent has been offline too long', async (t) => {
  const dir = tempDir(t);
  const master = await startMaster(t, { dataDir: join(dir, 'data'), extra: ['--lost-after-s', '1'] });
  const api = new ApiClient(master.url, master.token);
  const agent = startAgent(t, { masterPort: master.agentPort, agentId: 'doomed', workspace: dir, spoolDir: join(dir, 'spool'), tls: await enrol(t, master.dataDir, 'doomed', join(dir, 'certs')) });
  await api.waitForAgent('doomed');
  const cmdId = await api.run({ agent_id: 'doomed', command: ['sh', '-c', 'echo before; sleep 1000'] });
  const running = await api.waitForState(cmdId, ['running']);
  t.after(() => killGroup(running.pid!));
  await waitFor(async () => (await api.command(cmdId)).stdout_bytes > 0, 5000, 'first output stored');
  await agent.kill('SIGKILL');
  const lost = await api.waitForState(cmdId, ['lost'], 10_000);
  assert.match(lost.reason ?? '', /agent "doomed" offline for more than 1 s/);
  assert.equal((await api.output(cmdId)).toString(), 'before\n', 'output printed before the crash is kept');
});

test('an agent killed and restarted: it kills the orphaned processes and reports the command lost', async (t) => {
  const dir = tempDir(t);
  const master = await startMaster(t, { dataDir: join(dir, 'data') });
  const api = new ApiClient(master.url, master.token);
  const spoolDir = join(dir, 'spool');
  const tls = await enrol(t, master.dataDir, 'phoenix', join(dir, 'certs'));
  const agent = startAgent(t, { masterPort: master.agentPort, agentId: 'phoenix', workspace: dir, spoolDir, tls });
  await api.waitForAgent('phoenix');
  const cmdId = await api.run({ agent_id: 'phoenix', command: ['sh', '-c', 'echo started; sleep 1000'] });
  const running = await api.waitForState(cmdId, ['running']);
  t.after(() => killGroup(running.pid!));
  // Kill only once the first line is stored, so the test says what survives a crash, not how fast it came.
  await waitFor(async () => (await api.output(cmdId)).toString() === 'started\n', 10_000, 'first line stored');
  await agent.kill('SIGKILL');
  assert.ok(processGroupMembers(running.pid!).length > 0, 'the command outlived its agent');
  startAgent(t, { masterPort: master.agentPort, agentId: 'phoenix', workspace: dir, spoolDir, tls });
  const lost = await api.waitForState(cmdId, ['lost'], 15_000);
  assert.match(lost.reason ?? '', /agent restarted while the command ran/);
  await waitFor(() => processGroupMembers(running.pid!).length === 0, 5000, 'orphaned group killed');
  assert.equal((await api.output(cmdId)).toString(), 'started\n');
});

test('the local agent is SIGKILLed: its command is lost at once, and the agent comes back', async (t) => {
  const dir = tempDir(t);
  const dataDir = join(dir, 'data');
  const master = await startMaster(t, { dataDir, localAgent: true });
  const api = new ApiClient(master.url, master.token);
  await api.waitForAgent('local');
  const cmdId = await api.run({ agent_id: 'local', command: ['sleep', '1000'] });
  const running = await api.waitForState(cmdId, ['running']);
  t.after(() => killGroup(running.pid!));
  const [agentPid] = findProcesses(['agent.cjs', dataDir]);
  assert.ok(agentPid, 'found the local agent process');
  process.kill(agentPid, 'SIGKILL');
  const lost = await api.waitForState(cmdId, ['lost'], 5000);
  assert.match(lost.reason ?? '', /local agent process exited \(SIGKILL\)/);
  await waitFor(() => !isAlive(running.pid!), 10_000, 'the restarted agent killed the orphan');
  await api.waitForAgent('local');
  const next = await api.run({ agent_id: 'local', command: ['echo', 'back'] });
  await api.waitForState(next, ['exited']);
  assert.equal((await api.output(next)).toString(), 'back\n');
});

test('the local agent has one owner: adopted after a master crash and stopped with that master; a master without it stops a leftover', async (t) => {
  const dir = tempDir(t);
  const dataDir = join(dir, 'data');
  const agentPort = await freePort();
  const first = await startMaster(t, { dataDir, agentPort, localAgent: true });
  let api = new ApiClient(first.url, first.token);
  await api.waitForAgent('local');
  const cmdId = await api.run({ agent_id: 'local', command: ['sh', '-c', 'sleep 2; echo survived'] });
  await api.waitForState(cmdId, ['running']);
  const [agentPid] = findProcesses(['agent.cjs', dataDir]);
  assert.equal(await first.kill('SIGKILL'), 'SIGKILL');
  const second = await startMaster(t, { dataDir, agentPort, localAgent: true });
  api = new ApiClient(second.url, second.token);
  await waitFor(() => /adopted the local agent left by a previous master run/.test(second.output()), 10_000, 'adoption logged');
  await api.waitForState(cmdId, ['exited']);
  assert.equal((await api.output(cmdId)).toString(), 'survived\n', 'the adopted agent kept its command');
  assert.deepEqual(findProcesses(['agent.cjs', dataDir]), [agentPid], 'the one agent, adopted; no second one');
  second.child.kill('SIGTERM');
  await second.exited;
  assert.equal(isAlive(agentPid!), false, 'the adopted agent was stopped with its master');

  const third = await startMaster(t, { dataDir, agentPort, localAgent: true });
  await new ApiClient(third.url, third.token).waitForAgent('local');
  const [leftover] = findProcesses(['agent.cjs', dataDir]);
  assert.equal(await third.kill('SIGKILL'), 'SIGKILL');
  const plain = await startMaster(t, { dataDir, agentPort });
  assert.match(plain.output(), /stopping the local agent left by an earlier run: this master runs without --local-agent/);
  assert.equal(isAlive(leftover!), false);
  const local = (await new ApiClient(plain.url, plain.token).agents()).find((a) => a.agent_id === 'local');
  assert.notEqual(local?.status, 'online');
});

function killGroup(pgid: number): void {
  try {
    process.kill(-pgid, 'SIGKILL');
  } catch {
    // already gone
  }
}
