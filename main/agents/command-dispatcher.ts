// Commands from creation to their final state: sends EXEC/KILL, stores output exactly once and
// in order, acknowledges only what is committed, and reconciles after any reconnect or restart.
// Output, endings and starts are queued to the store's writer thread in order; everything that
// depends on them being stored (acks, DONE_ACKs, events, the job engine) waits for the commit.
import { randomUUID } from 'node:crypto';
import { MAX_HEADER_BYTES, STREAMS, type CommandEnding, type CommandReport, type DoneMessage, type ExecSpec, type OutputMessage, type StreamName, type WelcomeBody } from '../../agent/protocol.ts';
import type { CommandDto, CommandState, NewCommand } from '../../preload/api.ts';
import { ApiError } from '../base/errors.ts';
import type { EventHub } from '../events.ts';
import type { Logger } from '../observe/log.ts';
import type { Metrics } from '../observe/metrics.ts';
import { TERMINAL_STATES, type CommandEnd } from '../store/command-repo.ts';
import { SecretBox } from '../security/secret-box.ts';
import type { Store } from '../store/store.ts';
import { StoreUnavailableError } from '../store/store-writer.ts';
import type { WriteOp } from '../store/writer-protocol.ts';
import type { AgentRegistry } from './agent-registry.ts';
import type { AgentSession } from './agent-session.ts';
import type { Disposable } from '../base/disposable.ts';

export interface DispatcherOptions {
  metrics: Metrics;
  /** Seals secret env values before they are stored; opens them only to send an EXEC. */
  secrets: SecretBox;
  killGraceMs: number;
  /** A running command whose agent stays offline this long is declared lost. */
  lostAfterMs: number;
}

/** What follows each queued write once it is committed. */
type PendingOp =
  /** The bytes travel to the writer and come back with the commit; only their length stays. */
  | { kind: 'chunk'; session: AgentSession; cmdId: string; stream: StreamName; offset: number; length: number; data: Buffer | null }
  /** A pure duplicate: acked at `offset` once everything before it is committed. */
  | { kind: 'ack'; session: AgentSession; cmdId: string; stream: StreamName; offset: number }
  | { kind: 'done'; session: AgentSession; cmdId: string; end: CommandEnd }
  | { kind: 'end'; cmdId: string; end: CommandEnd }
  | { kind: 'started'; cmdId: string; pid: number | null; startedAt: number };

/** Told once a command's final state is committed (the job engine listens). */
export type CommandEndedListener = (command: CommandDto) => void;

/** A command as the API takes it, plus what only the job engine sets. */
export type CommandInput = Omit<NewCommand, 'secret_env'> & Partial<Pick<ExecSpec, 'tmpdir' | 'limits' | 'secret_env'>>;

/** Frames that follow the WELCOME of a reconnecting agent. */
export interface Reconciliation {
  welcome: Pick<WelcomeBody, 'resume' | 'forget'>;
  execs: ExecSpec[];
  kills: string[];
}

/**
 * An EXEC must fit in one frame header once signed: the spec travels as a JSON string inside
 * the signed body, so quoting can double it. A quarter of the header limit leaves room.
 */
const MAX_SPEC_BYTES = MAX_HEADER_BYTES / 4;

const key = (cmdId: string, stream: StreamName): string => `${cmdId}\u0000${stream}`;

export class CommandDispatcher implements Disposable {
  private readonly store: Store;
  private readonly registry: AgentRegistry;
  private readonly events: EventHub;
  private readonly log: Logger;
  private readonly opts: DispatcherOptions;
  /**
   * Bytes taken per (command, stream): committed, or queued to the writer, which keeps them
   * until they are committed. Acks and resume offsets only ever name committed bytes.
   */
  private readonly ends = new Map<string, number>();
  /** Streams where a gap was seen and a RESEND is outstanding (asked once, not per chunk). */
  private readonly awaitingResend = new Set<string>();
  private readonly owners = new Map<string, string>();
  private batch: PendingOp[] = [];
  private flushScheduled = false;
  private readonly lostTimer: NodeJS.Timeout;
  private readonly endedListeners = new Set<CommandEndedListener>();

