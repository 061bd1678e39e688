// The agent: keeps every command it was given until the master has all of its output and its
// ending, whatever happens to the connection or to the master in between.
import { randomUUID } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import type { Socket } from 'node:net';
import { freemem, hostname, loadavg, totalmem, uptime } from 'node:os';
import { join } from 'node:path';
import { AgentIdentity } from './agent-identity.ts';
import { delegatedCgroup, enableLimits, sweepCgroups, type LimitMode } from './command-cgroup.ts';
import { CommandRun, type RunHooks } from './command-run.ts';
import type { AgentOptions } from './cli.ts';
import { FileWatches } from './file-watches.ts';
import { AgentLink, type TlsFiles } from './link.ts';
import type { Logger } from './log.ts';
import { CommandVerifier } from './command-verifier.ts';
import { lockSpool, unlockSpool } from './spool-lock.ts';
import { recoverLeftovers } from './spool-recovery.ts';
import { NonceStore } from './nonce-store.ts';
import { CHUNK_BYTES, execBodySchema, killBodySchema, welcomeBodySchema, ProtocolError, PROTOCOL_VERSION, STREAMS, type CommandEnding, type ExecSpec, type HelloMessage, type MasterMessage } from './protocol.ts';

declare const AGENT_VERSION: string;
export const VERSION = typeof AGENT_VERSION === 'string' ? AGENT_VERSION : 'dev';

/** Un-acknowledged bytes allowed in flight per stream; the rest waits in the spool. */
const WINDOW_BYTES = 8 * 1024 * 1024;
/** How many finished command ids are remembered so a repeated EXEC never runs twice. */
const TOMBSTONES = 10_000;

export class Agent {
  private readonly opts: AgentOptions;
  private readonly log: Logger;
  private readonly spoolDir: string;
  private readonly link: AgentLink;
  private readonly runs = new Map<string, CommandRun>();
  /** Ids the master told us to drop: their runs are removed as soon as they end. */
  private readonly forgotten = new Set<string>();
  private readonly tombstones = new Map<string, CommandEnding>();
  private readonly bootId = randomUUID();
  private readonly hooks: RunHooks;
  private readonly watches: FileWatches;
  private readonly verifier: CommandVerifier;
  private readonly tls: (() => TlsFiles) | null;
  private readonly identity: AgentIdentity;
  /** The delegated cgroup v2 directory commands get their cgroups in; null: process-group kill. */
  private cgroupBase: string | null = null;
  /** Whether a memory limit is the command cgroup's memory.max. */
  private memoryMode: LimitMode = 'ulimit';
  private heartbeatTimer: NodeJS.Timeout | null = null;
  private orphanTimer: NodeJS.Timeout | null = null;
  private disconnectedSince = Date.now();
  private shuttingDown = false;

  constructor(opts: AgentOptions, log: Logger, tls: (() => TlsFiles) | null, spoolDir: string) {
    this.opts = opts;
    this.tls = tls;
    this.log = log;
    this.spoolDir = spoolDir;
    this.identity = new AgentIdentity(spoolDir, opts.cert, opts.key);
    this.verifier = new CommandVerifier(opts.agentId, new NonceStore(join(spoolDir, 'seen-nonces')));
    this.hooks = { onOutput: () => this.pump(), onEnded: (run) => this.onEnded(run) };
    this.watches = new FileWatches(opts.workspace, log, (watchId, paths) => this.link.send({ t: 'changed', watch_id: watchId, paths }));
    this.link = new AgentLink({
      host: opts.masterHost,
      port: opts.masterPort,
      tls,
      reconnectBaseMs: 250,
      reconnectMaxMs: opts.reconnectMaxMs,
      log,
      hello: (socket) => this.hello(socket),
      onMessage: (message) => this.onMessage(message),
      onDisconnected: () => this.onDisconnected(),
      onDrain: () => this.pump(),
    });
  }

