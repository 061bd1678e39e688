// One SSH connection made with ssh2: through ProxyJump hops, host key checked (never
// auto-accepted), authenticated like OpenSSH (agent, key files, keyboard-interactive, password)
// with every secret asked from the caller and never kept. Then: run a script, stream a file in.
import { existsSync, readFileSync, type ReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import ssh2, { type AnyAuthMethod, type AuthenticationType, type AuthHandlerMiddleware, type Client, type ClientChannel, type ConnectConfig, type ServerHostKeyAlgorithm } from 'ssh2';
import { shellQuote as quote } from '../base/shell-quote.ts';
import { hostKeyFromBlob, knownHostsName, type HostKey, type KnownHosts } from './known-hosts.ts';
import { defaultIdentityFiles, type SshTarget } from './ssh-target.ts';

export interface PromptQuestion {
  text: string;
  /** false for secrets (passwords, passphrases). */
  echo: boolean;
}

export interface Prompt {
  kind: 'passphrase' | 'password' | 'keyboard-interactive';
  /** Who asks, e.g. "root@build-01" or the key file. */
  title: string;
  instructions: string;
  questions: PromptQuestion[];
}

/** Asks the engineer; resolves with one answer per question. */
export type Prompter = (prompt: Prompt) => Promise<string[]>;

/** Why a connection stopped; `kind` lets the caller offer the right next step. */
export class SshError extends Error {
  readonly kind: 'host_key' | 'auth' | 'network' | 'protocol';
  readonly hostKey: { name: string; key: HostKey; status: 'unknown' | 'changed'; known: { type: string; fingerprint: string }[] } | null;

  constructor(kind: SshError['kind'], message: string, hostKey: SshError['hostKey'] = null) {
    super(message);
    this.kind = kind;
    this.hostKey = hostKey;
  }
}

/** Time a person gets to answer login prompts (passphrase, password) on top of the handshake. */
const PROMPT_ALLOWANCE_MS = 5 * 60_000;

export interface ConnectOptions {
  knownHosts: KnownHosts;
  prompt: Prompter;
  readyTimeoutMs: number;
}

export interface RunResult {
  code: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
}

/** Most a probe or install step may print; more means something is badly wrong. */
// ssh2 is CommonJS; Node sees only its default export.
const { utils } = ssh2;

const MAX_REPLY_BYTES = 1024 * 1024;
const PASSPHRASE_TRIES = 3;

export class SshConnection {
  readonly client: Client;
  readonly target: SshTarget;
  readonly hostKey: HostKey;
  /** Our address on the link to the first hop: usually one the remote side can reach too. */
  readonly localAddress: string | null;
  private readonly hops: Client[];

  private constructor(client: Client, target: SshTarget, hostKey: HostKey, localAddress: string | null, hops: Client[]) {
    this.client = client;
    this.target = target;
    this.hostKey = hostKey;
    this.localAddress = localAddress;
    this.hops = hops;
  }

  static async open(target: SshTarget, opts: ConnectOptions): Promise<SshConnection> {
    const hops: Client[] = [];
    try {
      let sock: Readable | undefined;
      let localAddress: string | null = null;
      for (const hop of [...target.jumps, target]) {
        if (hops.length > 0) sock = await forwardOut(hops.at(-1)!, hop);
        const { client, hostKey } = await connectOne(hop, sock, opts);
        if (hops.length === 0) localAddress = (client as unknown as { _sock?: { localAddress?: string } })._sock?.localAddress ?? null;
        hops.push(client);
        if (hop === target) return new SshConnection(client, target, hostKey, localAddress, hops.slice(0, -1));
      }
      throw new Error('unreachable');
    } catch (err) {
      for (const c of hops.reverse()) c.end();
      throw err;
    }
  }

  /** Runs a POSIX sh script (whatever the login shell is), with optional stdin. */
  run(script: string, opts: { stdin?: ReadStream | Buffer; timeoutMs?: number } = {}): Promise<RunResult> {
    return new Promise((resolve, reject) => {
      this.client.exec(`/bin/sh -c ${quote(script)}`, (err, channel) => {
        if (err) return reject(new SshError('protocol', `the server refused to run a command: ${err.message}`));
        collect(channel, opts.timeoutMs ?? 60_000, resolve, reject);
        if (Buffer.isBuffer(opts.stdin)) channel.end(opts.stdin);
        else if (opts.stdin) (opts.stdin as ReadStream).pipe(channel);
        else channel.end();
      });
    });
  }

  /** Runs exactly `command` through the login shell: for the clean-shell check. */
  runRaw(command: string, timeoutMs = 30_000): Promise<RunResult> {
    return new Promise((resolve, reject) => {
      this.client.exec(command, (err, channel) => {
        if (err) return reject(new SshError('protocol', `the server refused to run a command: ${err.message}`));
        collect(channel, timeoutMs, resolve, reject);
        channel.end();
      });
    });
  }

  close(): void {
    this.client.end();
    for (const hop of this.hops.reverse()) hop.end();
  }
}

function collect(channel: ClientChannel, timeoutMs: number, resolve: (r: RunResult) => void, reject: (e: Error) => void): void {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  let size = 0;
  let code: number | null = null;
  let signal: string | null = null;
  const timer = setTimeout(() => {
    channel.close();
    reject(new SshError('protocol', `a remote command did not finish within ${Math.round(timeoutMs / 1000)} s`));
  }, timeoutMs);
  const take = (into: Buffer[]) => (d: Buffer) => {
    size += d.length;
    if (size > MAX_REPLY_BYTES) {
      channel.close();
      return;
    }
    into.push(d);
  };
  channel.on('data', take(out));
  channel.stderr.on('data', take(err));
  channel.on('exit', (c: number | null, s?: string) => {
    code = c;
    signal = s ?? null;
  });
  channel.on('close', () => {
    clearTimeout(timer);
    if (size > MAX_REPLY_BYTES) return reject(new SshError('protocol', `a remote command printed more than ${MAX_REPLY_BYTES} bytes`));
    resolve({ code, signal, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
  });
}

/** Signature algorithms for the key types known_hosts has (an RSA key signs with SHA-2 first). */
function hostKeyAlgorithms(types: string[]): ServerHostKeyAlgorithm[] {
  const supported: Record<string, ServerHostKeyAlgorithm[]> = {
    'ssh-ed25519': ['ssh-ed25519'],
    'ecdsa-sha2-nistp256': ['ecdsa-sha2-nistp256'],
    'ecdsa-sha2-nistp384': ['ecdsa-sha2-nistp384'],
    'ecdsa-sha2-nistp521': ['ecdsa-sha2-nistp521'],
    'ssh-rsa': ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'],
  };
  return types.flatMap((t) => supported[t] ?? []);
}

function forwardOut(via: Client, to: SshTarget): Promise<Readable> {
  return new Promise((resolve, reject) => {
    via.forwardOut('127.0.0.1', 0, to.hostName, to.port, (err, stream) => {
      if (err) reject(new SshError('network', `the jump host could not open a connection to ${to.hostName}:${to.port}: ${err.message}`));
      else resolve(stream);
    });
  });
}

function connectOne(target: SshTarget, sock: Readable | undefined, opts: ConnectOptions): Promise<{ client: Client; hostKey: HostKey }> {
  const client = new ssh2.Client();
  const name = knownHostsName(target.hostKeyName, target.port);
  const where = `${target.user}@${target.hostName}:${target.port}`;
  let refusal: SshError | null = null;
  let hostKey: HostKey | null = null;
  const tried: string[] = [];
  const knownTypes = opts.knownHosts.knownTypes(name);
  const config: ConnectConfig = {
    host: target.hostName,
    port: target.port,
    username: target.user,
    // ssh2's ready timeout also covers authentication, where a person may be typing a
    // passphrase: the handshake has its own timer below, the prompts their own limit.
    readyTimeout: opts.readyTimeoutMs + PROMPT_ALLOWANCE_MS,
    keepaliveInterval: 15_000,
    keepaliveCountMax: 4,
    ...(sock ? { sock } : {}),
    hostVerifier: (blob: Buffer) => {
      try {
        hostKey = hostKeyFromBlob(blob);
      } catch (err) {
        refusal = new SshError('protocol', `${where}: ${(err as Error).message}`);
        return false;
      }
      const verdict = opts.knownHosts.check(name, hostKey);
      if (verdict.status === 'trusted') return true;
      if (verdict.status === 'revoked') {
        refusal = new SshError('host_key', `the host key of ${name} (${hostKey.type} ${hostKey.fingerprint}) is marked @revoked in ${verdict.file}:${verdict.line}; refusing to connect`);
      } else if (verdict.status === 'unknown') {
        refusal = new SshError('host_key', `the host key of ${name} is not known: ${hostKey.type} ${hostKey.fingerprint}. Compare it with \`ssh-keygen -lf /etc/ssh/ssh_host_${hostKey.type.replace(/^ssh-|-.*$/g, '')}_key.pub\` on the host, then approve it`, { name, key: hostKey, status: 'unknown', known: [] });
      } else {
        const known = verdict.known.map((k) => `${k.type} ${k.fingerprint} (${k.file}:${k.line})`).join(', ');
        refusal = new SshError('host_key', `WARNING: the host key of ${name} has CHANGED: it is now ${hostKey.type} ${hostKey.fingerprint}, known as ${known}. Someone may be intercepting the connection, or the host was reinstalled; approve the new key only if you know why it changed`, { name, key: hostKey, status: 'changed', known: verdict.known });
      }
      return false;
    },
    authHandler: authSequence(target, opts.prompt, tried, where),
  };
  const preferred = hostKeyAlgorithms(knownTypes);
  if (preferred.length > 0) config.algorithms = { serverHostKey: { prepend: preferred, append: [], remove: [] } };
  return new Promise((resolve, reject) => {
    const fail = (err: Error) => {
      clearTimeout(handshakeTimer);
      client.end();
      reject(err);
    };
    const handshakeTimer = setTimeout(() => fail(new SshError('network', `no SSH handshake with ${target.hostName}:${target.port} within ${Math.round(opts.readyTimeoutMs / 1000)} s: is that an SSH server?`)), opts.readyTimeoutMs);
    client.once('handshake', () => clearTimeout(handshakeTimer));
    client.once('ready', () => {
      clearTimeout(handshakeTimer);
      client.removeAllListeners('error');
      client.on('error', () => undefined); // later errors surface on the calls that hit them
      resolve({ client, hostKey: hostKey! });
    });
    client.once('error', (err: Error & { level?: string; code?: string }) => {
      if (refusal) return fail(refusal);
      if (err.level === 'client-authentication') {
        return fail(new SshError('auth', `authentication failed for ${where}; tried ${tried.length > 0 ? tried.join(', ') : 'nothing (no ssh-agent, no key files)'}. Add your public key to the host's ~/.ssh/authorized_keys, or name the key with IdentityFile in ~/.ssh/config`));
      }
      if (err.level === 'client-timeout') return fail(new SshError('network', `no SSH handshake with ${target.hostName}:${target.port} within ${Math.round(opts.readyTimeoutMs / 1000)} s: is that an SSH server?`));
      if (err.code === 'ECONNREFUSED') return fail(new SshError('network', `nothing listens on ${target.hostName}:${target.port} (connection refused): is sshd running, and is the port right?`));
      if (err.code === 'ENOTFOUND' || err.code === 'EAI_AGAIN') return fail(new SshError('network', `the host name ${target.hostName} does not resolve (${err.code})`));
      if (err.code === 'EHOSTUNREACH' || err.code === 'ENETUNREACH' || err.code === 'ETIMEDOUT') return fail(new SshError('network', `${target.hostName}:${target.port} cannot be reached (${err.code}): check the address and any firewall`));
      fail(new SshError('network', `SSH connection to ${target.hostName}:${target.port} failed: ${err.message}`));
    });
    try {
      client.connect(config);
    } catch (err) {
      fail(new SshError('protocol', `cannot connect to ${where}: ${(err as Error).message}`));
    }
  });
}

/**
 * OpenSSH's order: ssh-agent keys, then key files (asking for passphrases), then
 * keyboard-interactive, then password. Only methods the server still accepts are tried.
 */
function authSequence(target: SshTarget, prompt: Prompter, tried: string[], where: string): AuthHandlerMiddleware {
  const explicit = target.identityFiles.length > 0;
  const files = (explicit ? target.identityFiles : defaultIdentityFiles()).filter((f) => existsSync(f) || (explicit && (tried.push(`${f} (missing)`), false)));
  const steps: (() => Promise<AnyAuthMethod | null>)[] = [];
  if (target.agentSocket && !target.identitiesOnly) {
    steps.push(async () => (tried.push(`ssh-agent ${target.agentSocket}`), { type: 'agent', username: target.user, agent: target.agentSocket! }));
  }
  for (const file of files) steps.push(() => keyFileMethod(file, target.user, prompt, tried));
  steps.push(async () => {
    tried.push('keyboard-interactive');
    return {
      type: 'keyboard-interactive',
      username: target.user,
      prompt: (name, instructions, _lang, prompts, finish) => {
        if (prompts.length === 0) return finish([]);
        prompt({ kind: 'keyboard-interactive', title: name || where, instructions, questions: prompts.map((p) => ({ text: p.prompt, echo: p.echo ?? false })) }).then(finish, () => finish([]));
      },
    };
  });
  steps.push(async () => {
    tried.push('password');
    const [password] = await prompt({ kind: 'password', title: where, instructions: '', questions: [{ text: `Password for ${where}:`, echo: false }] });
    return { type: 'password', username: target.user, password: password ?? '' };
  });
  const methodOf = (step: number): AuthenticationType[] => {
    const kinds = [...(target.agentSocket && !target.identitiesOnly ? ['agent'] : []), ...files.map(() => 'publickey'), 'keyboard-interactive', 'password'];
    return [kinds[step] === 'agent' ? 'publickey' : kinds[step]] as AuthenticationType[];
  };
  let cursor = 0;
  // ssh2 takes `false` for "no more methods"; its typings miss that.
  return (methodsLeft: AuthenticationType[] | null, _partial: boolean | null, next: (m: AnyAuthMethod | AuthenticationType) => void): void => {
    const callback = next as (m: AnyAuthMethod | false) => void;
    void (async () => {
      while (cursor < steps.length) {
        const index = cursor++;
        if (methodsLeft && !methodsLeft.includes(methodOf(index)[0]!)) continue;
        try {
          const method = await steps[index]!();
          if (method) return callback(method);
        } catch {
          return callback(false); // the engineer cancelled a prompt
        }
      }
      callback(false);
    })();
  };
}

async function keyFileMethod(file: string, username: string, prompt: Prompter, tried: string[]): Promise<AnyAuthMethod | null> {
  let data: Buffer;
  try {
    data = readFileSync(file);
  } catch (err) {
    tried.push(`${file} (unreadable: ${(err as NodeJS.ErrnoException).code})`);
    return null;
  }
  let parsed = utils.parseKey(data);
  for (let attempt = 1; parsed instanceof Error && /encrypted|passphrase/i.test(parsed.message) && attempt <= PASSPHRASE_TRIES; attempt++) {
    const [passphrase] = await prompt({
      kind: 'passphrase',
      title: file,
      instructions: attempt > 1 ? 'Wrong passphrase, try again.' : '',
      questions: [{ text: `Passphrase for key ${file}:`, echo: false }],
    });
    parsed = utils.parseKey(data, passphrase ?? '');
  }
  if (parsed instanceof Error) {
    tried.push(`${file} (${/encrypted|passphrase|decrypt/i.test(parsed.message) ? 'wrong passphrase' : `unusable: ${parsed.message}`})`);
    return null;
  }
  tried.push(file);
  return { type: 'publickey', username, key: Array.isArray(parsed) ? parsed[0]! : parsed };
}