  constructor(store: Store, registry: AgentRegistry, events: EventHub, log: Logger, opts: DispatcherOptions) {
    this.store = store;
    this.registry = registry;
    this.events = events;
    this.log = log;
    this.opts = opts;
    this.lostTimer = setInterval(() => this.declareLostOnOfflineAgents(), Math.min(5000, Math.max(250, opts.lostAfterMs / 4)));
  }

  onCommandEnded(listener: CommandEndedListener): () => void {
    this.endedListeners.add(listener);
    return () => this.endedListeners.delete(listener);
  }

  get killGraceMs(): number {
    return this.opts.killGraceMs;
  }

  /** Stores and sends a command; returns at once. */
  create(input: CommandInput, actor: string): string {
    const cmdId = this.store.transaction(() => this.insert(input, actor));
    this.dispatch(cmdId);
    return cmdId;
  }

  /**
   * Stores a command without sending it, so a caller can commit it together with its own
   * records (a job's stage run) and then dispatch().
   */
  insert(input: CommandInput, actor: string): string {
    if (!this.store.agents.find(input.agent_id)) throw new ApiError(404, `unknown agent "${input.agent_id}"`);
    const spec: ExecSpec = {
      cmd_id: randomUUID(),
      command: input.command,
      shell: input.shell ?? typeof input.command === 'string',
      cwd: input.cwd ?? null,
      env: this.opts.secrets.sealEnv(input.env ?? {}, input.secret_env ?? []),
      timeout_s: input.timeout_s ?? null,
      secret_env: input.secret_env ?? null,
      tmpdir: input.tmpdir ?? null,
      limits: input.limits ?? null,
    };
    if (spec.shell !== (typeof spec.command === 'string')) {
      throw new ApiError(400, 'command must be a string when shell is true and an array of arguments when shell is false');
    }
    const size = Buffer.byteLength(JSON.stringify(spec));
    if (size > MAX_SPEC_BYTES) throw new ApiError(413, `command, cwd and env add up to ${size} bytes; at most ${MAX_SPEC_BYTES} fit in one EXEC`);
    this.store.commands.insert(input.agent_id, spec, Date.now());
    this.store.audit.record(actor, 'command.create', spec.cmd_id, { agent_id: input.agent_id, shell: spec.shell });
    this.owners.set(spec.cmd_id, input.agent_id);
    return spec.cmd_id;
  }

  /** Sends a stored command to its agent now, or when the agent connects. */
  dispatch(cmdId: string): void {
    const cmd = this.store.commands.find(cmdId);
    if (!cmd) return;
    this.publish(cmdId);
    const session = this.registry.sessionFor(cmd.agentId);
    const spec = session ? this.opened(cmd.cmdId, cmd.spec) : null;
    if (session && spec) session.exec(spec);
  }

  kill(cmdId: string, actor: string): void {
    const cmd = this.store.commands.find(cmdId);
    if (!cmd) throw new ApiError(404, `unknown command "${cmdId}"`);
    if (TERMINAL_STATES.has(cmd.state)) throw new ApiError(409, `command already ended (${cmd.state})`);
    this.store.transaction(() => {
      this.store.commands.requestKill(cmdId, Date.now());
      this.store.audit.record(actor, 'command.kill', cmdId, { agent_id: cmd.agentId });
    });
    const session = this.registry.sessionFor(cmd.agentId);
    if (session) session.kill(cmdId, this.opts.killGraceMs);
    else if (cmd.state === 'queued') this.end(cmdId, { state: 'killed', exitCode: null, signal: null, reason: 'killed before it started', startedAt: null, endedAt: Date.now() });
    // A running command on an offline agent is killed when the agent reconnects.
  }

