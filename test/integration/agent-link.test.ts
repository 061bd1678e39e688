// The agent link end to end: a real headless master, its real local agent, real commands.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { ApiClient } from '../helpers/api-client.ts';
import { enrol, isAlive, processGroupMembers, seqOutput, startAgent, startMaster, suiteCleanup, tempDir, waitFor, type MasterProc } from '../helpers/processes.ts';

describe('agent link with a local agent', () => {
  let master: MasterProc;
  let api: ApiClient;
  let dir: string;
  const suite = suiteCleanup();

  before(async () => {
    dir = tempDir(suite);
    master = await startMaster(suite, { dataDir: dir, localAgent: true });
    api = new ApiClient(master.url, master.token);
    await api.waitForAgent('local');
  });

  test('output streams live over the WebSocket and is stored byte for byte', async () => {
    const ws = api.events();
    const live: Buffer[] = [];
    let liveEnd = 0;
    let cmdId = '';
    ws.on('message', (raw) => {
      const event = JSON.parse(raw.toString());
      if (event.type === 'output' && event.cmd_id === cmdId && event.stream === 'stdout') {
        assert.equal(event.offset, liveEnd, 'live chunks arrive in order without gaps');
        const data = Buffer.from(event.data_b64, 'base64');
        live.push(data);
        liveEnd += data.length;
      }
    });
    await new Promise((ok) => ws.once('open', ok));
    cmdId = await api.run({ agent_id: 'local', command: 'seq 1 200000; echo warning >&2' });
    const done = await api.waitForState(cmdId, ['exited']);
    const expected = seqOutput(200_000);
    assert.equal(done.exit_code, 0);
    assert.equal(done.stdout_bytes, expected.length);
    assert.ok((await api.output(cmdId)).equals(expected), 'stored stdout is identical to what the command printed');
    assert.equal((await api.output(cmdId, 'stderr')).toString(), 'warning\n');
    await waitFor(() => liveEnd === expected.length, 5000, 'all live output');
    assert.ok(Buffer.concat(live).equals(expected), 'live output is identical too');
    ws.close();
  });

  test('output=binary: each output event is one binary frame (JSON head, then the raw bytes); other events stay JSON', async () => {
    const ws = api.events('?output=binary');
    const live: Buffer[] = [];
    let liveEnd = 0;
    let cmdId = '';
    let sawCommandEvent = false;
    ws.on('message', (raw: Buffer, isBinary: boolean) => {
      if (!isBinary) {
        const event = JSON.parse(raw.toString()) as { type: string; command?: { cmd_id: string } };
        assert.notEqual(event.type, 'output', 'no output event as text on a binary connection');
        if (event.type === 'command' && event.command?.cmd_id === cmdId) sawCommandEvent = true;
        return;
      }
      const headLength = raw.readUInt32BE(0);
      const head = JSON.parse(raw.subarray(4, 4 + headLength).toString()) as { type: string; cmd_id: string; stream: string; offset: number; at: number };
      assert.equal(head.type, 'output');
      assert.ok(Number.isSafeInteger(head.at), 'the frame says when the chunk was stored');
      if (head.cmd_id !== cmdId || head.stream !== 'stdout') return;
      assert.equal(head.offset, liveEnd, 'live chunks arrive in order without gaps');
      const data = raw.subarray(4 + headLength);
      live.push(Buffer.from(data));
      liveEnd += data.length;
    });
    await new Promise((ok) => ws.once('open', ok));
    cmdId = await api.run({ agent_id: 'local', command: 'seq 1 50000' });
    await api.waitForState(cmdId, ['exited']);
    const expected = seqOutput(50_000);
    await waitFor(() => liveEnd === expected.length && sawCommandEvent, 5000, 'all live output and the command event');
    assert.ok(Buffer.concat(live).equals(expected), 'live output is identical to what the command printed');
    ws.close();
  });

  test('a client that subscribes gets only the output of the commands it names; other events still reach it', async () => {
    const ws = api.events('?output=binary');
    const outputOf = new Map<string, number>();
    const ended = new Set<string>();
    const errors: string[] = [];
    ws.on('message', (raw: Buffer, isBinary: boolean) => {
      if (isBinary) {
        const head = JSON.parse(raw.subarray(4, 4 + raw.readUInt32BE(0)).toString()) as { cmd_id: string };
        outputOf.set(head.cmd_id, (outputOf.get(head.cmd_id) ?? 0) + raw.length - 4 - raw.readUInt32BE(0));
        return;
      }
      const event = JSON.parse(raw.toString()) as { type: string; error?: string; command?: { cmd_id: string; state: string } };
      if (event.type === 'error') errors.push(event.error!);
      if (event.type === 'command' && event.command!.state === 'exited') ended.add(event.command!.cmd_id);
    });
    await new Promise((ok) => ws.once('open', ok));
    // Messages are handled in order: once the answer to a bad one sent after it is here, a message was handled.
    const send = async (message: unknown): Promise<string | undefined> => {
      const seen = errors.length;
      ws.send(typeof message === 'string' ? message : JSON.stringify(message));
      ws.send(JSON.stringify({ type: 'subscribe', cmd_ids: 'all' }));
      await waitFor(() => errors.slice(seen).some((e) => e.startsWith('cmd_ids:')), 5000, 'the answer to the bad message sent after it');
      const answers = errors.slice(seen);
      return answers.length > 1 ? answers[0] : undefined;
    };
    const gated = (gate: string) => ({ agent_id: 'local', command: `while [ ! -e '${join(dir, gate)}' ]; do sleep 0.05; done; seq 1 30000` });
    const a = await api.run(gated('go-1'));
    const b = await api.run(gated('go-1'));
    assert.equal(await send({ type: 'subscribe', cmd_ids: [a] }), undefined);
    assert.match((await send('not json'))!, /^message: not valid JSON/);
    assert.match((await send({ type: 'watch', cmd_ids: [b] }))!, /^type: /, 'an unknown message changes nothing');
    writeFileSync(join(dir, 'go-1'), '');
    await waitFor(() => ended.has(a) && ended.has(b), 20_000, 'both commands exited, as events on this socket');
    await waitFor(() => outputOf.get(a) === seqOutput(30_000).length, 5000, 'all of A\'s output, live');
    assert.equal(outputOf.get(b), undefined, 'no output of B, which this client did not name');

    const c = await api.run(gated('go-2'));
    assert.equal(await send({ type: 'subscribe', cmd_ids: [c] }), undefined);
    assert.equal(await send({ type: 'unsubscribe', cmd_ids: [c, a] }), undefined);
    writeFileSync(join(dir, 'go-2'), '');
    await waitFor(() => ended.has(c), 20_000, 'C exited, as an event on this socket');
    assert.equal(outputOf.get(c), undefined, 'no output of C after unsubscribing');
    ws.close();
  });

  test('argv commands bypass the shell; cwd and env are applied', async () => {
    const sub = join(dir, 'sub dir');
    mkdirSync(sub);
    const argv = await api.run({ agent_id: 'local', command: ['printf', '%s|', 'a b;$HOME', '`x`'] });
    await api.waitForState(argv, ['exited']);
    assert.equal((await api.output(argv)).toString(), 'a b;$HOME|`x`|');
    const shell = await api.run({ agent_id: 'local', command: 'pwd; echo "$GREETING"', shell: true, cwd: sub, env: { GREETING: 'hello there' } });
    await api.waitForState(shell, ['exited']);
    assert.equal((await api.output(shell)).toString(), `${sub}\nhello there\n`);
  });

  test('kill ends the whole process group: no sleep survives', async () => {
    const cmdId = await api.run({ agent_id: 'local', command: ['sh', '-c', 'sleep 1000 & sleep 1000'] });
    const running = await api.waitForState(cmdId, ['running']);
    const pgid = running.pid!;
    await waitFor(() => processGroupMembers(pgid).length >= 2, 5000, 'the shell and its sleeps');
    const members = processGroupMembers(pgid);
    const res = await api.request('POST', `/api/commands/${cmdId}/kill`);
    assert.equal(res.status, 202);
    const killed = await api.waitForState(cmdId, ['killed']);
    assert.equal(killed.reason, 'killed on request');
    await waitFor(() => processGroupMembers(pgid).length === 0, 5000, 'no member of the group left');
    for (const pid of members) assert.equal(isAlive(pid), false, `process ${pid} is gone`);
  });

  test('a timeout kills the command and says so', async () => {
    const cmdId = await api.run({ agent_id: 'local', command: ['sleep', '30'], timeout_s: 0.5 });
    const ended = await api.waitForState(cmdId, ['timed_out']);
    assert.equal(ended.reason, 'timed out after 0.5 s');
    assert.equal(ended.signal, 'SIGTERM');
  });

  test('a command that cannot start fails to start and says why, with the exit code a shell would give', async () => {
    const missing = await api.run({ agent_id: 'local', command: ['no-such-program-p4i'] });
    const ended = await api.waitForState(missing, ['failed_to_start']);
    assert.equal(ended.exit_code, 127);
    assert.match((await api.output(missing, 'stderr')).toString(), /cannot start "no-such-program-p4i": ENOENT/);
    const badCwd = await api.run({ agent_id: 'local', command: ['true'], cwd: join(dir, 'nowhere') });
    assert.match((await api.waitForState(badCwd, ['failed_to_start'])).reason ?? '', /working directory .*nowhere does not exist/);
  });

  test('killing a finished command is refused; unknown ids are 404', async () => {
    const cmdId = await api.run({ agent_id: 'local', command: ['true'] });
    await api.waitForState(cmdId, ['exited']);
    const again = await api.request('POST', `/api/commands/${cmdId}/kill`);
    assert.equal(again.status, 409);
    assert.match(again.json.error, /already ended/);
    assert.equal((await api.request('GET', '/api/commands/nope')).status, 404);
  });

  test('a command for an offline agent waits queued and runs when the agent comes back', async (t) => {
    const spool = tempDir(t);
    const tls = await enrol(t, dir, 'returning', join(spool, '..', 'certs'));
    const agent = startAgent(t, { masterPort: master.agentPort, agentId: 'returning', workspace: dir, spoolDir: spool, tls });
    await api.waitForAgent('returning');
    await agent.kill('SIGTERM');
    await api.waitForAgent('returning', 'offline');
    const cmdId = await api.run({ agent_id: 'returning', command: ['echo', 'ran later'] });
    assert.equal((await api.command(cmdId)).state, 'queued');
    startAgent(t, { masterPort: master.agentPort, agentId: 'returning', workspace: dir, spoolDir: spool, tls });
    await api.waitForState(cmdId, ['exited']);
    assert.equal((await api.output(cmdId)).toString(), 'ran later\n');
  });

  test('agents report heartbeats with their load', async () => {
    const [agent] = (await api.agents()).filter((a) => a.agent_id === 'local');
    assert.ok(agent);
    assert.equal(agent.status, 'online');
    assert.ok(agent.last_heartbeat, 'has a heartbeat');
    assert.ok(agent.load && agent.load.mem_total > 0 && agent.load.load.length === 3);
  });
});
