// Our own sshd on a loopback port (generated host and user keys), for the old "SSH mode"
// baseline: `cat file | ssh -p PORT -i KEY localhost 'cat > out'`.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { freePort, startChild, waitFor, type Child } from './util.ts';
import { connect } from 'node:net';
import { requireProgram } from '../../test/helpers/system-tools.ts';

export interface Sshd {
  port: number;
  key: string;
  proc: Child;
  /** argv prefix for `ssh` to this server. */
  sshArgs: string[];
}

export async function startSshd(dir: string): Promise<Sshd> {
  const sshd = requireProgram('/usr/sbin/sshd', 'openssh-server');
  requireProgram('ssh-keygen', 'openssh-client');
  requireProgram('ssh', 'openssh-client');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const hostKey = join(dir, 'host_ed25519');
  const key = join(dir, 'user_ed25519');
  if (!existsSync(hostKey)) execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', hostKey]);
  if (!existsSync(key)) execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', key]);
  execFileSync('cp', [`${key}.pub`, join(dir, 'authorized_keys')]);
  // sshd (as root) refuses to start without its privilege-separation directory.
  if (process.getuid?.() === 0 && !existsSync('/run/sshd')) mkdirSync('/run/sshd', { mode: 0o755 });
  const port = await freePort();
  const config = join(dir, 'sshd_config');
  writeFileSync(config, [
    `Port ${port}`, 'ListenAddress 127.0.0.1', `HostKey ${hostKey}`, `PidFile ${join(dir, 'sshd.pid')}`,
    `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`, 'PasswordAuthentication no', 'KbdInteractiveAuthentication no',
    'UsePAM no', 'StrictModes no', `PermitRootLogin ${userInfo().username === 'root' ? 'prohibit-password' : 'no'}`,
    `AllowUsers ${userInfo().username}`, 'LogLevel ERROR', 'UseDNS no',
  ].join('\n') + '\n');
  const proc = startChild(sshd, ['-D', '-e', '-f', config]);
  await waitFor(() => new Promise<boolean>((ok) => {
    const s = connect(port, '127.0.0.1', () => {
      s.destroy();
      ok(true);
    });
    s.on('error', () => ok(false));
  }), 10_000, `sshd on ${port}`, 100);
  const sshArgs = ['-p', String(port), '-i', key, '-o', 'StrictHostKeyChecking=no', '-o', `UserKnownHostsFile=${join(dir, 'known_hosts')}`,
    '-o', 'BatchMode=yes', '-o', 'LogLevel=ERROR', '127.0.0.1'];
  return { port, key, proc, sshArgs };
}