  /**
   * Squares the agent's view with the store after a (re)connect. Reported commands resume from
   * the stored offsets; unknown or already-final running ones are forgotten (killed); queued
   * ones are sent again (EXEC is idempotent); running ones the agent no longer knows are lost.
   */
  reconcile(agentId: string, reports: CommandReport[], restarted: boolean): Reconciliation {
    const result: Reconciliation = { welcome: { resume: [], forget: [] }, execs: [], kills: [] };
    const reported = new Set<string>();
    for (const report of reports) {
      reported.add(report.cmd_id);
      const cmd = this.store.commands.find(report.cmd_id);
      if (!cmd || cmd.agentId !== agentId || (TERMINAL_STATES.has(cmd.state) && report.state === 'running')) {
        result.welcome.forget.push(report.cmd_id);
        continue;
      }
      this.owners.set(cmd.cmdId, agentId);
      // The agent resends from the committed offsets; what is still queued is not taken twice.
      for (const stream of STREAMS) this.awaitingResend.delete(key(cmd.cmdId, stream));
      result.welcome.resume.push({ cmd_id: cmd.cmdId, stdout: cmd.stdoutBytes, stderr: cmd.stderrBytes });
      if (report.state === 'running' && cmd.state === 'queued') this.queue({ kind: 'started', cmdId: cmd.cmdId, pid: report.pid, startedAt: report.started_at ?? Date.now() });
      if (report.state === 'running' && cmd.killRequested) result.kills.push(cmd.cmdId);
    }
    for (const cmd of this.store.commands.live(agentId)) {
      if (reported.has(cmd.cmdId)) continue;
      if (cmd.state === 'queued' && cmd.killRequested) this.end(cmd.cmdId, { state: 'killed', exitCode: null, signal: null, reason: 'killed before it started', startedAt: null, endedAt: Date.now() });
      else if (cmd.state === 'queued') {
        const spec = this.opened(cmd.cmdId, cmd.spec);
        if (spec) result.execs.push(spec);
      }
      else {
        const why = restarted ? `agent "${agentId}" restarted and no longer knows this command` : `agent "${agentId}" no longer knows this command`;
        this.end(cmd.cmdId, { state: 'lost', exitCode: null, signal: null, reason: why, startedAt: null, endedAt: Date.now() });
      }
    }
    return result;
  }

  onStarted(session: AgentSession, cmdId: string, pid: number, startedAt: number): void {
    if (!this.owns(session, cmdId)) return;
    this.queue({ kind: 'started', cmdId, pid, startedAt });
  }

  /** Accepts the part of a chunk the store does not have yet; storing and acking are batched. */
  onOutput(session: AgentSession, message: OutputMessage, payload: Buffer): void {
    if (!this.owns(session, message.cmd_id)) return;
    const k = key(message.cmd_id, message.stream);
    const end = this.acceptedEnd(message.cmd_id, message.stream);
    if (message.offset > end) {
      // A gap: something before this chunk never arrived. Ask once for a resend from our end.
      if (!this.awaitingResend.has(k)) {
        this.awaitingResend.add(k);
        this.log.warn({ cmd_id: message.cmd_id, stream: message.stream, have: end, got: message.offset }, 'output gap; asking the agent to resend');
        session.send({ t: 'resend', cmd_id: message.cmd_id, stream: message.stream, offset: end });
      }
      return;
    }
    this.awaitingResend.delete(k);
    if (message.offset < end) this.opts.metrics.chunksResent.inc();
    const fresh = payload.subarray(end - message.offset);
    if (fresh.length > 0) {
      this.ends.set(k, end + fresh.length);
      this.queue({ kind: 'chunk', session, cmdId: message.cmd_id, stream: message.stream, offset: end, length: fresh.length, data: fresh });
    } else {
      // Pure duplicate (a resend after reconnect): re-ack, once what we have is committed.
      this.queue({ kind: 'ack', session, cmdId: message.cmd_id, stream: message.stream, offset: end });
    }
  }

  /** DONE counts once all the output it announces is taken; else the missing part is asked for. */
  onDone(session: AgentSession, message: DoneMessage): void {
    if (!this.owns(session, message.cmd_id)) return;
    const missing = STREAMS.filter((s) => this.acceptedEnd(message.cmd_id, s) < (s === 'stdout' ? message.stdout_end : message.stderr_end));
    for (const s of missing) session.send({ t: 'resend', cmd_id: message.cmd_id, stream: s, offset: this.acceptedEnd(message.cmd_id, s) });
    if (missing.length > 0) return;
    this.queue({ kind: 'done', session, cmdId: message.cmd_id, end: endingToEnd(message, this.store.commands.find(message.cmd_id)?.spec.timeout_s ?? null) });
  }

