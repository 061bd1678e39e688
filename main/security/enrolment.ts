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

/** How many strangers may wait for approval, and how fast new ones may arrive. */
export interface EnrolmentLimits {
  /** Agents waiting for approval at most; the oldest are forgotten beyond it. */
  maxPending: number;
  /** New identities waiting for approval per source address and minute. */
  newIdentitiesPerMinute: number;
}

const MINUTE_MS = 60_000;
/** Addresses tracked for the rate limit before the stale ones are pruned. */
const TRACKED_ADDRESSES = 10_000;

export class Enrolment {
  private readonly store: Store;
  private readonly allow: AllowRule[];
  private readonly log: Logger;
  private readonly limits: EnrolmentLimits;
  /** Per source address: when its recent new identities arrived (within the last minute). */
  private readonly arrivals = new Map<string, number[]>();

  constructor(store: Store, allow: AllowRule[], log: Logger, limits: EnrolmentLimits) {
    this.store = store;
    this.allow = allow;
    this.log = log;
    this.limits = limits;
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
      if (!allowed) this.makeRoomForStranger(remoteIp);
      this.store.agents.enrol(agentId, allowed ? 'accepted' : 'pending', presented.fingerprint, remoteIp, hostname);
      this.store.audit.record('master', allowed ? 'agent.accepted' : 'agent.pending', agentId, { fingerprint: presented.fingerprint, remote_ip: remoteIp, hostname, rule: allowed ? `${allowed.kind}:${allowed.value}` : null });
      if (allowed) return;
    } else if (record.enrolment !== 'pending') {
      return;
    }
    throw new ProtocolError('pending', `agent "${agentId}" (key ${presented.fingerprint}) waits for approval: accept it in the Agents screen or POST /api/agents/${agentId}/accept`);
  }

  /** Throws when the address sent too many new identities lately; expires the oldest waiting ones. */
  private makeRoomForStranger(ip: string): void {
    const now = Date.now();
    const recent = (this.arrivals.get(ip) ?? []).filter((at) => now - at < MINUTE_MS);
    if (recent.length >= this.limits.newIdentitiesPerMinute) {
      this.arrivals.set(ip, recent);
      throw new ProtocolError('rate_limited', `more than ${this.limits.newIdentitiesPerMinute} new agent identities a minute from ${ip}; try again later`);
    }
    recent.push(now);
    this.arrivals.set(ip, recent);
    if (this.arrivals.size > TRACKED_ADDRESSES) {
      for (const [address, times] of this.arrivals) if (now - times[times.length - 1]! >= MINUTE_MS) this.arrivals.delete(address);
    }
    for (const expired of this.store.agents.expirePending(this.limits.maxPending - 1)) {
      this.store.audit.record('master', 'agent.pending_expired', expired, { reason: `more than ${this.limits.maxPending} agents waiting for approval; the oldest is forgotten` });
    }
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
