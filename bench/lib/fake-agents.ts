// Child-process entry: many lightweight agents in ONE process, each with its own TLS 1.3
// connection and client certificate (issued through the master's enrol path), speaking
// protocol v1 (agent/protocol.ts framing): HELLO, heartbeats at the agent's interval, signed
// EXEC checked with agent/command-verifier.ts, STARTED, OUTPUT frames with byte offsets, DONE.
// A command does not spawn anything: it prints p4-sync-like lines at `linesPerSec` for
// `runMs` and then exits 0. ACKs are only counted.
//
// argv[2]: JSON FakeAgentsConfig. IPC to the parent: {t:'status', online, running, ...} on
// {t:'status'}; {t:'stop'} closes every connection.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { freemem, loadavg, totalmem, uptime } from 'node:os';
import { join } from 'node:path';
import { connect, type TLSSocket } from 'node:tls';
import { CommandVerifier } from '../../agent/command-verifier.ts';
import { NonceStore } from '../../agent/nonce-store.ts';
import { encodeFrame, execBodySchema, FrameDecoder, type AgentMessage } from '../../agent/protocol.ts';
import { syncLine } from './sync-lines.ts';

export interface FakeAgentsConfig {
  host: string;
  port: number;
  ids: string[];
  /** Directory with <agent_id>/{ca.pem,agent.pem,agent-key.pem}. */
  certDir: string;
  heartbeatMs: number;
  linesPerSec: number;
  runMs: number;
  /** Connections opened per 100 ms while ramping up. */
  rampPer100ms: number;
}

const config = JSON.parse(process.argv[2]!) as FakeAgentsConfig;
const ca = readFileSync(join(config.certDir, config.ids[0]!, 'ca.pem'));

let online = 0;
let running = 0;
let started = 0;
let finished = 0;
let execRefused = 0;
let ackedBytes = 0;
let sentBytes = 0;
let errors = 0;
let lastError = '';
const agents: FakeAgent[] = [];
let lineNo = 0;

class FakeAgent {
  readonly id: string;
  private socket: TLSSocket | null = null;
  private readonly decoder = new FrameDecoder();
  private readonly verifier: CommandVerifier;
  private readonly bootId = randomUUID();
  private heartbeat: NodeJS.Timeout | null = null;
  private ready = false;
  private readonly commands = new Map<string, { timer: NodeJS.Timeout; offset: number; startedAt: number }>();
  private stopped = false;

  constructor(id: string) {
    this.id = id;
    this.verifier = new CommandVerifier(id, new NonceStore(null));
  }

  start(): void {
    const dir = join(config.certDir, this.id);
    const socket = connect({
      host: config.host, port: config.port, ca, cert: readFileSync(join(dir, 'agent.pem')), key: readFileSync(join(dir, 'agent-key.pem')),
      minVersion: 'TLSv1.3', checkServerIdentity: () => undefined,
    });
    this.socket = socket;
    socket.setNoDelay(true);
    socket.once('secureConnect', () => {
      this.send({ t: 'hello', protocol: 1, agent_id: this.id, hostname: `${this.id}.bench`, version: 'bench', pid: process.pid, platform: process.platform, arch: process.arch, workspace: '/ws', boot_id: this.bootId, labels: [], commands: [] });
    });
    socket.on('data', (data: Buffer) => this.onData(data));
    socket.on('error', (err) => {
      errors++;
      lastError = `${this.id}: ${err.message}`;
    });
    socket.on('close', () => {
      if (this.ready) online--;
      this.ready = false;
      if (this.heartbeat) clearInterval(this.heartbeat);
      for (const c of this.commands.values()) clearInterval(c.timer);
      if (!this.stopped) {
        errors++;
        lastError = `${this.id}: connection closed by the master`;
      }
    });
  }

  stop(): void {
    this.stopped = true;
    this.socket?.destroy();
  }

