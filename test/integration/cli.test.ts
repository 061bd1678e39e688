// The command lines of the agent and the headless master: help, bad flags, start-up failures.
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { test } from 'node:test';
import { AGENT_BUNDLE, ROOT, startMaster, startProcess, tempDir } from '../helpers/processes.ts';

const headless = join(ROOT, 'main', 'headless.ts');

test('agent --help explains every flag', async (t) => {
  const proc = startProcess(t, process.execPath, [AGENT_BUNDLE, '--help']);
  assert.equal(await proc.exited, 0);
  for (const flag of ['--master', '--agent-id', '--workspace', '--spool-dir', '--ca', '--cert', '--key']) assert.ok(proc.output().includes(flag), flag);
});

test('agent: a bad flag is one line and exit code 2', async (t) => {
  const cases: [string[], RegExp][] = [
    [['--bogus'], /Unknown option '--bogus'/],
    [['--agent-id', 'a', '--workspace', '/tmp'], /--master is required/],
    [['--master', 'nohost', '--agent-id', 'a', '--workspace', '/tmp'], /--master must be HOST:PORT/],
    [['--master', 'h:1', '--agent-id', 'bad id', '--workspace', '/tmp'], /--agent-id "bad id" must be/],
    [['--master', 'h:1', '--agent-id', 'a', '--workspace', '/tmp', '--cert', 'x'], /--cert and --key go together/],
    [['--master', 'h:1', '--agent-id', 'a', '--workspace', '/tmp', '--cert', 'x', '--key', 'y'], /--cert and --key need --ca/],
    [['--master', 'h:1', '--agent-id', 'a', '--workspace', '/tmp', '--heartbeat-s', 'soon'], /--heartbeat-s must be a positive number/],
  ];
  for (const [args, message] of cases) {
    const proc = startProcess(t, process.execPath, [AGENT_BUNDLE, ...args]);
    assert.equal(await proc.exited, 2, args.join(' '));
    assert.match(proc.output(), message);
    assert.equal(proc.output().trim().split('\n').length, 1, 'one line');
  }
});

test('master: a bad flag exits 2 with the reason', async (t) => {
  const proc = startProcess(t, process.execPath, [headless, '--agent-port', 'ninety']);
  assert.equal(await proc.exited, 2);
  assert.match(proc.output(), /--agent-port must be a port number/);
});

test('master: a taken port or an unwritable data dir exits 1 with a clear message', async (t) => {
  const blocker = createServer();
  await new Promise<void>((ok) => blocker.listen(0, '127.0.0.1', ok));
  t.after(() => blocker.close());
  const port = (blocker.address() as { port: number }).port;
  const taken = startProcess(t, process.execPath, [headless, '--data-dir', tempDir(t), '--agent-host', '127.0.0.1', '--agent-port', String(port), '--http-port', '0']);
  assert.equal(await taken.exited, 1);
  assert.match(taken.output(), new RegExp(`agent port 127.0.0.1:${port} is already in use \\(another master\\?\\): choose another with --agent-port\n$`));
  const locked = join(tempDir(t), 'locked');
  mkdirSync(locked, { mode: 0o500 });
  chmodSync(locked, 0o500);
  const unwritable = startProcess(t, 'setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, headless, '--data-dir', join(locked, 'data'), '--agent-port', '0', '--http-port', '0']);
  assert.equal(await unwritable.exited, 1);
  assert.match(unwritable.output(), /data directory .*locked\/data is not writable/);
});

test('master: the data dir is made 0700 and its database 0600 at every start, with a warning; the banner shows where the token is, not the token', async (t) => {
  const dataDir = join(tempDir(t), 'data');
  mkdirSync(dataDir, { mode: 0o755 });
  chmodSync(dataDir, 0o755);
  writeFileSync(join(dataDir, 'p4-integrator.db'), '', { mode: 0o644 });
  chmodSync(join(dataDir, 'p4-integrator.db'), 0o644);
  const master = await startMaster(t, { dataDir });
  assert.equal(statSync(dataDir).mode & 0o777, 0o700);
  for (const file of ['p4-integrator.db', 'p4-integrator.db-wal', 'p4-integrator.db-shm']) assert.equal(statSync(join(dataDir, file)).mode & 0o777, 0o600, file);
  assert.match(master.output(), /data.* was open to other users \(mode 755\); made it 700/);
  assert.match(master.output(), /p4-integrator\.db was open to other users \(mode 644\); made it 600/);
  const token = readFileSync(join(dataDir, 'api-token'), 'utf8').trim();
  assert.equal(master.output().includes(token), false, 'the token is not printed');
  assert.match(master.output(), /open: +http:\S+\?token=\$\(cat \S+\/api-token\)/);
});

test('master: a data dir whose secrets key is in the desktop app\'s keychain stops the start and says so', async (t) => {
  const dataDir = tempDir(t);
  mkdirSync(join(dataDir, 'pki'), { mode: 0o700 });
  writeFileSync(join(dataDir, 'pki', 'secrets.key.keychain'), 'encrypted by a keychain', { mode: 0o600 });
  const proc = startProcess(t, process.execPath, [headless, '--data-dir', dataDir, '--agent-host', '127.0.0.1', '--agent-port', '0', '--http-port', '0', '--metrics-port', '0']);
  assert.equal(await proc.exited, 1);
  assert.match(proc.output(), /secrets\.key\.keychain: the key that seals secret env values is in the desktop app's OS keychain; start the desktop app on this data directory/);
  assert.equal(existsSync(join(dataDir, 'pki', 'secrets.key')), false, 'no second key made beside it');
});

test('master: a pipeline.yaml placeholder inside quotes stops the start with the file, line and why', async (t) => {
  const dataDir = tempDir(t);
  const file = join(dataDir, 'pipeline.yaml');
  // A branch name such as $(touch x) would run inside these double quotes.
  writeFileSync(file, 'stages:\n  INTEGRATE:\n    shell: \'p4 integrate -c {changelist} -b "{branch_spec}"\'\n');
  const proc = startProcess(t, process.execPath, [headless, '--data-dir', dataDir, '--agent-host', '127.0.0.1', '--agent-port', '0', '--http-port', '0', '--metrics-port', '0']);
  assert.equal(await proc.exited, 1);
  assert.ok(proc.output().includes(`${file}:3: stages.INTEGRATE.shell: placeholder {branch_spec} is inside double quotes; remove the quotes`), proc.output());
});
