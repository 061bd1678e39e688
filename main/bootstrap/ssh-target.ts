// Where and how to connect, as OpenSSH would: the host name the engineer typed is looked up in
// ~/.ssh/config (Host aliases, HostName, User, Port, IdentityFile, ProxyJump, HostKeyAlias,
// IdentityAgent, IdentitiesOnly); explicit request fields win over the file.
import { readFileSync } from 'node:fs';
import { homedir, userInfo } from 'node:os';
import { join } from 'node:path';
import SSHConfig from 'ssh-config';

export interface SshTarget {
  /** What the engineer typed (an alias or a real name). */
  alias: string;
  hostName: string;
  port: number;
  user: string;
  /** Key files to offer, in order; empty means the OpenSSH defaults that exist. */
  identityFiles: string[];
  identitiesOnly: boolean;
  /** ssh-agent socket (IdentityAgent, else SSH_AUTH_SOCK); null: none. */
  agentSocket: string | null;
  /** The name host keys are recorded under (HostKeyAlias, else HostName). */
  hostKeyName: string;
  /** Hops to go through first, outermost first (ProxyJump). */
  jumps: SshTarget[];
}

export interface TargetOverrides {
  user?: string;
  port?: number;
}

const DEFAULT_IDENTITIES = ['id_ed25519', 'id_ecdsa', 'id_rsa'];
const MAX_JUMPS = 4;

export class SshConfigFile {
  readonly path: string;
  private readonly agentSocket: string | null;

  constructor(path: string, agentSocket: string | null) {
    this.path = path;
    this.agentSocket = agentSocket;
  }

  resolve(alias: string, overrides: TargetOverrides = {}, depth = 0): SshTarget {
    if (depth > MAX_JUMPS) throw new Error(`ProxyJump chain for "${alias}" is longer than ${MAX_JUMPS} hops (a loop in ${this.path}?)`);
    const computed = this.load()?.compute(alias, { matchExec: false }) ?? {};
    const one = (key: string): string | undefined => {
      const value = computed[key];
      return Array.isArray(value) ? value[0] : value;
    };
    const many = (key: string): string[] => {
      const value = computed[key];
      return value === undefined ? [] : Array.isArray(value) ? value : [value];
    };
    const portText = one('Port');
    const port = overrides.port ?? (portText === undefined ? 22 : Number(portText));
    if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`Port ${JSON.stringify(portText)} for "${alias}" in ${this.path} is not a port number`);
    const user = overrides.user ?? one('User') ?? userInfo().username;
    const hostName = expandTokens(one('HostName') ?? alias, { h: alias, n: alias, r: user, p: String(port) });
    const jump = one('ProxyJump');
    const jumps = jump === undefined || jump.toLowerCase() === 'none' ? [] : jump.split(',').map((hop) => this.resolve(...parseHop(hop.trim()), depth + 1));
    const agent = one('IdentityAgent');
    return {
      alias,
      hostName,
      port,
      user,
      identityFiles: many('IdentityFile').map((f) => expandTokens(f, { h: hostName, n: alias, r: user, p: String(port) })),
      identitiesOnly: one('IdentitiesOnly')?.toLowerCase() === 'yes',
      agentSocket: agent === undefined ? this.agentSocket : agent.toLowerCase() === 'none' ? null : agent === 'SSH_AUTH_SOCK' ? this.agentSocket : expandTokens(agent, {}),
      hostKeyName: one('HostKeyAlias') ?? hostName,
      jumps: jumps.flatMap((j) => [...j.jumps, { ...j, jumps: [] }]),
    };
  }

  /**
   * The Host aliases the file names (patterns with *, ? or ! are not hosts), each resolved as
   * a bootstrap would resolve it; for suggestions in the Bootstrap dialog.
   */
  hosts(): { alias: string; host_name: string; user: string; port: number }[] {
    const seen = new Set<string>();
    const out: { alias: string; host_name: string; user: string; port: number }[] = [];
    for (const line of this.load() ?? []) {
      if (!('param' in line) || line.param.toLowerCase() !== 'host') continue;
      const values = Array.isArray(line.value) ? line.value.map((v) => v.val) : String(line.value).split(/\s+/);
      for (const alias of values) {
        if (!alias || /[*?!]/.test(alias) || seen.has(alias)) continue;
        seen.add(alias);
        try {
          const t = this.resolve(alias);
          out.push({ alias, host_name: t.hostName, user: t.user, port: t.port });
        } catch {
          continue; // a broken entry (e.g. a ProxyJump loop) is not suggested
        }
      }
    }
    return out;
  }

  private load(): SSHConfig | null {
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch {
      return null; // no ~/.ssh/config: every name is taken as it is
    }
    return SSHConfig.parse(text);
  }
}

/** The key files to try when the config names none: the OpenSSH defaults. */
export function defaultIdentityFiles(): string[] {
  return DEFAULT_IDENTITIES.map((name) => join(homedir(), '.ssh', name));
}

/** `[user@]host[:port]` of a ProxyJump hop. */
function parseHop(hop: string): [string, TargetOverrides] {
  const match = /^(?:([^@]+)@)?(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(hop);
  if (!match) throw new Error(`ProxyJump hop ${JSON.stringify(hop)} is not [user@]host[:port]`);
  return [match[2]!.replace(/^\[|\]$/g, ''), { ...(match[1] ? { user: match[1] } : {}), ...(match[3] ? { port: Number(match[3]) } : {}) }];
}

/** ~ and the %-tokens OpenSSH expands in HostName, IdentityFile and IdentityAgent. */
function expandTokens(value: string, tokens: Record<string, string>): string {
  const withHome = value.replace(/^~(?=\/|$)/, homedir());
  return withHome.replace(/%([%dhnrpu])/g, (_m, t: string) => (t === '%' ? '%' : t === 'd' ? homedir() : t === 'u' ? userInfo().username : (tokens[t] ?? `%${t}`)));
}
