// Who may be an agent. An agent proves an identity on every connection: a client certificate
// this master issued (CN = agent_id), or its own key (signature over the TLS session) that an
// operator approves, or that the allowlist accepts. States as in Salt: pending, accepted,
// rejected, and denied when a known agent_id shows up with another key.
import { isIP } from 'node:net';
import { ProtocolError } from '../../agent/protocol.ts';
import type { Logger } from '../observe/log.ts';
import type { Store } from '../store/store.ts';

export type Presented =
  | { kind: 'certificate'; cn: string; fingerprint: string; expiresAt: number }
  | { kind: 'key'; fingerprint: string }
  /** --insecure: plain TCP, nobody is identified. */
  | { kind: 'none' };

export interface AllowRule {
  kind: 'ip' | 'host' | 'cn';
  value: string;
}

export function parseAllowRule(text: string): AllowRule {
  const match = /^(ip|host|cn):(.+)$/.exec(text);
  if (!match) throw new Error(`allowlist entry ${JSON.stringify(text)} must be ip:CIDR, host:NAME or cn:AGENT_ID (* allowed in names)`);
  const rule = { kind: match[1] as AllowRule['kind'], value: match[2]! };
  if (rule.kind === 'ip') {
    const [addr, bits] = rule.value.split('/');
    if (isIP(addr ?? '') !== 4 || (bits !== undefined && !(Number(bits) >= 0 && Number(bits) <= 32))) throw new Error(`allowlist entry ${JSON.stringify(text)}: only IPv4 CIDRs (a.b.c.d/n) are supported`);
  }
  return rule;
}

export class Enrolment {
  private readonly store: Store;
  private readonly allow: AllowRule[];
  private readonly log: Logger;

  constructor(store: Store, allow: AllowRule[], log: Logger) {
    this.store = store;
    this.allow = allow;
    this.log = log;
  }

  /** Admits the agent (returns) or refuses it with the reason (throws ProtocolError). */
  admit(agentId: string, presented: Presented, remoteIp: string, hostname: string): void {
    if (presented.kind === 'none') return;
    const record = this.store.agents.enrolmentOf(agentId);
    if (presented.kind === 'certificate' && presented.cn !== agentId) {
      throw new ProtocolError('identity_mismatch', `the certificate is for "${presented.cn}" but the agent says it is "${agentId}"`);
    }
    if (record?.enrolment === 'rejected') throw new ProtocolError('rejected', `agent "${agentId}" was rejected by an operator`);
    if (record && record.keyFingerprint && presented.fingerprint !== record.keyFingerprint) {
      if (presented.fingerprint === record.nextFingerprint) {
        this.store.agents.promoteKey(agentId);
      } else {
        this.store.agents.deny(agentId, presented.fingerprint, remoteIp);
        this.store.audit.record('master', 'agent.denied', agentId, { expected: record.keyFingerprint, presented: presented.fingerprint, remote_ip: remoteIp });
        this.log.warn({ agent_id: agentId, expected: record.keyFingerprint, presented: presented.fingerprint, remote_ip: remoteIp }, 'agent identity reused with another key');
        throw new ProtocolError('denied', `agent "${agentId}" is enrolled with key ${record.keyFingerprint}; this connection presented ${presented.fingerprint}`);
      }
    }
    if (presented.kind === 'certificate') {
      // Issued by this master: accepted (the key is pinned if this is its first connection).
      if (!record?.keyFingerprint) this.store.agents.enrol(agentId, 'accepted', presented.fingerprint, remoteIp, hostname);
      this.store.agents.certificateSeen(agentId, presented.expiresAt);
      return;
    }
    // No record, or one from before keys were pinned (--insecure era): this key is new to us.
    if (!record || !record.keyFingerprint) {
      const allowed = this.allowedBy(agentId, remoteIp, hostname);
      this.store.agents.enrol(agentId, allowed ? 'accepted' : 'pending', presented.fingerprint, remoteIp, hostname);
      this.store.audit.record('master', allowed ? 'agent.accepted' : 'agent.pending', agentId, { fingerprint: presented.fingerprint, remote_ip: remoteIp, hostname, rule: allowed ? `${allowed.kind}:${allowed.value}` : null });
      if (allowed) return;
    } else if (record.enrolment !== 'pending') {
      return;
    }
    throw new ProtocolError('pending', `agent "${agentId}" (key ${presented.fingerprint}) waits for approval: accept it in the Agents screen or POST /api/agents/${agentId}/accept`);
  }

  private allowedBy(agentId: string, ip: string, hostname: string): AllowRule | undefined {
    return this.allow.find((rule) => (rule.kind === 'ip' ? inCidr(ip, rule.value) : glob(rule.value).test(rule.kind === 'host' ? hostname : agentId)));
  }
}

function glob(pattern: string): RegExp {
  return new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, 'i');
}

function inCidr(ip: string, cidr: string): boolean {
  const v4 = ip.replace(/^::ffff:/, '');
  if (isIP(v4) !== 4) return false;
  const [base, bitsText] = cidr.split('/');
  const bits = bitsText === undefined ? 32 : Number(bitsText);
  const toInt = (a: string): number => a.split('.').reduce((n, part) => (n << 8) + Number(part), 0) >>> 0;
  const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
  return (toInt(v4) & mask) === (toInt(base!) & mask);
}
