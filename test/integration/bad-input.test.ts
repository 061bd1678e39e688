// Hostile and broken agent connections: each gets a clear error and is closed, the master logs
// one line and keeps serving every other agent.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { before, describe, test } from 'node:test';
import { MAX_FRAME_BYTES } from '../../agent/protocol.ts';
import { ApiClient } from '../helpers/api-client.ts';
import { startMaster, suiteCleanup, tempDir, type MasterProc } from '../helpers/processes.ts';
import { hello, RawAgent } from '../helpers/raw-agent.ts';

describe('bad input on the agent port', () => {
  let master: MasterProc;
  let api: ApiClient;
  const suite = suiteCleanup();

  before(async () => {
    // Plain TCP: these tests speak raw frames; TLS and identities are tested in security.test.ts.
    master = await startMaster(suite, { dataDir: tempDir(suite), localAgent: true, extra: ['--insecure'] });
    api = new ApiClient(master.url, master.token);
    await api.waitForAgent('local');
  });

  /** After each attack: the master is alive and the healthy agent still runs commands. */
  async function stillServing(): Promise<void> {
    const cmdId = await api.run({ agent_id: 'local', command: ['echo', 'ok'] });
    await api.waitForState(cmdId, ['exited']);
    assert.equal((await api.output(cmdId)).toString(), 'ok\n');
  }

  async function refusedWith(raw: RawAgent, code: RegExp, message: RegExp): Promise<void> {
    await raw.closed;
    const error = raw.error();
    assert.ok(error, 'the master explained before closing');
    assert.match(error.code, code);
    assert.match(error.message, message);
    await stillServing();
  }

  test('garbage bytes', async () => {
    const raw = await RawAgent.connect(master.agentPort);
    raw.write(Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n'));
    await refusedWith(raw, /frame_too_large|bad_frame/, /frame/);
  });

  test('a frame over the size limit', async () => {
    const raw = await RawAgent.connect(master.agentPort);
    const header = Buffer.alloc(8);
    header.writeUInt32BE(MAX_FRAME_BYTES + 1, 0);
    raw.write(header);
    await refusedWith(raw, /frame_too_large/, /exceeds the 1048576-byte limit/);
  });

  test('a header that is not JSON', async () => {
    const raw = await RawAgent.connect(master.agentPort);
    const frame = Buffer.alloc(8 + 5);
    frame.writeUInt32BE(4 + 5, 0);
    frame.writeUInt32BE(5, 4);
    frame.write('{nope', 8);
    raw.write(frame);
    await refusedWith(raw, /bad_frame/, /not valid JSON/);
  });

  test('an unknown message type', async () => {
    const raw = await RawAgent.connect(master.agentPort);
    raw.send(hello('raw-unknown'));
    raw.send({ t: 'teleport', to: 'mars' });
    await refusedWith(raw, /unknown_message/, /unknown message type "teleport"/);
  });

  test('a message before hello', async () => {
    const raw = await RawAgent.connect(master.agentPort);
    raw.send({ t: 'heartbeat', running: 0, load: [0, 0, 0], mem_free: 1, mem_total: 1, uptime_s: 1 });
    await refusedWith(raw, /expected_hello/, /first message must be "hello"/);
  });

  test('an invalid field names the field', async () => {
    const raw = await RawAgent.connect(master.agentPort);
    raw.send({ ...hello('raw-bad'), agent_id: 'has spaces!' });
    await refusedWith(raw, /bad_message/, /agent_id/);
  });

  test('a wrong protocol version', async () => {
    const raw = await RawAgent.connect(master.agentPort);
    raw.send(hello('raw-future', { protocol: 99 }));
    await refusedWith(raw, /protocol_mismatch/, /master speaks protocol 1, this agent speaks 99/);
  });

  test('a second connection claiming a connected agent_id', async () => {
    const raw = await RawAgent.connect(master.agentPort);
    raw.send(hello('local'));
    await refusedWith(raw, /duplicate_agent/, /agent "local" is already connected/);
    assert.equal((await api.agents()).find((a) => a.agent_id === 'local')?.status, 'online', 'the real agent keeps its place');
  });

  test('output for a command the agent was never given is refused without harm', async () => {
    const other = await api.run({ agent_id: 'local', command: ['echo', 'mine'] });
    await api.waitForState(other, ['exited']);
    const raw = await RawAgent.connect(master.agentPort);
    raw.send(hello('raw-thief'));
    raw.send({ t: 'output', cmd_id: other, stream: 'stdout', offset: 5 }, Buffer.from('injected'));
    await new Promise((ok) => setTimeout(ok, 300));
    assert.match(raw.received.find((m) => m.t === 'error')?.message ?? '', /was not given to this agent/);
    assert.equal((await api.output(other)).toString(), 'mine\n');
    raw.socket.destroy();
  });

  test('a connection that never says hello is closed', { timeout: 20_000 }, async () => {
    const raw = await RawAgent.connect(master.agentPort);
    await refusedWith(raw, /handshake_timeout/, /no hello within 10 s/);
  });

  test('the master logged each kind of refusal as one line and never crashed', async () => {
    const refusals = master.output().split('\n').filter((l) => l.includes('agent connection refused'));
    assert.ok(refusals.length >= 8, `one log line per kind of refusal (saw ${refusals.length})`);
    for (const line of refusals) assert.doesNotThrow(() => JSON.parse(line), 'structured log line');
    assert.equal(master.child.exitCode, null);
  });

  test('random bytes from many connections at once', async () => {
    const raws = await Promise.all(Array.from({ length: 20 }, () => RawAgent.connect(master.agentPort)));
    for (const raw of raws) raw.write(randomBytes(4096));
    await Promise.all(raws.map((r) => r.closed));
    await stillServing();
  });
});
