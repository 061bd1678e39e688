// The SSH bootstrapper against a real OpenSSH server (test/fixtures/sshd.ts) on loopback: from a
// host name to an agent that runs commands, and every way that can go wrong, each explained.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync, appendFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import type { BootstrapDto, NewBootstrap } from '../../preload/api.ts';
import { fetchRuntimes } from '../../main/bootstrap/node-runtimes.ts';
import { ApiClient } from '../helpers/api-client.ts';
import { findProcesses, freePort, isAlive, startMaster, suiteCleanup, tempDir, waitFor, type Cleanup, type MasterProc } from '../helpers/processes.ts';
import { keygen, startSshd, type Sshd } from '../fixtures/sshd.ts';

/** Fetched once per machine (npm pack), then reused by every run: CI downloads it once. */
const RUNTIMES = join(homedir(), '.cache', 'p4-integrator-ci', 'node-runtimes');
const TERMINAL = ['done', 'failed', 'cancelled'];

/** "#   +123 ms  probe: ..." lines: where a bootstrap spent its time (for docs/benchmarks.md). */
function stepTimes(b: BootstrapDto): string {
  const t0 = Date.parse(b.created_at);
  return b.log.map((l) => `#   +${String(Date.parse(l.at) - t0).padStart(5)} ms  ${l.step}: ${l.message.slice(0, 90)}\n`).join('');
}

