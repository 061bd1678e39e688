// The OpenSSH files the bootstrapper reads, with real files made by ssh-keygen: known_hosts
// (plain, patterns, negation, hashed, @revoked) and ~/.ssh/config (aliases, wildcards, ProxyJump).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { hostKeyFromBlob, KnownHosts } from '../../main/bootstrap/known-hosts.ts';
import { parseProbe, pickNode } from '../../main/bootstrap/remote-probe.ts';
import { SshConfigFile } from '../../main/bootstrap/ssh-target.ts';
import { keygen } from '../fixtures/sshd.ts';
import { tempDir } from '../helpers/processes.ts';

function key(dir: string, name: string) {
  const file = keygen(join(dir, name));
  const [type, b64] = readFileSync(`${file}.pub`, 'utf8').split(/\s+/);
  const fingerprint = execFileSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', `${file}.pub`], { encoding: 'utf8' }).split(/\s+/)[1];
  return { type: type!, b64: b64!, key: hostKeyFromBlob(Buffer.from(b64!, 'base64')), fingerprint };
}

test('known_hosts: fingerprints as ssh-keygen prints them; plain, pattern, hashed, negated and revoked entries', (t) => {
  const dir = tempDir(t);
  const a = key(dir, 'a');
  const b = key(dir, 'b');
  assert.equal(a.key.fingerprint, a.fingerprint);
  assert.equal(a.key.type, 'ssh-ed25519');
  const user = join(dir, 'known_hosts');
  writeFileSync(join(dir, 'hashed'), `[build-7]:2222 ${a.type} ${a.b64}\n`);
  execFileSync('ssh-keygen', ['-H', '-f', join(dir, 'hashed')], { stdio: 'ignore' });
  writeFileSync(user, [
    '# comment',
    `plain.example,10.0.0.1 ${a.type} ${a.b64}`,
    `*.farm.example,!bad.farm.example ${a.type} ${a.b64}`,
    readFileSync(join(dir, 'hashed'), 'utf8').trim(),
    `@revoked stolen.example ${b.type} ${b.b64}`,
    'garbage line',
    '',
  ].join('\n'));
  const known = new KnownHosts([user, join(dir, 'missing')], join(dir, 'app_known_hosts'));
  assert.equal(known.check('plain.example', a.key).status, 'trusted');
  assert.equal(known.check('10.0.0.1', a.key).status, 'trusted');
  assert.equal(known.check('x1.farm.example', a.key).status, 'trusted');
  assert.equal(known.check('bad.farm.example', a.key).status, 'unknown', 'a negated pattern does not match');
  assert.equal(known.check('[build-7]:2222', a.key).status, 'trusted', 'hashed entry');
  assert.equal(known.check('build-7', a.key).status, 'unknown', 'the port is part of the name');
  assert.equal(known.check('plain.example', b.key).status, 'changed');
  assert.equal(known.check('stolen.example', b.key).status, 'revoked');
  assert.deepEqual(known.knownTypes('plain.example'), ['ssh-ed25519']);

  known.approve('plain.example', b.key, 'approved by test');
  assert.equal(known.check('plain.example', b.key).status, 'trusted', 'approved in the app file');
  known.approve('plain.example', key(dir, 'c').key, 'again');
  assert.equal(readFileSync(join(dir, 'app_known_hosts'), 'utf8').trim().split('\n').length, 1, 'a newer approval replaces the older one');
});

test('ssh config: aliases, wildcards, first value wins, explicit user/port win, ProxyJump chains', (t) => {
  const dir = tempDir(t);
  const file = join(dir, 'config');
  writeFileSync(file, [
    'Host build-*',
    '  User builder',
    '  IdentityFile ~/.ssh/farm_%h',
    'Host build-1',
    '  HostName 10.1.0.1',
    '  Port 2200',
    '  ProxyJump ops@bastion:2022',
    '  User ignored-later-value',
    'Host bastion',
    '  HostName bastion.example',
    '  HostKeyAlias bastion-key',
    '',
  ].join('\n'));
  const config = new SshConfigFile(file, '/agent.sock');
  const target = config.resolve('build-1');
  assert.equal(target.hostName, '10.1.0.1');
  assert.equal(target.port, 2200);
  assert.equal(target.user, 'builder', 'the first value found wins, as in OpenSSH');
  assert.match(target.identityFiles[0]!, /\/\.ssh\/farm_10\.1\.0\.1$/);
  assert.equal(target.agentSocket, '/agent.sock');
  assert.deepEqual(target.jumps.map((j) => [j.user, j.hostName, j.port, j.hostKeyName]), [['ops', 'bastion.example', 2022, 'bastion-key']]);
  const explicit = config.resolve('build-1', { user: 'me', port: 22 });
  assert.deepEqual([explicit.user, explicit.port], ['me', 22]);
  assert.equal(config.resolve('elsewhere').hostName, 'elsewhere', 'unknown names are used as they are');
  assert.equal(new SshConfigFile(join(dir, 'none'), null).resolve('h').port, 22, 'no config file is fine');
});

test('probe replies are checked, not guessed; the Node to use is chosen in order', () => {
  const reply = '@@p4i-probe\nos=Linux\narch=aarch64\nglibc=glibc 2.31\nhome=/home/b\nnode=path v16.20.0 /usr/bin/node\nnode=uploaded v24.1.0 /home/b/.cache/p4-integrator/node/24.1.0-linux-arm64/bin/node\n@@p4i-probe-end\n';
  const facts = parseProbe(`some noise\n${reply}`);
  assert.deepEqual([facts.os, facts.arch, facts.glibc, facts.home], ['Linux', 'arm64', '2.31', '/home/b']);
  assert.equal(pickNode(facts, null)?.source, 'uploaded', 'Node 16 on PATH is too old');
  assert.throws(() => pickNode(facts, '/opt/node/bin/node'), /configured node \/opt\/node\/bin\/node does not exist/);
  assert.throws(() => parseProbe('Welcome!\n'), /did not answer the probe/);
  assert.throws(() => parseProbe('@@p4i-probe\nos=Linux\n@@p4i-probe-end'), /lacks arch, home/);
});