  start(): void {
    mkdirSync(this.spoolDir, { recursive: true, mode: 0o700 });
    lockSpool(this.spoolDir);
    this.cgroupBase = delegatedCgroup();
    if (this.cgroupBase) sweepCgroups(this.cgroupBase);
    this.memoryMode = this.cgroupBase ? enableLimits(this.cgroupBase) : 'ulimit';
    this.log.info(this.cgroupBase ? 'commands run in cgroups of their own; kill uses cgroup.kill' : 'no delegated cgroup v2; commands are killed by process group', { cgroup: this.cgroupBase });
    this.log.info('how job limits bind (cgroup: the whole command; ulimit: each process)', this.limitModes());
    if (this.tls && !this.opts.cert) this.identity.loadOwnKey();
    for (const run of recoverLeftovers(this.spoolDir, this.hooks, this.log)) this.runs.set(run.cmdId, run);
    this.link.start();
    this.heartbeatTimer = setInterval(() => this.heartbeat(), this.opts.heartbeatMs);
    this.orphanTimer = setInterval(() => this.checkOrphaned(), 1000);
  }

  /** Kills every command, sends what is left, and exits the process. */
  async shutdown(reason: string): Promise<never> {
    if (!this.shuttingDown) {
      this.shuttingDown = true;
      this.log.info('shutting down', { reason });
      for (const run of this.runs.values()) run.stop('killed', Math.min(this.opts.killGraceMs, 5000));
      await this.waitFor(() => [...this.runs.values()].every((run) => !run.running), this.opts.killGraceMs + 2000);
      this.pump();
      await this.waitFor(() => this.runs.size === 0, this.link.ready ? 2000 : 0);
      if (this.heartbeatTimer) clearInterval(this.heartbeatTimer);
      if (this.orphanTimer) clearInterval(this.orphanTimer);
      this.watches.closeAll();
      await this.link.stop();
      for (const run of this.runs.values()) run.close();
      unlockSpool(this.spoolDir);
    }
    process.exit(0);
  }

  private limitModes(): { cpu_s: LimitMode; memory_mb: LimitMode } {
    return { cpu_s: this.cgroupBase ? 'cgroup' : 'ulimit', memory_mb: this.memoryMode };
  }

  private hello(socket: Socket): HelloMessage {
    const identity = this.identity.helloIdentity(socket, this.opts.agentId);
    return {
      t: 'hello',
      protocol: PROTOCOL_VERSION,
      agent_id: this.opts.agentId,
      hostname: safeHostname(),
      version: VERSION,
      pid: process.pid,
      platform: process.platform,
      arch: process.arch,
      workspace: this.opts.workspace,
      boot_id: this.bootId,
      kill_mode: this.cgroupBase ? 'cgroup' : 'process-group',
      limit_modes: this.limitModes(),
      ...(this.opts.token ? { token: this.opts.token } : {}),
      labels: this.opts.labels,
      ...(identity ? { identity } : {}),
      commands: [...this.runs.values()].map((run) => run.report()),
    };
  }