describe('SSH bootstrap', () => {
  const suite = suiteCleanup();
  let master: MasterProc;
  let api: ApiClient;
  let dir: string;
  let sshConfig: string;
  let knownHosts: string;

  before(async () => {
    dir = tempDir(suite);
    const started = Date.now();
    await fetchRuntimes(RUNTIMES, process.versions.node, [process.arch]);
    process.stderr.write(`# node runtime ready in ${Date.now() - started} ms (${RUNTIMES})\n`);
    sshConfig = join(dir, 'ssh_config');
    knownHosts = join(dir, 'known_hosts');
    writeFileSync(sshConfig, '');
    writeFileSync(knownHosts, '');
    // The master process inherits these: its ssh config, known_hosts and runtimes are the test's.
    Object.assign(process.env, { P4I_SSH_CONFIG: sshConfig, P4I_KNOWN_HOSTS: knownHosts, P4I_NODE_RUNTIMES: RUNTIMES, SSH_AUTH_SOCK: '' });
    master = await startMaster(suite, { dataDir: join(dir, 'data') });
    api = new ApiClient(master.url, master.token);
  });

  /** A host entry in the test's ~/.ssh/config; its key trusted unless `trust` is false. */
  function hostEntry(alias: string, sshd: Sshd, opts: { trust?: boolean; key?: string; extra?: string[] } = {}): string {
    appendFileSync(sshConfig, [`Host ${alias}`, '  HostName 127.0.0.1', `  Port ${sshd.port}`, `  User ${sshd.user}`, `  IdentityFile ${opts.key ?? sshd.userKey}`, ...(opts.extra ?? []).map((l) => `  ${l}`), ''].join('\n'));
    if (opts.trust !== false) appendFileSync(knownHosts, sshd.knownHostsLine + '\n');
    return alias;
  }

  /** Kills (by pid) the agents a test's sshd started, when the test ends. */
  function reapAgents(t: Cleanup, sshd: Sshd): void {
    t.after(() => {
      for (const pid of findProcesses(['--agent-id', sshd.home])) process.kill(pid, 'SIGKILL');
    });
  }

  async function bootstrap(input: NewBootstrap): Promise<string> {
    const res = await api.request('POST', '/api/agents/bootstrap', input);
    assert.equal(res.status, 202, JSON.stringify(res.json));
    return res.json.bootstrap_id;
  }

  async function until(id: string, states: string[], timeoutMs = 60_000): Promise<BootstrapDto> {
    return waitFor(async () => {
      const b = (await api.request('GET', `/api/bootstraps/${id}`)).json as BootstrapDto;
      return states.includes(b.state) ? b : undefined;
    }, timeoutMs, `bootstrap ${id} in ${states.join('|')}`);
  }

  async function runOn(agentId: string, command: string): Promise<string> {
    const cmdId = await api.run({ agent_id: agentId, command, shell: true });
    const done = await api.waitForState(cmdId, ['exited', 'killed', 'timed_out', 'lost']);
    assert.equal(done.exit_code, 0, `${command}: ${(await api.output(cmdId, 'stderr')).toString()}`);
    return (await api.output(cmdId)).toString();
  }

  const agentPids = (sshd: Sshd) => findProcesses(['--agent-id', sshd.home]);
  const audit = async () => (await api.request('GET', '/api/audit?after=0&limit=10000')).bytes.toString().trim().split('\n').map((l) => JSON.parse(l));

  test('a host with Node: agent online and running commands; a second bootstrap reuses it; restart and stop', async (t) => {
    const sshd = await startSshd(t);
    reapAgents(t, sshd);
    const host = hostEntry('build-node', sshd);
    const events = api.events();
    const seen: BootstrapDto[] = [];
    events.on('message', (m) => {
      const e = JSON.parse(m.toString());
      if (e.type === 'bootstrap') seen.push(e.bootstrap);
    });
    await new Promise((ok) => events.once('open', ok));
    t.after(() => events.close());

    const t0 = Date.now();
    const id = await bootstrap({ host, workspace: sshd.home, labels: ['ssh'] });
    const done = await until(id, TERMINAL);
    const elapsed = Date.now() - t0;
    assert.equal(done.state, 'done', done.error ?? '');
    process.stderr.write(`# bootstrap with Node on PATH: request → agent online ${elapsed} ms (server ${done.duration_ms} ms)\n${stepTimes(done)}`);
    assert.equal(done.agent_id, `${sshd.user}.build-node-${sshd.port}`);
    assert.deepEqual(done.target, { host_name: '127.0.0.1', port: sshd.port, user: sshd.user, via: [] });
    assert.equal(done.host_key?.fingerprint, sshd.fingerprint);
    assert.equal(done.remote?.node_path, '/usr/bin/node');
    assert.deepEqual(done.uploaded, { node_runtime: false, agent_bundle: true });
    assert.deepEqual([...new Set(done.log.map((l) => l.step))], ['connect', 'check_shell', 'probe', 'install', 'start', 'register', 'finished']);
    assert.ok(seen.some((b) => b.bootstrap_id === id && b.step === 'probe'), 'progress arrives as events');

    const agent = await api.waitForAgent(done.agent_id);
    assert.deepEqual(agent.labels, ['ssh']);
    assert.equal(agent.enrolment, 'accepted');
    assert.ok(agent.cert_expires_at, 'it connected with the certificate the master issued');
    assert.equal((await runOn(done.agent_id, 'echo "ran in $PWD"')).trim(), `ran in ${sshd.home}`);
    const agentDir = join(sshd.home, '.cache', 'p4-integrator', 'agents', done.agent_id);
    assert.equal(statSync(join(agentDir, 'tls', 'agent-key.pem')).mode & 0o777, 0o600);
    assert.ok(existsSync(join(agentDir, 'agent.log')), 'the agent has its own log file');
    const [pid] = agentPids(sshd);
    assert.ok(pid, 'the agent runs');
    assert.equal(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')[3], String(pid), 'the agent leads its own session (setsid)');

    const again = await until(await bootstrap({ host, workspace: sshd.home, labels: ['ssh'] }), TERMINAL);
    assert.equal(again.state, 'done', again.error ?? '');
    assert.equal(again.reused, true);
    assert.deepEqual(again.uploaded, { node_runtime: false, agent_bundle: false });
    assert.deepEqual(agentPids(sshd), [pid], 'the same agent process');

    const restart = await api.request('POST', `/api/agents/${done.agent_id}/restart`);
    assert.equal(restart.status, 202);
    const restarted = await until(restart.json.bootstrap_id, TERMINAL);
    assert.equal(restarted.state, 'done', restarted.error ?? '');
    assert.equal(restarted.uploaded.agent_bundle, false, 'the bundle is not copied again');
    assert.equal(isAlive(pid!), false, 'the old process is gone');
    assert.equal(agentPids(sshd).length, 1);
    assert.match(await runOn(done.agent_id, 'echo again'), /again/);

    const stop = await api.request('POST', `/api/agents/${done.agent_id}/stop`);
    assert.equal((await until(stop.json.bootstrap_id, TERMINAL)).state, 'done');
    await api.waitForAgent(done.agent_id, 'offline');
    assert.deepEqual(agentPids(sshd), []);

    const attempts = (await audit()).filter((e) => e.detail?.agent_id === done.agent_id && e.action.startsWith('bootstrap.'));
    assert.deepEqual(attempts.map((e) => [e.action, e.detail.result]), [['bootstrap.start', 'online'], ['bootstrap.start', 'reused'], ['bootstrap.restart', 'online'], ['bootstrap.stop', 'stopped']]);
    for (const e of attempts) {
      assert.equal(e.target, `${sshd.user}@127.0.0.1:${sshd.port}`);
      assert.equal(e.actor, 'api');
      assert.equal(e.detail.host_key_fingerprint, sshd.fingerprint);
      assert.match(e.detail.command_sha256, /^[0-9a-f]{64}$/);
      assert.ok(e.detail.duration_ms >= 0);
    }
  });

  test('a host without Node on PATH: the runtime is uploaded and checked; a second bootstrap uploads nothing', async (t) => {
    const sshd = await startSshd(t, { withoutNode: true });
    reapAgents(t, sshd);
    const host = hostEntry('build-bare', sshd);
    const t0 = Date.now();
    const first = await until(await bootstrap({ host, workspace: sshd.home }), TERMINAL, 120_000);
    assert.equal(first.state, 'done', first.error ?? '');
    process.stderr.write(`# bootstrap without Node (runtime upload): request → agent online ${Date.now() - t0} ms\n${stepTimes(first)}`);
    assert.equal(first.uploaded.node_runtime, true);
    const nodeDir = join(sshd.home, '.cache', 'p4-integrator', 'node');
    assert.deepEqual(readdirSync(nodeDir), [`${process.versions.node}-linux-${process.arch}`], 'one versioned directory, no leftovers');
    assert.equal(first.remote?.node_path, join(nodeDir, `${process.versions.node}-linux-${process.arch}`, 'bin', 'node'));
    assert.equal(first.remote?.node_version, process.version);
    assert.equal(existsSync(join(sshd.home, '.cache', 'p4-integrator', '.lock')), false, 'the install lock is released');
    assert.equal((await runOn(first.agent_id, 'node --version 2>/dev/null || echo "no node on PATH"')).trim(), 'no node on PATH', 'the agent itself runs on the uploaded Node');

    const second = await until(await bootstrap({ host, workspace: sshd.home, restart: true }), TERMINAL);
    assert.equal(second.state, 'done', second.error ?? '');
    assert.deepEqual(second.uploaded, { node_runtime: false, agent_bundle: false }, 'nothing re-uploaded');
    assert.equal(second.remote?.node_path, first.remote?.node_path);
    await api.waitForAgent(second.agent_id);
  });

  test('an unknown host key stops the bootstrap with its fingerprint until an operator approves it', async (t) => {
    const sshd = await startSshd(t);
    reapAgents(t, sshd);
    const host = hostEntry('build-new', sshd, { trust: false });
    const id = await bootstrap({ host, workspace: sshd.home });
    const waiting = await until(id, ['needs_host_key', ...TERMINAL]);
    assert.equal(waiting.state, 'needs_host_key');
    assert.deepEqual(waiting.host_key, { host: `[127.0.0.1]:${sshd.port}`, status: 'unknown', key_type: 'ssh-ed25519', fingerprint: sshd.fingerprint, known: [] });
    assert.match(waiting.error ?? '', new RegExp(`not known: ssh-ed25519 ${sshd.fingerprint.replace(/[+/]/g, '\\$&')}`));
    assert.equal(existsSync(join(sshd.home, '.cache')), false, 'nothing ran on the host');

    const other = 'SHA256:' + 'A'.repeat(43);
    const wrong = await api.request('POST', `/api/bootstraps/${id}/approve-host-key`, { fingerprint: other });
    assert.equal(wrong.status, 409);
    assert.match(wrong.json.error, /nothing was approved/);
    const ok = await api.request('POST', `/api/bootstraps/${id}/approve-host-key`, { fingerprint: sshd.fingerprint });
    assert.equal(ok.status, 202);
    const done = await until(id, TERMINAL);
    assert.equal(done.state, 'done', done.error ?? '');
    assert.match(readFileSync(join(master.dataDir, 'known_hosts'), 'utf8'), new RegExp(`^\\[127\\.0\\.0\\.1\\]:${sshd.port} ssh-ed25519 `, 'm'));
    assert.equal(readFileSync(knownHosts, 'utf8').includes(`:${sshd.port}]`), false, "the user's known_hosts is not written");
    assert.ok((await audit()).some((e) => e.action === 'ssh.host_key.approve' && e.detail.fingerprint === sshd.fingerprint));
    const next = await until(await bootstrap({ host, workspace: sshd.home }), TERMINAL);
    assert.equal(next.state, 'done', 'the approved key is trusted from now on');
  });

  test('a changed host key is refused, showing the new and the known fingerprints', async (t) => {
    const sshd = await startSshd(t);
    const old = keygen(join(dir, `old-host-${sshd.port}`));
    const oldPub = readFileSync(`${old}.pub`, 'utf8').trim().split(/\s+/);
    // Hashed, the way Debian's ssh writes known_hosts (HashKnownHosts yes).
    const hashedFile = join(dir, `hashed-${sshd.port}`);
    writeFileSync(hashedFile, `[127.0.0.1]:${sshd.port} ${oldPub[0]} ${oldPub[1]}\n`);
    spawnSync('ssh-keygen', ['-H', '-f', hashedFile]);
    assert.match(readFileSync(hashedFile, 'utf8'), /^\|1\|/);
    appendFileSync(knownHosts, readFileSync(hashedFile, 'utf8'));
    const host = hostEntry('build-changed', sshd, { trust: false });
    const id = await bootstrap({ host, workspace: sshd.home });
    const refused = await until(id, ['needs_host_key', ...TERMINAL]);
    assert.equal(refused.state, 'needs_host_key');
    assert.equal(refused.host_key?.status, 'changed');
    assert.equal(refused.host_key?.fingerprint, sshd.fingerprint);
    const oldFp = spawnSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', `${old}.pub`], { encoding: 'utf8' }).stdout.split(/\s+/)[1];
    assert.deepEqual(refused.host_key?.known, [{ type: 'ssh-ed25519', fingerprint: oldFp }]);
    assert.match(refused.error ?? '', /has CHANGED/);
    assert.equal((await api.request('POST', `/api/bootstraps/${id}/cancel`)).status, 202);
    assert.equal((await until(id, TERMINAL)).state, 'cancelled');
    assert.equal(existsSync(join(sshd.home, '.cache')), false, 'nothing ran on the host');
  });

  test('a passphrase-protected key: the passphrase is asked through the API and never stored', async (t) => {
    const sshd = await startSshd(t);
    reapAgents(t, sshd);
    const passphrase = 'correct horse battery staple';
    const key = keygen(join(dir, `locked-${sshd.port}`), passphrase);
    sshd.authorize(`${key}.pub`);
    const host = hostEntry('build-locked', sshd, { key });
    const id = await bootstrap({ host, workspace: sshd.home });
    const asking = await until(id, ['waiting_input', ...TERMINAL]);
    assert.equal(asking.state, 'waiting_input');
    assert.equal(asking.prompt?.kind, 'passphrase');
    assert.deepEqual(asking.prompt?.questions, [{ text: `Passphrase for key ${key}:`, echo: false }]);
    const bad = await api.request('POST', `/api/bootstraps/${id}/answer`, { prompt_id: 'nope', answers: [passphrase] });
    assert.equal(bad.status, 409);
    assert.equal((await api.request('POST', `/api/bootstraps/${id}/answer`, { prompt_id: asking.prompt!.prompt_id, answers: [passphrase] })).status, 200);
    const done = await until(id, TERMINAL);
    assert.equal(done.state, 'done', done.error ?? '');
    await api.waitForAgent(done.agent_id);
    for (const file of readdirSync(master.dataDir).filter((f) => f.startsWith('p4-integrator.db'))) {
      assert.equal(readFileSync(join(master.dataDir, file)).includes(passphrase), false, `${file} does not hold the passphrase`);
    }
    assert.equal(master.output().includes(passphrase), false, 'nor does the log');
  });

  test('a key the server does not accept: authentication fails, naming what was tried', async (t) => {
    const sshd = await startSshd(t);
    const stranger = keygen(join(dir, `stranger-${sshd.port}`));
    const host = hostEntry('build-wrongkey', sshd, { key: stranger });
    const failed = await until(await bootstrap({ host, workspace: sshd.home }), TERMINAL);
    assert.equal(failed.state, 'failed');
    assert.match(failed.error ?? '', new RegExp(`authentication failed for ${sshd.user}@127\\.0\\.0\\.1:${sshd.port}; tried ${stranger}`));
    assert.equal(existsSync(join(sshd.home, '.cache')), false);
  });

  test('nothing listening on the port: a clear network error', async () => {
    const port = await freePort();
    const failed = await until(await bootstrap({ host: '127.0.0.1', port, workspace: '/tmp' }), TERMINAL);
    assert.equal(failed.state, 'failed');
    assert.match(failed.error ?? '', new RegExp(`nothing listens on 127\\.0\\.0\\.1:${port} \\(connection refused\\)`));
  });

  test('a login shell that prints a banner is refused, and the error says why', async (t) => {
    const sshd = await startSshd(t, { banner: 'Welcome to build-01' });
    const host = hostEntry('build-noisy', sshd);
    const failed = await until(await bootstrap({ host, workspace: sshd.home }), TERMINAL);
    assert.equal(failed.state, 'failed');
    assert.match(failed.error ?? '', /login shell on 127\.0\.0\.1 is not clean: a command that prints nothing printed 20 bytes, starting with "Welcome to build-01"/);
    assert.equal(existsSync(join(sshd.home, '.cache')), false, 'nothing was installed');
  });

  test('an agent that cannot connect back: a clear error, and no agent left behind', async (t) => {
    const sshd = await startSshd(t);
    reapAgents(t, sshd);
    const host = hostEntry('build-walled', sshd);
    // 127.0.0.2 reaches nothing (the master listens on 127.0.0.1 only), and no tunnel is allowed.
    const failed = await until(await bootstrap({ host, workspace: sshd.home, master_address: '127.0.0.2', tunnel: 'never', register_timeout_s: 3 }), TERMINAL);
    assert.equal(failed.state, 'failed');
    assert.match(failed.error ?? '', /the agent started \(pid \d+\) but did not connect to the master at 127\.0\.0\.2:\d+ within 3 s\. Likely cause: a firewall .*set master_address/);
    assert.match(failed.error ?? '', /ECONNREFUSED/, "the agent's own log explains");
    assert.deepEqual(agentPids(sshd), [], 'the half-started agent was stopped');
    assert.equal(existsSync(join(sshd.home, '.cache', 'p4-integrator', 'agents', failed.agent_id, 'tls')), false, 'its key was removed');
  });

  test('a host that cannot reach the master gets the agent link over an SSH reverse tunnel', async (t) => {
    const sshd = await startSshd(t);
    reapAgents(t, sshd);
    const host = hostEntry('build-nat', sshd);
    const done = await until(await bootstrap({ host, workspace: sshd.home, master_address: '127.0.0.2' }), TERMINAL);
    assert.equal(done.state, 'done', done.error ?? '');
    assert.ok(done.tunnel_port && done.tunnel_port !== master.agentPort, 'a tunnel port on the host');
    assert.ok(done.log.some((l) => /cannot reach the master at 127\.0\.0\.2:\d+ \(ECONNREFUSED\)/.test(l.message)));
    const [pid] = agentPids(sshd);
    assert.match(readFileSync(`/proc/${pid}/cmdline`, 'utf8'), new RegExp(`--master\\x00127\\.0\\.0\\.1:${done.tunnel_port}\\x00`));
    assert.match(await runOn(done.agent_id, 'echo through the tunnel'), /through the tunnel/);
  });

  test('ProxyJump: the target is reached through a jump host', async (t) => {
    const sshd = await startSshd(t);
    reapAgents(t, sshd);
    hostEntry('jump-box', sshd);
    // The target name only resolves on the jump host's side: 127.0.0.1 seen from the jump box.
    const host = hostEntry('behind-jump', sshd, { trust: false, extra: ['ProxyJump jump-box'] });
    const done = await until(await bootstrap({ host, workspace: sshd.home }), TERMINAL);
    assert.equal(done.state, 'done', done.error ?? '');
    assert.deepEqual(done.target?.via, [`${sshd.user}@127.0.0.1:${sshd.port}`]);
    await api.waitForAgent(done.agent_id);
  });

  test('every attempt is counted by result in the metrics', async () => {
    const text = await (await fetch(master.metricsUrl)).text();
    const count = (result: string): number => Number(new RegExp(`^p4_bootstrap_attempts_total\\{result="${result}"\\} (\\d+)`, 'm').exec(text)?.[1] ?? 0);
    assert.ok(count('online') >= 2, 'successful bootstraps');
    assert.ok(count('failed') >= 3, 'failed ones');
  });

  test('bad requests are refused at once with the field at fault', async () => {
    for (const [body, pattern] of [
      [{ host: '-oProxyCommand=x', workspace: '/w' }, /host/],
      [{ host: 'h', workspace: 'relative' }, /workspace: must be an absolute path/],
      [{ host: 'h', workspace: '/w', port: 0 }, /port/],
      [{ host: 'h', workspace: '/w', agent_id: '..' }, /agent_id: must be 1-128 letters/],
      [{ host: 'h', workspace: '/w', unknown: 1 }, /unknown|unrecognized/i],
    ] as const) {
      const res = await api.request('POST', '/api/agents/bootstrap', body);
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.match(res.json.error, pattern);
    }
    assert.equal((await api.request('GET', '/api/bootstraps/nope')).status, 404);
    assert.equal((await api.request('POST', '/api/agents/never-bootstrapped/stop')).status, 404);
  });
});
