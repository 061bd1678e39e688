// Which agents are connected, and whether they are online, unresponsive or offline.
import { MISSED_BEATS_LIMIT, ProtocolError, type HeartbeatMessage, type HelloMessage } from '../../agent/protocol.ts';
import type { AgentDto, AgentStatus } from '../../preload/api.ts';
import type { EventHub } from '../events.ts';
import type { Logger } from '../observe/log.ts';
import type { Metrics } from '../observe/metrics.ts';
import type { Store } from '../store/store.ts';
import type { AgentSession } from './agent-session.ts';
import type { Disposable } from '../base/disposable.ts';

export class AgentRegistry implements Disposable {
  private readonly sessions = new Map<string, AgentSession>();
  private readonly status = new Map<string, AgentStatus>();
  private readonly store: Store;
  private readonly events: EventHub;
  private readonly log: Logger;
  readonly heartbeatMs: number;
  private readonly ticker: NodeJS.Timeout;
  private readonly metrics: Metrics;

  constructor(store: Store, events: EventHub, log: Logger, heartbeatMs: number, metrics: Metrics) {
    this.store = store;
    this.metrics = metrics;
    this.events = events;
    this.log = log;
    this.heartbeatMs = heartbeatMs;
    store.agents.markAllOffline(Date.now());
    this.ticker = setInterval(() => this.checkSilence(), Math.min(1000, heartbeatMs));
  }

  /**
   * Registers a connecting agent. A second connection for an agent that is online is refused
   * (its identity is in use); one that replaces an unresponsive session takes over.
   * Returns whether the agent process restarted since it was last seen.
   */
  attach(session: AgentSession, hello: HelloMessage): boolean {
    const existing = this.sessions.get(hello.agent_id);
    if (existing && existing !== session) {
      if (this.status.get(hello.agent_id) === 'online') {
        throw new ProtocolError('duplicate_agent', `agent "${hello.agent_id}" is already connected from ${existing.remote}`);
      }
      this.log.warn({ agent_id: hello.agent_id, old: existing.remote, new: session.remote }, 'replacing an unresponsive session');
      this.sessions.delete(hello.agent_id);
      existing.destroy();
    }
    const before = this.store.agents.connected(hello, Date.now());
    this.sessions.set(hello.agent_id, session);
    this.status.set(hello.agent_id, 'online');
    const restarted = before !== null && before.bootId !== hello.boot_id;
    if (before !== null && !restarted) this.metrics.reconnects.inc();
    this.log.info({ agent_id: hello.agent_id, remote: session.remote, version: hello.version, kill_mode: hello.kill_mode, restarted }, 'agent connected');
    this.publish(hello.agent_id);
    return restarted;
  }

  detach(session: AgentSession): void {
    const agentId = session.agentId;
    if (!agentId || this.sessions.get(agentId) !== session) return;
    this.sessions.delete(agentId);
    this.setStatus(agentId, 'offline');
    this.log.info({ agent_id: agentId }, 'agent disconnected');
  }

  heartbeat(session: AgentSession, beat: HeartbeatMessage): void {
    const agentId = session.agentId!;
    this.store.agents.heartbeat(agentId, { load: beat.load, mem_free: beat.mem_free, mem_total: beat.mem_total, uptime_s: beat.uptime_s }, Date.now());
    if (this.status.get(agentId) !== 'online') this.setStatus(agentId, 'online');
    else this.publish(agentId);
  }

  sessionFor(agentId: string): AgentSession | undefined {
    const session = this.sessions.get(agentId);
    return session?.active ? session : undefined;
  }

  /** Agents connected and responsive now. */
  onlineCount(): number {
    let n = 0;
    for (const status of this.status.values()) if (status === 'online') n++;
    return n;
  }

  statusOf(agentId: string): AgentStatus {
    return this.status.get(agentId) ?? 'offline';
  }

  list(): AgentDto[] {
    const running = this.store.commands.countRunning();
    return this.store.agents.list((id) => running.get(id) ?? 0);
  }

  /** Emits the agent's current record to subscribers. */
  publish(agentId: string): void {
    const agent = this.store.agents.get(agentId, this.store.commands.countRunning().get(agentId) ?? 0);
    if (agent) this.events.emit({ type: 'agent', agent });
  }

  dispose(): void {
    clearInterval(this.ticker);
    for (const session of this.sessions.values()) session.destroy();
    this.sessions.clear();
  }

  private setStatus(agentId: string, status: AgentStatus): void {
    this.status.set(agentId, status);
    this.store.agents.setStatus(agentId, status, Date.now());
    this.publish(agentId);
  }

  /** An agent silent for three beats is unresponsive; it is offline only once its socket closes. */
  private checkSilence(): void {
    const now = Date.now();
    for (const [agentId, session] of this.sessions) {
      const silentMs = now - session.lastHeard;
      const silent = silentMs > this.heartbeatMs * MISSED_BEATS_LIMIT;
      const status = this.status.get(agentId);
      if (silentMs > this.heartbeatMs * MISSED_BEATS_LIMIT * 4) {
        // Half-open for good: close it, so the agent counts as offline (and can reconnect).
        this.log.warn({ agent_id: agentId, silent_ms: silentMs }, 'closing a connection silent for too long');
        session.destroy();
        continue;
      }
      if (silent && status === 'online') {
        this.log.warn({ agent_id: agentId, silent_ms: now - session.lastHeard }, 'agent unresponsive');
        this.metrics.heartbeatsMissed.inc();
        this.setStatus(agentId, 'unresponsive');
      } else if (!silent && status === 'unresponsive') {
        this.setStatus(agentId, 'online');
      }
    }
  }
}
