// Each attack is a test: every one is refused with a clear reason while legitimate agents work.
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { randomBytes, sign, X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { connect as tlsConnect } from 'node:tls';
import { encodeFrame, FrameDecoder } from '../../agent/protocol.ts';
import { ensurePki, newAgentKey } from '../../main/security/pki.ts';
import { hello } from '../helpers/raw-agent.ts';
import { ApiClient } from '../helpers/api-client.ts';
import { enrol, startAgent, startMaster, suiteCleanup, tempDir, waitFor, type MasterProc } from '../helpers/processes.ts';
import { RawMaster } from '../helpers/raw-master.ts';

describe('agent identities over mutual TLS', () => {
  let master: MasterProc;
  let api: ApiClient;
  let dir: string;
  const suite = suiteCleanup();
  const agent = async (id: string) => (await api.agents()).find((a) => a.agent_id === id);
  const refusals = (): string => master.output().split('\n').filter((l) => l.includes('agent connection refused')).join('\n');

  before(async () => {
    dir = tempDir(suite);
    master = await startMaster(suite, { dataDir: join(dir, 'data'), localAgent: true });
    api = new ApiClient(master.url, master.token);
    await api.waitForAgent('local');
  });

  test('the CA is made on first start; private keys are readable by the owner only', () => {
    for (const key of ['ca-key.pem', 'master-key.pem', 'signing-key.pem']) {
      assert.equal(statSync(join(master.dataDir, 'pki', key)).mode & 0o777, 0o600, key);
    }
    assert.ok(existsSync(join(master.dataDir, 'pki', 'ca.pem')));
  });

  test('an agent enrolled with `enrol` is accepted and runs commands over TLS', async (t) => {
    const tls = await enrol(t, master.dataDir, 'enrolled', join(dir, 'enrolled'));
    startAgent(t, { masterPort: master.agentPort, agentId: 'enrolled', workspace: dir, spoolDir: join(dir, 'enrolled', 'spool'), tls });
    const online = await api.waitForAgent('enrolled');
    assert.equal(online.enrolment, 'accepted');
    assert.ok(online.cert_expires_at, 'its certificate expiry is shown');
    const cmdId = await api.run({ agent_id: 'enrolled', command: ['echo', 'over tls'] });
    await api.waitForState(cmdId, ['exited']);
    assert.equal((await api.output(cmdId)).toString(), 'over tls\n');
  });

  test('a certificate near its end is renewed over the link; the agent reconnects with the new one', async (t) => {
    const tls = await enrol(t, master.dataDir, 'renewing', join(dir, 'renewing'), ['--days', '3']);
    const before = readFileSync(tls.cert, 'utf8');
    const spoolDir = join(dir, 'renewing', 'spool');
    const first = startAgent(t, { masterPort: master.agentPort, agentId: 'renewing', workspace: dir, spoolDir, tls });
    await api.waitForAgent('renewing');
    await waitFor(() => readFileSync(tls.cert, 'utf8') !== before, 10_000, 'renewed certificate written');
    const days = (Date.parse(new X509Certificate(readFileSync(tls.cert)).validTo) - Date.now()) / 86_400_000;
    assert.ok(days > 29, `renewed for the full term (${days.toFixed(1)} days)`);
    await first.kill('SIGTERM');
    await api.waitForAgent('renewing', 'offline');
    startAgent(t, { masterPort: master.agentPort, agentId: 'renewing', workspace: dir, spoolDir, tls });
    const back = await api.waitForAgent('renewing');
    assert.ok(Date.parse(back.cert_expires_at!) - Date.now() > 29 * 86_400_000, 'the master saw the new certificate');
    assert.equal(back.enrolment, 'accepted');
  });

  test('no client certificate: the agent waits as pending until an operator accepts it', async (t) => {
    startAgent(t, { masterPort: master.agentPort, agentId: 'newcomer', workspace: dir, spoolDir: join(dir, 'newcomer'), tls: { ca: join(master.dataDir, 'pki', 'ca.pem') } });
    const pending = await waitFor(async () => ((await agent('newcomer'))?.enrolment === 'pending' ? agent('newcomer') : undefined), 10_000, 'pending agent');
    assert.equal(pending?.status, 'offline');
    assert.match(pending?.key_fingerprint ?? '', /^([0-9a-f]{2}:){31}[0-9a-f]{2}$/);
    await waitFor(() => /agent \\"newcomer\\" \(key [0-9a-f:]+\) waits for approval/.test(refusals()), 10_000, 'pending logged');
    const res = await api.request('POST', '/api/agents/newcomer/accept');
    assert.equal(res.status, 200);
    await api.waitForAgent('newcomer');
    const cmdId = await api.run({ agent_id: 'newcomer', command: ['true'] });
    await api.waitForState(cmdId, ['exited']);
  });

  test('a rejected agent stays out', async (t) => {
    startAgent(t, { masterPort: master.agentPort, agentId: 'stranger', workspace: dir, spoolDir: join(dir, 'stranger'), tls: { ca: join(master.dataDir, 'pki', 'ca.pem') } });
    await waitFor(async () => (await agent('stranger'))?.enrolment === 'pending', 10_000, 'pending');
    assert.equal((await api.request('POST', '/api/agents/stranger/reject')).status, 200);
    await waitFor(() => /agent \\"stranger\\" was rejected by an operator/.test(refusals()), 10_000, 'rejection on reconnect');
    assert.equal((await agent('stranger'))?.status, 'offline');
    assert.equal((await api.request('POST', '/api/agents/nobody/accept')).status, 404);
  });

  test('a stolen agent_id with another key is denied, both keys are shown, the real agent keeps working', async (t) => {
    startAgent(t, { masterPort: master.agentPort, agentId: 'victim', workspace: dir, spoolDir: join(dir, 'victim'), tls: { ca: join(master.dataDir, 'pki', 'ca.pem') } });
    await waitFor(async () => (await agent('victim'))?.enrolment === 'pending', 10_000, 'pending');
    await api.request('POST', '/api/agents/victim/accept');
    const real = await api.waitForAgent('victim');
    startAgent(t, { masterPort: master.agentPort, agentId: 'victim', workspace: dir, spoolDir: join(dir, 'impostor'), tls: { ca: join(master.dataDir, 'pki', 'ca.pem') } });
    const denied = await waitFor(async () => ((await agent('victim'))?.enrolment === 'denied' ? agent('victim') : undefined), 10_000, 'denied');
    assert.equal(denied?.key_fingerprint, real.key_fingerprint);
    assert.notEqual(denied?.denied_fingerprint, real.key_fingerprint);
    // The refusal is logged after the enrolment state is stored: wait for the line.
    await waitFor(() => /agent \\"victim\\" is enrolled with key [0-9a-f:]+; this connection presented [0-9a-f:]+/.test(refusals()), 10_000, 'denial logged');
    const cmdId = await api.run({ agent_id: 'victim', command: ['echo', 'still me'] });
    await api.waitForState(cmdId, ['exited']);
    assert.equal((await api.output(cmdId)).toString(), 'still me\n');
  });

  test('a certificate from another CA is refused', async (t) => {
    const other = tempDir(t);
    const foreign = await enrol(t, other, 'forger', join(other, 'certs'));
    startAgent(t, { masterPort: master.agentPort, agentId: 'forger', workspace: dir, spoolDir: join(other, 'spool'), tls: { ...foreign, ca: join(master.dataDir, 'pki', 'ca.pem') } });
    await waitFor(() => /the agent's certificate was not issued by this master/.test(refusals()), 10_000, 'refusal');
    assert.equal(await agent('forger'), undefined);
  });

  test('an expired certificate is refused with its date', async (t) => {
    const pki = await ensurePki(master.dataDir);
    const { keyPem, spki } = newAgentKey();
    const certPem = await pki.issueAgentCert('expired', spki, 1, new Date(Date.now() - 3 * 24 * 3600 * 1000));
    const certs = join(dir, 'expired');
    mkdirSync(certs);
    writeFileSync(join(certs, 'agent.pem'), certPem);
    writeFileSync(join(certs, 'agent-key.pem'), keyPem, { mode: 0o600 });
    const expired = startAgent(t, { masterPort: master.agentPort, agentId: 'expired', workspace: dir, spoolDir: join(certs, 'spool'), tls: { ca: join(master.dataDir, 'pki', 'ca.pem'), cert: join(certs, 'agent.pem'), key: join(certs, 'agent-key.pem') } });
    // The agent is told why (the master logs refusals of one kind from one address once per burst).
    await waitFor(() => /the agent's certificate expired on .*enrol the agent again/.test(expired.output()), 10_000, 'refusal');
  });

  test('an agent talking plain TCP to the TLS port gets nowhere; the master logs it', async (t) => {
    startAgent(t, { masterPort: master.agentPort, agentId: 'plain', workspace: dir, spoolDir: join(dir, 'plain') });
    await waitFor(() => /agent TLS handshake failed/.test(master.output()), 10_000, 'handshake failure logged');
    assert.equal(await agent('plain'), undefined);
  });

  test('secrets printed by a command are stored masked, even split across writes; job views mask them too', async () => {
    const cmdId = await api.run({
      agent_id: 'local',
      command: 'echo "pw=$P4PASSWD tok=$BUILD_TOKEN custom=$MYSTUFF plain=$PLAIN"; printf "split: hunt"; sleep 0.2; printf "er2-pw\\n"',
      env: { P4PASSWD: 'hunter2-pw', BUILD_TOKEN: 'tok-abc-123', MYSTUFF: 'xyzzy-value', PLAIN: 'visible' },
      secret_env: ['MYSTUFF'],
    });
    await api.waitForState(cmdId, ['exited']);
    assert.equal((await api.output(cmdId)).toString(), 'pw=*** tok=*** custom=*** plain=visible\nsplit: ***\n');
    const job = await api.request('POST', '/api/jobs', { labels: ['no-such-label'], spec: { workspace: '/w', branch_spec: 'b', env: { P4PASSWD: 'hunter2-pw', P4USER: 'me' } } });
    const view = (await api.request('GET', `/api/jobs/${job.json.job_id}`)).json;
    assert.deepEqual(view.spec.env, { P4PASSWD: '***', P4USER: 'me' });
    assert.equal((await api.request('POST', `/api/jobs/${job.json.job_id}/cancel`)).status, 202);
  });

  test('secret env values are sealed in the database, reach the command in clear, and are erased once it ends', async () => {
    const cmdId = await api.run({ agent_id: 'local', command: '[ "$P4PASSWD" = s3cret-value ] && echo clear; echo ................................; sleep 30', env: { P4PASSWD: 's3cret-value', P4USER: 'me' } });
    await api.waitForState(cmdId, ['running']);
    const job = (await api.request('POST', '/api/jobs', { labels: ['no-such-label'], spec: { workspace: '/w', branch_spec: 'b', env: { P4PASSWD: 's3cret-value' } } })).json.job_id;
    const db = new Database(join(master.dataDir, 'p4-integrator.db'), { readonly: true });
    const stored = (): string => (db.prepare('SELECT env_json FROM commands WHERE cmd_id = ?').get(cmdId) as { env_json: string }).env_json;
    try {
      assert.match(stored(), /"P4PASSWD":"p4i-sealed:v1:[A-Za-z0-9+/=]+"/);
      assert.match(stored(), /"P4USER":"me"/);
      assert.doesNotMatch((db.prepare('SELECT spec_json FROM jobs WHERE job_id = ?').get(job) as { spec_json: string }).spec_json, /s3cret-value/);
      // (The line after it pushes "clear" past the tail the secret masking holds back.)
      await waitFor(async () => (await api.output(cmdId)).toString().startsWith('clear\n'), 10_000, 'the command saw the value in clear');
      await api.request('POST', `/api/commands/${cmdId}/kill`);
      await api.waitForState(cmdId, ['killed']);
      await waitFor(() => /"P4PASSWD":"\*\*\*"/.test(stored()), 5000, 'erased');
      // A cancelled job keeps the names of its secrets, not their values, sealed or not.
      await api.request('POST', `/api/jobs/${job}/cancel`);
      const spec = (): string => (db.prepare('SELECT spec_json FROM jobs WHERE job_id = ?').get(job) as { spec_json: string }).spec_json;
      await waitFor(() => /"P4PASSWD":"\*\*\*"/.test(spec()), 5000, 'the cancelled job\'s secret erased');
      assert.doesNotMatch(spec(), /p4i-sealed:|s3cret-value/);
    } finally {
      db.close();
    }
    assert.equal(statSync(join(master.dataDir, 'pki', 'secrets.key')).mode & 0o777, 0o600);
  });

  test('the audit trail records enrolments and actions and exports as JSON lines', async () => {
    const res = await api.request('GET', '/api/audit?after=0&limit=10000');
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /ndjson/);
    const events = res.bytes.toString().trim().split('\n').map((l) => JSON.parse(l));
    const actions = new Set(events.map((e) => e.action));
    for (const action of ['cert.issue', 'cert.renew', 'agent.pending', 'agent.accept', 'agent.reject', 'agent.denied', 'command.create', 'job.create', 'job.cancel']) assert.ok(actions.has(action), action);
    assert.ok(events.every((e) => e.at && e.actor), 'who and when');
  });

  test('the API refuses cross-origin preflights', async () => {
    assert.equal((await api.request('OPTIONS', '/api/agents')).status, 403);
  });
});

describe('signed commands', () => {
  async function setup(t: import('node:test').TestContext) {
    const dir = tempDir(t);
    const master = new RawMaster();
    await master.listen();
    t.after(() => master.close());
    const agent = startAgent(t, { masterPort: master.port, agentId: 'signed', workspace: dir, spoolDir: join(dir, 'spool') });
    await master.waitFor('hello');
    await waitFor(() => master.of('heartbeat').length > 0, 5000, 'welcome processed');
    return { dir, master, agent };
  }
  const spec = (cmdId: string, command: string) => ({ cmd_id: cmdId, command, shell: true, cwd: null, env: {}, timeout_s: null });
  const fresh = (agentId = 'signed', iat = Date.now()) => ({ agent_id: agentId, nonce: randomBytes(16).toString('hex'), iat, exp: iat + 60_000 });
  /** Signed with the master's real key, with whatever body a test wants. */
  const signedExec = (master: RawMaster, body: Record<string, unknown>) => {
    const text = JSON.stringify(body);
    return { t: 'exec' as const, body: text, sig: sign(null, Buffer.from(text), master.signingKey).toString('base64') };
  };

  test('unsigned, tampered, expired and replayed EXECs are refused with the reason; a good one runs', async (t) => {
    const { dir, master } = await setup(t);
    master.send({ t: 'exec', body: JSON.stringify({ spec: spec('unsigned', 'touch unsigned'), ...fresh() }) });
    const good = master.signer.exec('signed', spec('tampered', 'echo harmless')) as { t: 'exec'; body: string; sig: string };
    master.send({ ...good, body: good.body.replace('echo harmless', 'touch tampered') });
    // Issued an hour ago, claiming a day of life: its own issue time decides.
    const hourAgo = Date.now() - 3600_000;
    master.send(signedExec(master, { spec: spec('expired', 'touch expired'), ...fresh('signed', hourAgo), exp: hourAgo + 24 * 3600_000 }));
    const once = master.signer.exec('signed', spec('once', 'echo ran >> once'));
    master.send(once);
    master.send(once);
    const errors = await waitFor(() => (master.of('error').length >= 4 ? master.of('error') : undefined), 10_000, 'four refusals');
    assert.deepEqual(errors.map((e) => e.code), ['unsigned', 'bad_signature', 'expired', 'replayed']);
    assert.match(errors[2].message, /expired \d+ s ago \(issued 3600 s ago; 120 s of clock skew allowed\)/);
    await master.waitFor('done', 'once');
    for (const f of ['unsigned', 'tampered', 'expired']) assert.equal(existsSync(join(dir, f)), false, `${f} did not run`);
    assert.equal(existsSync(join(dir, 'once')), true, 'the signed command ran, once');
  });

  test('a KILL must be signed too', async (t) => {
    const { master } = await setup(t);
    master.exec(spec('long', 'sleep 1000'));
    await master.waitFor('started', 'long');
    master.send({ t: 'kill', body: JSON.stringify({ cmd_id: 'long', grace_ms: 0, ...fresh() }) });
    await master.waitFor('error');
    assert.equal(master.of('done', 'long').length, 0, 'still running');
    master.kill('long', 100);
    const [done] = await master.waitFor('done', 'long');
    assert.equal(done.reason, 'killed');
  });

  test('an EXEC signed for another agent, or from the future, is refused', async (t) => {
    const { dir, master } = await setup(t);
    master.send(signedExec(master, { spec: spec('elsewhere', 'touch elsewhere'), ...fresh('another-agent') }));
    master.send(signedExec(master, { spec: spec('future', 'touch future'), ...fresh('signed', Date.now() + 3600_000) }));
    const errors = await waitFor(() => (master.of('error').length >= 2 ? master.of('error') : undefined), 10_000, 'two refusals');
    assert.deepEqual(errors.map((e) => e.code), ['wrong_agent', 'clock_skew']);
    assert.match(errors[0].message, /signed for agent "another-agent", this is "signed"/);
    assert.match(errors[1].message, /issued \d+ s in the future/);
    master.exec(spec('mine', 'touch mine'));
    await master.waitFor('done', 'mine');
    for (const f of ['elsewhere', 'future']) assert.equal(existsSync(join(dir, f)), false, `${f} did not run`);
  });

  test('a captured EXEC replayed after the agent restarts is refused', async (t) => {
    const { dir, master, agent } = await setup(t);
    const captured = master.signer.exec('signed', spec('captured', 'echo ran >> captured'));
    master.send(captured);
    await master.waitFor('done', 'captured');
    master.send({ t: 'done_ack', cmd_id: 'captured' });
    await waitFor(() => !existsSync(join(dir, 'spool', 'captured.json')), 5000, 'command settled and dropped');
    agent.child.kill('SIGTERM');
    assert.equal(await agent.exited, 0);
    // Same spool, new process: it remembers nothing of the command, but its nonces are on disk.
    startAgent(t, { masterPort: master.port, agentId: 'signed', workspace: dir, spoolDir: join(dir, 'spool') });
    await master.waitFor('hello', undefined, 2);
    const beats = master.of('heartbeat').length;
    await waitFor(() => master.of('heartbeat').length > beats, 5000, 'second welcome processed');
    master.send(captured);
    const [error] = await master.waitFor('error');
    assert.equal(error.code, 'replayed');
    assert.equal(readFileSync(join(dir, 'captured'), 'utf8'), 'ran\n', 'ran once');
  });

  test('an unsigned WELCOME is refused with the reason', async (t) => {
    const dir = tempDir(t);
    const master = new RawMaster({ welcome: false });
    await master.listen();
    t.after(() => master.close());
    startAgent(t, { masterPort: master.port, agentId: 'signed', workspace: dir, spoolDir: join(dir, 'spool') });
    await master.waitFor('hello');
    const { body } = master.signer.welcome('signed', { heartbeat_ms: 500, resume: [], forget: [] });
    master.send({ t: 'welcome', protocol: 1, signing_key: master.signer.publicPem, server_time: Date.now(), body });
    const [error] = await master.waitFor('error');
    assert.equal(error.code, 'unsigned');
    assert.match(error.message, /welcome refused: it is not signed/);
  });
});

describe('allowlist and bare connections', () => {
  test('an agent matching the allowlist is accepted without approval; others still wait', async (t) => {
    const dir = tempDir(t);
    const master = await startMaster(t, { dataDir: join(dir, 'data'), extra: ['--allow', 'cn:trusted-*', '--allow', 'ip:10.0.0.0/8'] });
    const api = new ApiClient(master.url, master.token);
    const ca = join(master.dataDir, 'pki', 'ca.pem');
    startAgent(t, { masterPort: master.agentPort, agentId: 'trusted-1', workspace: dir, spoolDir: join(dir, 'a'), tls: { ca } });
    startAgent(t, { masterPort: master.agentPort, agentId: 'other', workspace: dir, spoolDir: join(dir, 'b'), tls: { ca } });
    const trusted = await api.waitForAgent('trusted-1');
    assert.equal(trusted.enrolment, 'accepted');
    await waitFor(async () => (await api.agents()).find((a) => a.agent_id === 'other')?.enrolment === 'pending', 10_000, 'other pending');
  });

  test('a TLS client that proves no identity at all is refused and told why', async (t) => {
    const master = await startMaster(t, { dataDir: tempDir(t) });
    const socket = tlsConnect({ host: '127.0.0.1', port: master.agentPort, ca: readFileSync(join(master.dataDir, 'pki', 'ca.pem')), checkServerIdentity: () => undefined });
    const decoder = new FrameDecoder();
    const frames: any[] = [];
    socket.on('data', (d: Buffer) => frames.push(...decoder.push(d).map((f) => f.header)));
    await new Promise((ok) => socket.once('secureConnect', ok));
    socket.write(encodeFrame(hello('bare')));
    await new Promise((ok) => socket.once('close', ok));
    assert.equal(frames[0]?.code, 'identity_required');
    assert.match(frames[0]?.message, /neither a certificate from this master nor its own key/);
  });
});

describe('plain TCP', () => {
  test('only behind --insecure, which says so in the log', async (t) => {
    const dir = tempDir(t);
    const master = await startMaster(t, { dataDir: join(dir, 'data'), extra: ['--insecure'] });
    assert.match(master.output(), /PLAIN TCP \(--insecure\)/);
    startAgent(t, { masterPort: master.agentPort, agentId: 'plain', workspace: dir, spoolDir: join(dir, 'spool') });
    await new ApiClient(master.url, master.token).waitForAgent('plain');
  });
});
