// Which agents are connected, and whether they are online, unresponsive or offline.
import { MISSED_BEATS_LIMIT, ProtocolError, type HeartbeatMessage, type HelloMessage } from '../../agent/protocol.ts';
import type { AgentDto, AgentStatus } from '../../preload/api.ts';
import type { EventHub } from '../events.ts';
import type { Logger } from '../observe/log.ts';
import type { Metrics } from '../observe/metrics.ts';
import type { StoredAgent } from '../store/agent-repo.ts';
import type { Store } from '../store/store.ts';
import { StoreUnavailableError } from '../store/store-writer.ts';
import type { AgentSession } from './agent-session.ts';
import type { Disposable } from '../base/disposable.ts';

const WATCH_DEBOUNCE_MS = 500;

export class AgentRegistry implements Disposable {
  private readonly sessions = new Map<string, AgentSession>();
  private readonly status = new Map<string, AgentStatus>();
  /** Statuses the store could not take yet (the map above is what counts; the table follows). */
  private readonly unsaved = new Map<string, { status: AgentStatus; at: number }>();
  private readonly unsavedHellos = new Map<string, { hello: HelloMessage; at: number }>();
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
    const before = this.recordHello(hello);
    this.sessions.set(hello.agent_id, session);
    this.status.set(hello.agent_id, 'online');
    const restarted = before !== null && before.bootId !== hello.boot_id;
    if (before !== null && !restarted) this.metrics.reconnects.inc();
    this.log.info({ agent_id: hello.agent_id, remote: session.remote, version: hello.version, kill_mode: hello.kill_mode, limit_modes: hello.limit_modes, restarted }, 'agent connected');
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
    // Queued behind the output, not waited for: the event goes out once the beat is stored.
    const load = { load: beat.load, mem_free: beat.mem_free, mem_total: beat.mem_total, uptime_s: beat.uptime_s };
    this.store.writer.write([{ t: 'heartbeat', agentId, load, at: Date.now() }], () => this.publish(agentId));
    if (this.status.get(agentId) !== 'online') this.setStatus(agentId, 'online');
  }

  sessionFor(agentId: string): AgentSession | undefined {
    const session = this.sessions.get(agentId);
    return session?.active ? session : undefined;
  }

  /** Asks the agent to report changes to `paths`; false when it is not connected. */
  watch(agentId: string, watchId: string, paths: string[]): boolean {
    const session = this.sessionFor(agentId);
    session?.send({ t: 'watch', watch_id: watchId, paths, debounce_ms: WATCH_DEBOUNCE_MS });
    return session !== undefined;
  }

  unwatch(agentId: string, watchId: string): void {
    this.sessionFor(agentId)?.send({ t: 'unwatch', watch_id: watchId });
  }

  /** Deletes a per-job TMPDIR on the agent (if it is connected). */
  purgeTmp(agentId: string, tmpdir: string): void {
    this.sessionFor(agentId)?.send({ t: 'purge_tmp', tmpdir });
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
    return this.store.agents.list((id) => running.get(id) ?? 0).map((agent) => this.current(agent));
  }

  /** Emits the agent's current record to subscribers. */
  publish(agentId: string): void {
    const agent = this.store.agents.get(agentId, this.store.commands.countRunning().get(agentId) ?? 0);
    if (agent) this.events.emit({ type: 'agent', agent: this.current(agent) });
  }

  /** The status this registry knows is current, even when the table has not caught up yet. */
  private current(agent: AgentDto): AgentDto {
    return { ...agent, status: this.statusOf(agent.agent_id) };
  }

  dispose(): void {
    clearInterval(this.ticker);
    for (const session of this.sessions.values()) session.destroy();
    this.sessions.clear();
  }

  private setStatus(agentId: string, status: AgentStatus): void {
    this.status.set(agentId, status);
    this.unsaved.set(agentId, { status, at: Date.now() });
    this.saveStatuses();
    this.publish(agentId);
  }

  /** Records a connecting agent (later, if the store refuses writes now); returns what was known before. */
  private recordHello(hello: HelloMessage): StoredAgent | null {
    this.unsaved.delete(hello.agent_id); // the row is written as online
    try {
      const before = this.store.agents.connected(hello, Date.now());
      this.unsavedHellos.delete(hello.agent_id);
      return before;
    } catch (err) {
      if (!(err instanceof StoreUnavailableError)) throw err;
      this.unsavedHellos.set(hello.agent_id, { hello, at: Date.now() });
      return this.store.agents.find(hello.agent_id);
    }
  }

  /** Writes the statuses not stored yet; what the store refuses is tried again on the next tick. */
  private saveStatuses(): void {
    for (const [agentId, { hello, at }] of this.unsavedHellos) {
      if (!this.tolerate(() => this.store.agents.connected(hello, at))) return;
      this.unsavedHellos.delete(agentId);
    }
    for (const [agentId, { status, at }] of this.unsaved) {
      if (!this.tolerate(() => this.store.agents.setStatus(agentId, status, at))) return;
      this.unsaved.delete(agentId);
    }
  }

  /** Runs a store write that may wait for the store to work again; false when it failed. */
  private tolerate(write: () => void): boolean {
    try {
      write();
      return true;
    } catch (err) {
      if (!(err instanceof StoreUnavailableError)) throw err;
      this.log.debug({ err: err.message }, 'agent status not stored yet');
      return false;
    }
  }

  /** An agent silent for three beats is unresponsive; it is offline only once its socket closes. */
  private checkSilence(): void {
    this.saveStatuses();
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