  private send(message: AgentMessage, payload?: Buffer): void {
    if (this.socket && !this.socket.destroyed) this.socket.write(encodeFrame(message, payload));
  }

  private onData(data: Buffer): void {
    for (const frame of this.decoder.push(data)) {
      const m = frame.header as { t: string; [k: string]: unknown };
      switch (m.t) {
        case 'welcome':
          this.verifier.trust(m.signing_key as string);
          this.ready = true;
          online++;
          this.beat();
          this.heartbeat = setInterval(() => this.beat(), config.heartbeatMs);
          break;
        case 'exec': {
          let spec;
          try {
            spec = this.verifier.open(m as { t: string; body: string; sig?: string }, execBodySchema).spec;
          } catch (err) {
            execRefused++;
            lastError = `${this.id}: exec refused: ${(err as Error).message}`;
            break;
          }
          this.run(spec.cmd_id);
          break;
        }
        case 'ack':
          this.acked(m.cmd_id as string, m.offset as number);
          break;
        case 'error':
          errors++;
          lastError = `${this.id}: master says ${String(m.code)}: ${String(m.message)}`;
          break;
        default:
          break; // pong, done_ack, kill (not used here)
      }
    }
  }

  private readonly ackedTo = new Map<string, number>();
  private acked(cmdId: string, offset: number): void {
    const before = this.ackedTo.get(cmdId) ?? 0;
    if (offset > before) {
      ackedBytes += offset - before;
      this.ackedTo.set(cmdId, offset);
    }
  }

  private beat(): void {
    this.send({ t: 'heartbeat', running: this.commands.size, load: loadavg() as [number, number, number], mem_free: freemem(), mem_total: totalmem(), uptime_s: Math.floor(uptime()) });
  }

  private run(cmdId: string): void {
    if (this.commands.has(cmdId)) return;
    const startedAt = Date.now();
    this.send({ t: 'started', cmd_id: cmdId, pid: 100_000 + started, started_at: startedAt });
    started++;
    running++;
    const perTick = Math.max(1, Math.round(config.linesPerSec / 10));
    const cmd = {
      offset: 0,
      startedAt,
      timer: setInterval(() => {
        let text = '';
        for (let i = 0; i < perTick; i++) text += syncLine(++lineNo);
        const payload = Buffer.from(text);
        for (let off = 0; off < payload.length; off += 65_536) {
          const part = payload.subarray(off, off + 65_536);
          this.send({ t: 'output', cmd_id: cmdId, stream: 'stdout', offset: cmd.offset }, part);
          cmd.offset += part.length;
          sentBytes += part.length;
        }
        if (Date.now() - startedAt >= config.runMs) {
          clearInterval(cmd.timer);
          this.commands.delete(cmdId);
          running--;
          finished++;
          const ended = Date.now();
          this.send({ t: 'done', cmd_id: cmdId, exit_code: 0, signal: null, reason: 'exit', error: null, started_at: startedAt, ended_at: ended, duration_ms: ended - startedAt, stdout_end: cmd.offset, stderr_end: 0 });
        }
      }, 100),
    };
    this.commands.set(cmdId, cmd);
  }
}

// Ramp up: `rampPer100ms` new connections every 100 ms.
let next = 0;
const ramp = setInterval(() => {
  for (let i = 0; i < config.rampPer100ms && next < config.ids.length; i++, next++) {
    const a = new FakeAgent(config.ids[next]!);
    agents.push(a);
    a.start();
  }
  if (next >= config.ids.length) clearInterval(ramp);
}, 100);

process.on('message', (m: { t: string }) => {
  if (m.t === 'status') process.send?.({ t: 'status', online, running, started, finished, execRefused, sentBytes, ackedBytes, errors, lastError });
  if (m.t === 'stop') {
    for (const a of agents) a.stop();
    setTimeout(() => process.exit(0), 200);
  }
});
process.on('disconnect', () => process.exit(0));
