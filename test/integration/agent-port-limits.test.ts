// Strangers on the agent port cost a bounded amount: silent sockets and fresh identities are
// capped (in total, per address, per minute), expire, and are logged once per burst, while the
// master keeps serving its own agent.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { connect as tlsConnect } from 'node:tls';
import { ApiClient } from '../helpers/api-client.ts';
import { startMaster, suiteCleanup, tempDir, waitFor, type MasterProc } from '../helpers/processes.ts';
import { RawAgent } from '../helpers/raw-agent.ts';

async function waitingGauge(master: MasterProc): Promise<number> {
  const text = await (await fetch(`${master.metricsUrl}`)).text();
  return Number(/^p4_agent_port_waiting_connections (\d+)/m.exec(text)?.[1]);
}

/** Silent TCP connections from one loopback address; counts how many the master closed. */
function silentSockets(port: number, from: string, n: number, closed: { count: number }): Socket[] {
  return Array.from({ length: n }, () => {
    const socket = connect({ port, host: '127.0.0.1', localAddress: from });
    socket.on('error', () => undefined);
    socket.on('close', () => closed.count++);
    return socket;
  });
}

async function stillServing(api: ApiClient): Promise<void> {
  const cmdId = await api.run({ agent_id: 'local', command: ['echo', 'ok'] });
  await api.waitForState(cmdId, ['exited']);
  assert.equal((await api.output(cmdId)).toString(), 'ok\n');
}

describe('agent port limits', () => {
  let master: MasterProc;
  let api: ApiClient;
  const suite = suiteCleanup();

  before(async () => {
    const dir = tempDir(suite);
    writeFileSync(join(dir, 'master.yaml'), [
      'agents:',
      '  handshake_timeout: 120',
      '  max_unauthenticated: 20',
      '  max_unauthenticated_per_address: 8',
      '  max_pending: 5',
      '  new_identities_per_minute: 6',
      '',
    ].join('\n'));
    master = await startMaster(suite, { dataDir: join(dir, 'data'), localAgent: true, extra: ['--config', join(dir, 'master.yaml')] });
    api = new ApiClient(master.url, master.token);
    await api.waitForAgent('local');
  });

  test('silent connections are capped per address and in total; the rest are closed at once', async () => {
    const closed = { count: 0 };
    const first = silentSockets(master.agentPort, '127.0.0.1', 30, closed);
    await waitFor(() => closed.count === 22, 10_000, () => `22 of 30 closed (got ${closed.count})`);
    assert.equal(await waitingGauge(master), 8);
    const more = [...silentSockets(master.agentPort, '127.0.0.2', 10, closed), ...silentSockets(master.agentPort, '127.0.0.3', 10, closed)];
    // 127.0.0.2 gets its 8; 127.0.0.3 only what is left of the 20 in total.
    await waitFor(() => closed.count === 22 + 2 + 6, 10_000, () => `30 closed (got ${closed.count})`);
    assert.equal(await waitingGauge(master), 20);
    await stillServing(api);
    const capLines = master.output().split('\n').filter((l) => l.includes('connections from 127.0.0.1 are already waiting for their hello'));
    assert.equal(capLines.length, 1, 'one log line for the burst');
    assert.match(capLines[0]!, /"remote":"127\.0\.0\.1:\d+"/);
    for (const socket of [...first, ...more]) socket.destroy();
    await waitFor(async () => (await waitingGauge(master)) === 0, 10_000, 'the master let go of them all');
  });

  test('new identities are rate-limited per address; beyond the pending cap the oldest expire with an audit row', async () => {
    const ca = readFileSync(join(master.dataDir, 'pki', 'ca.pem'));
    const errors: { code: string; message: string }[] = [];
    for (let i = 0; i < 8; i++) {
      const raw = await RawAgent.stranger(master.agentPort, ca, `stranger-${i}`, '127.0.0.4');
      await raw.closed;
      errors.push(raw.error()!);
    }
    assert.deepEqual(errors.map((e) => e.code), ['pending', 'pending', 'pending', 'pending', 'pending', 'pending', 'rate_limited', 'rate_limited']);
    assert.match(errors[6]!.message, /more than 6 new agent identities a minute from 127\.0\.0\.4/);
    const pending = (await api.agents()).filter((a) => a.enrolment === 'pending').map((a) => a.agent_id).sort();
    assert.deepEqual(pending, ['stranger-1', 'stranger-2', 'stranger-3', 'stranger-4', 'stranger-5']);
    const audit = (await api.request('GET', '/api/audit?limit=10000')).bytes.toString().trim().split('\n').map((l) => JSON.parse(l));
    const expired = audit.filter((e) => e.action === 'agent.pending_expired');
    assert.deepEqual(expired.map((e) => e.target), ['stranger-0']);
    assert.match(JSON.stringify(expired[0]), /more than 5 agents waiting for approval/);
    assert.equal(master.output().split('\n').filter((l) => l.includes('new agent identities a minute from 127.0.0.4')).length, 1, 'one log line for the burst');
    await stillServing(api);
  });
});

describe('agent port deadline', () => {
  test('a connection that never finishes TLS, and one that never says hello, are closed at the deadline', async (t) => {
    const dir = tempDir(t);
    writeFileSync(join(dir, 'master.yaml'), 'agents:\n  handshake_timeout: 1\n');
    const master = await startMaster(t, { dataDir: join(dir, 'data'), extra: ['--config', join(dir, 'master.yaml')] });
    const silent = await RawAgent.connect(master.agentPort);
    const localPort = silent.socket.localPort;
    await silent.closed;
    await waitFor(() => /no TLS handshake within 1 s/.test(master.output()), 5000, 'logged');
    const line = master.output().split('\n').find((l) => l.includes('no TLS handshake within 1 s'))!;
    assert.match(line, new RegExp(`"remote":"127\\.0\\.0\\.1:${localPort}"`));
    assert.doesNotMatch(master.output(), /undefined:undefined/);
    const ca = readFileSync(join(master.dataDir, 'pki', 'ca.pem'));
    const mute = tlsConnect({ host: '127.0.0.1', port: master.agentPort, ca, checkServerIdentity: () => undefined });
    const frames: string[] = [];
    mute.on('data', (d: Buffer) => frames.push(d.toString()));
    await new Promise((ok) => mute.once('close', ok));
    assert.match(frames.join(''), /no hello within 1 s/);
  });
});