  private onMessage(message: MasterMessage): void {
    switch (message.t) {
      case 'welcome': {
        this.identity.pinSigningKey(message.signing_key);
        this.verifier.trust(message.signing_key);
        // Only the signed copy is acted on: its forget list kills commands.
        const welcome = this.verifier.open(message, welcomeBodySchema);
        this.disconnectedSince = 0;
        this.link.setHeartbeat(welcome.heartbeat_ms);
        // Beat at the master's pace, or it would count our silence against its own interval.
        if (this.heartbeatTimer) clearInterval(this.heartbeatTimer);
        this.heartbeatTimer = setInterval(() => this.heartbeat(), welcome.heartbeat_ms);
        for (const { cmd_id, stdout, stderr } of welcome.resume) {
          const run = this.runs.get(cmd_id);
          run?.spools.stdout.rewind(stdout);
          run?.spools.stderr.rewind(stderr);
        }
        for (const cmdId of welcome.forget) this.forget(cmdId);
        this.log.info('master accepted this agent', { resumed: welcome.resume.length, forgotten: welcome.forget.length });
        this.heartbeat();
        this.pump();
        return;
      }
      case 'exec':
      case 'kill':
        return this.signedCommand(message);
      case 'renew_cert': {
        const publicKey = this.identity.startRenewal();
        if (publicKey) this.link.send({ t: 'cert_request', public_key: publicKey });
        else this.link.send({ t: 'error', code: 'cannot_renew', message: 'this agent was started without --cert/--key files to renew' });
        return;
      }
      case 'cert':
        if (this.identity.installCertificate(message.cert_pem)) this.log.info('client certificate renewed');
        return;
      case 'ack': {
        const run = this.runs.get(message.cmd_id);
        if (!run) return;
        run.spools[message.stream].acknowledge(message.offset);
        this.settle(run);
        return this.pump();
      }
      case 'resend': {
        const run = this.runs.get(message.cmd_id);
        if (!run) return;
        run.spools[message.stream].rewind(message.offset);
        run.doneSent = false; // DONE follows the resent bytes again
        return this.pump();
      }
      case 'done_ack': {
        const run = this.runs.get(message.cmd_id);
        if (!run) return;
        run.doneAcked = true;
        return this.settle(run);
      }
      case 'pong':
        return;
      case 'shutdown':
        void this.shutdown(`master asked: ${message.reason}`);
        return;
      case 'watch':
        return this.watches.watch(message.watch_id, message.paths, message.debounce_ms);
      case 'unwatch':
        return this.watches.unwatch(message.watch_id);
      case 'purge_tmp':
        rmSync(join(this.spoolDir, 'tmp', message.tmpdir), { recursive: true, force: true });
        return;
      case 'error':
        this.log.error('master reported an error', { code: message.code, message: message.message, cmd_id: message.cmd_id });
        return;
    }
  }

  /** EXEC and KILL run only when signed by the pinned master key, fresh and never seen. */
  private signedCommand(message: Extract<MasterMessage, { t: 'exec' | 'kill' }>): void {
    try {
      if (message.t === 'exec') this.exec(this.verifier.open(message, execBodySchema).spec);
      else {
        const body = this.verifier.open(message, killBodySchema);
        this.kill(body.cmd_id, body.grace_ms);
      }
    } catch (err) {
      if (!(err instanceof ProtocolError)) throw err;
      this.log.error('refused a command', { code: err.code, reason: err.message });
      this.link.send({ t: 'error', code: err.code, message: err.message });
    }
  }

  /** Idempotent: a known cmd_id is answered with its state, never run again. */
  private exec(spec: ExecSpec): void {
    const known = this.runs.get(spec.cmd_id);
    if (known) {
      if (known.running && known.pid !== null) this.link.send({ t: 'started', cmd_id: known.cmdId, pid: known.pid, started_at: known.startedAt ?? Date.now() });
      known.doneSent = false;
      return this.pump();
    }
    const ending = this.tombstones.get(spec.cmd_id);
    if (ending) {
      this.link.send({ t: 'done', cmd_id: spec.cmd_id, ...ending });
      return;
    }
    if (this.shuttingDown) {
      this.link.send({ t: 'error', code: 'shutting_down', message: 'the agent is shutting down', cmd_id: spec.cmd_id });
      return;
    }
    const run = new CommandRun(this.spoolDir, spec.cmd_id, this.hooks);
    this.runs.set(spec.cmd_id, run);
    this.log.info('command starting', { cmd_id: spec.cmd_id, shell: spec.shell });
    run.start(spec, this.opts.workspace, join(this.spoolDir, 'tmp'), this.opts.killGraceMs, this.cgroupBase, this.memoryMode);
    if (run.running && run.pid !== null) this.link.send({ t: 'started', cmd_id: run.cmdId, pid: run.pid, started_at: run.startedAt! });
  }

  private kill(cmdId: string, graceMs: number): void {
    const run = this.runs.get(cmdId);
    if (run) {
      this.log.info('killing command', { cmd_id: cmdId, grace_ms: graceMs });
      run.stop('killed', graceMs);
      return;
    }
    if (this.tombstones.has(cmdId)) {
      this.link.send({ t: 'done', cmd_id: cmdId, ...this.tombstones.get(cmdId)! });
      return;
    }
    // Killed before its EXEC arrived: remember it so a late EXEC does not run.
    const ending: CommandEnding = { exit_code: null, signal: null, reason: 'killed', error: 'killed before it started', started_at: null, ended_at: Date.now(), duration_ms: 0, stdout_end: 0, stderr_end: 0 };
    this.remember(cmdId, ending);
    this.link.send({ t: 'done', cmd_id: cmdId, ...ending });
  }