  /** The agent process itself died (local mode): its running commands cannot finish. */
  agentDied(agentId: string, reason: string): void {
    for (const cmd of this.store.commands.live(agentId)) {
      if (cmd.state === 'running') this.end(cmd.cmdId, { state: 'lost', exitCode: null, signal: null, reason, startedAt: null, endedAt: Date.now() });
    }
  }

  private queue(op: PendingOp): void {
    this.batch.push(op);
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => this.flush());
  }

  /** Hands what this turn took to the writer thread, as one batch. */
  private flush(): void {
    this.flushScheduled = false;
    if (this.batch.length === 0) return;
    const ops = this.batch;
    this.batch = [];
    const writes: WriteOp[] = [];
    for (const op of ops) {
      if (op.kind === 'chunk') {
        // Its own ArrayBuffer (the payload shares the socket's), so it can be transferred.
        writes.push({ t: 'chunk', cmdId: op.cmdId, stream: op.stream, offset: op.offset, data: new Uint8Array(op.data!) });
        op.data = null;
      }
      else if (op.kind === 'done' || op.kind === 'end') writes.push({ t: 'end', cmdId: op.cmdId, end: op.end });
      else if (op.kind === 'started') writes.push({ t: 'started', cmdId: op.cmdId, pid: op.pid, startedAt: op.startedAt });
    }
    this.store.writer.write(writes, (changed, chunks) => {
      try {
        this.committed(ops, changed, chunks);
      } catch (err) {
        this.log.error({ err }, 'handling a commit report failed');
      }
    });
  }

  /** A batch is stored: ack it, tell the agents and the listeners. */
  private committed(ops: PendingOp[], changed: boolean[], chunks: Uint8Array[]): void {
    // The writer has just stored these chunks: their rows' `at` is within a few ms of this.
    const storedAt = Date.now();
    const acks = new Map<string, { session: AgentSession; cmdId: string; stream: StreamName; offset: number }>();
    const endedNow: string[] = [];
    let bytes = 0;
    let i = 0;
    for (const op of ops) {
      const didChange = op.kind === 'ack' ? false : changed[i++]!;
      switch (op.kind) {
        case 'chunk':
          bytes += op.length;
          acks.set(`${key(op.cmdId, op.stream)}\u0000${op.session.remote}`, { session: op.session, cmdId: op.cmdId, stream: op.stream, offset: op.offset + op.length });
          break;
        case 'ack':
          acks.set(`${key(op.cmdId, op.stream)}\u0000${op.session.remote}`, { session: op.session, cmdId: op.cmdId, stream: op.stream, offset: op.offset });
          break;
        case 'done':
          if (didChange) endedNow.push(op.cmdId);
          break;
        case 'end':
          if (didChange) {
            this.log.info({ cmd_id: op.cmdId, state: op.end.state, reason: op.end.reason }, 'command ended');
            endedNow.push(op.cmdId);
          }
          break;
        case 'started':
          if (didChange) this.publish(op.cmdId);
          break;
      }
    }
    this.opts.metrics.outputBytes.inc(bytes);
    for (const a of acks.values()) a.session.send({ t: 'ack', cmd_id: a.cmdId, stream: a.stream, offset: a.offset });
    let c = 0;
    for (const op of ops) {
      if (op.kind === 'done') op.session.send({ t: 'done_ack', cmd_id: op.cmdId });
      if (op.kind === 'chunk') this.events.emit({ type: 'output', cmd_id: op.cmdId, stream: op.stream, offset: op.offset, data: chunks[c++]!, at: storedAt });
    }
    for (const cmdId of endedNow) this.finished(cmdId);
  }

  dispose(): void {
    clearInterval(this.lostTimer);
    this.flush();
  }

  private acceptedEnd(cmdId: string, stream: StreamName): number {
    const k = key(cmdId, stream);
    let end = this.ends.get(k);
    if (end === undefined) {
      end = this.store.output.storedLength(cmdId, stream);
      this.ends.set(k, end);
    }
    return end;
  }

  /** Output and endings are only taken from the agent the command was given to. */
  private owns(session: AgentSession, cmdId: string): boolean {
    let owner = this.owners.get(cmdId);
    if (owner === undefined) {
      owner = this.store.commands.find(cmdId)?.agentId;
      if (owner !== undefined) this.owners.set(cmdId, owner);
    }
    if (owner === session.agentId) return true;
    session.send({ t: 'error', code: 'unknown_command', message: `command "${cmdId}" was not given to this agent`, cmd_id: cmdId });
    return false;
  }

  /** The spec with its secret values opened, or null (and the command ended) when they cannot be. */
  private opened(cmdId: string, spec: ExecSpec): ExecSpec | null {
    try {
      return this.opts.secrets.openSpec(spec);
    } catch {
      this.end(cmdId, { state: 'failed_to_start', exitCode: null, signal: null, reason: 'its secret env values cannot be opened: pki/secrets.key is not the key they were sealed with', startedAt: null, endedAt: Date.now() });
      return null;
    }
  }

  /** Ends a command the agent cannot report on (lost, killed before it started). */
  private end(cmdId: string, end: CommandEnd): void {
    this.queue({ kind: 'end', cmdId, end });
  }

  private finished(cmdId: string): void {
    const command = this.store.commands.get(cmdId);
    if (command) this.opts.metrics.commands.inc({ state: command.state });
    const cmd = this.store.commands.find(cmdId);
    const erased = cmd ? SecretBox.erase(cmd.spec.env) : null;
    if (cmd && JSON.stringify(erased) !== JSON.stringify(cmd.spec.env)) {
      try {
        this.store.commands.setEnv(cmdId, erased!);
      } catch (err) {
        if (!(err instanceof StoreUnavailableError)) throw err;
        this.log.warn({ cmd_id: cmdId, err: err.message }, 'the ended command\'s sealed env is not erased: the store refuses writes');
      }
    }
    for (const stream of STREAMS) {
      // Forgotten only when nothing more is queued: the store then gives the same end again.
      const stored = stream === 'stdout' ? command?.stdout_bytes : command?.stderr_bytes;
      if (this.ends.get(key(cmdId, stream)) === stored) this.ends.delete(key(cmdId, stream));
      this.awaitingResend.delete(key(cmdId, stream));
    }
    const agentId = this.owners.get(cmdId);
    if (command) this.events.emit({ type: 'command', command });
    if (agentId) this.registry.publish(agentId);
    if (!command) return;
    for (const listener of this.endedListeners) {
      try {
        listener(command);
      } catch (err) {
        this.log.error({ err, cmd_id: cmdId }, 'command-ended listener failed');
      }
    }
  }

  private publish(cmdId: string): void {
    const command = this.store.commands.get(cmdId);
    if (command) this.events.emit({ type: 'command', command });
  }

  private declareLostOnOfflineAgents(): void {
    const now = Date.now();
    for (const { agentId, since } of this.store.agents.offlineSince()) {
      if (now - since < this.opts.lostAfterMs || this.registry.sessionFor(agentId)) continue;
      for (const cmd of this.store.commands.live(agentId)) {
        if (cmd.state !== 'running') continue;
        this.end(cmd.cmdId, { state: 'lost', exitCode: null, signal: null, reason: `agent "${agentId}" offline for more than ${Math.round(this.opts.lostAfterMs / 1000)} s`, startedAt: null, endedAt: now });
      }
    }
  }
}

const STATE_BY_REASON: Record<CommandEnding['reason'], CommandState> = {
  exit: 'exited',
  signal: 'exited',
  'spawn-error': 'failed_to_start',
  killed: 'killed',
  timeout: 'timed_out',
  lost: 'lost',
};

function endingToEnd(m: DoneMessage, timeoutS: number | null): CommandEnd {
  const reason = m.reason === 'timeout' ? `timed out after ${timeoutS ?? '?'} s`
    : m.reason === 'signal' ? (m.error ?? `terminated by ${m.signal}`)
    : m.reason === 'killed' ? (m.error ?? 'killed on request')
    : m.error;
  return { state: STATE_BY_REASON[m.reason], exitCode: m.exit_code, signal: m.signal, reason, startedAt: m.started_at, endedAt: m.ended_at };
}