  private forget(cmdId: string): void {
    const run = this.runs.get(cmdId);
    if (!run) return;
    this.forgotten.add(cmdId);
    if (run.running) run.stop('killed', this.opts.killGraceMs);
    else this.drop(run);
  }

  private onEnded(run: CommandRun): void {
    this.log.info('command ended', { cmd_id: run.cmdId, exit_code: run.ending?.exit_code, reason: run.ending?.reason });
    if (this.forgotten.has(run.cmdId)) this.drop(run);
    else this.pump();
  }

  private onDisconnected(): void {
    this.disconnectedSince = Date.now();
    this.watches.closeAll(); // the master sets them up again after reconnecting
    for (const run of this.runs.values()) {
      for (const stream of STREAMS) run.spools[stream].rewind(run.spools[stream].acked);
      run.doneSent = false;
    }
    this.log.warn('lost the master; commands keep running', { running: this.runningCount() });
  }

  /**
   * Sends spooled output, one chunk per stream in turn so a chatty command cannot starve the
   * others, within the window, until the socket pushes back; then DONE for finished commands.
   */
  private pump(): void {
    if (!this.link.ready) return;
    let progress = true;
    while (progress) {
      progress = false;
      for (const run of this.runs.values()) {
        for (const stream of STREAMS) {
          const spool = run.spools[stream];
          if (spool.sent >= spool.written || spool.unacked >= WINDOW_BYTES) continue;
          if (!this.link.writable) return;
          const data = spool.read(spool.sent, CHUNK_BYTES);
          this.link.send({ t: 'output', cmd_id: run.cmdId, stream, offset: spool.sent }, data);
          spool.sent += data.length;
          progress = true;
        }
        if (run.ending && !run.doneSent && run.spools.stdout.sent === run.spools.stdout.written && run.spools.stderr.sent === run.spools.stderr.written) {
          this.link.send({ t: 'done', cmd_id: run.cmdId, ...run.ending });
          run.doneSent = true;
        }
      }
    }
  }

  private settle(run: CommandRun): void {
    if (run.ending && run.settled) {
      this.remember(run.cmdId, run.ending);
      this.drop(run);
    }
  }

  private drop(run: CommandRun): void {
    run.remove();
    this.runs.delete(run.cmdId);
    this.forgotten.delete(run.cmdId);
  }

  private remember(cmdId: string, ending: CommandEnding): void {
    this.tombstones.set(cmdId, ending);
    if (this.tombstones.size > TOMBSTONES) this.tombstones.delete(this.tombstones.keys().next().value!);
  }

  private heartbeat(): void {
    if (!this.link.ready) return;
    const [l1 = 0, l5 = 0, l15 = 0] = loadavg();
    this.link.send({ t: 'heartbeat', running: this.runningCount(), load: [l1, l5, l15], mem_free: freemem(), mem_total: totalmem(), uptime_s: Math.round(uptime()) });
  }

  private checkOrphaned(): void {
    if (this.disconnectedSince && Date.now() - this.disconnectedSince > this.opts.orphanTimeoutMs) {
      void this.shutdown(`no master for ${Math.round(this.opts.orphanTimeoutMs / 1000)} s (orphan timeout)`);
    }
  }

  private runningCount(): number {
    let n = 0;
    for (const run of this.runs.values()) if (run.running) n++;
    return n;
  }

  private async waitFor(condition: () => boolean, ms: number): Promise<void> {
    const until = Date.now() + ms;
    while (!condition() && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Never throws: a host without a resolvable name still registers. */
function safeHostname(): string {
  try {
    return hostname() || 'unknown';
  } catch {
    return 'unknown';
  }
}
