// Local mode: the same agent program as a child process of the master, on this machine, with
// no SSH. The master supervises it: a crash marks its running commands lost and restarts it.
// The local agent has one owner: one left by a master that crashed is adopted (it keeps its
// commands) and stopped with this master; a master without a local agent stops a leftover one.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AGENT_MALLOC_ENV, AGENT_NODE_FLAGS } from '../../agent/protocol.ts';
import type { Logger } from '../observe/log.ts';
import type { AgentFiles } from '../security/enrol.ts';
import type { Disposable } from '../base/disposable.ts';

export interface LocalAgentOptions {
  /** Its certificate files (TLS), or null on an --insecure master. */
  tls: AgentFiles | null;
  agentBundle: string;
  agentId: string;
  masterPort: number;
  dataDir: string;
  workspace: string;
  heartbeatMs: number;
  killGraceMs: number;
  log: Logger;
  /** The process died unexpectedly (its running commands cannot finish). */
  onDied(reason: string): void;
}

/**
 * Why the local agent cannot run on this platform, or null. Job stages run under /bin/sh and
 * the agent stops a command by signalling its process group: neither exists on Windows.
 */
export function localAgentUnsupported(platform: NodeJS.Platform = process.platform): string | null {
  return platform === 'win32'
    ? 'The local agent cannot run on Windows (its job stages need a POSIX shell and process groups): connect a remote Linux or macOS agent over SSH, or run P4 Integrator inside WSL.'
    : null;
}

const RESTART_MIN_MS = 500;
const RESTART_MAX_MS = 30_000;
/** Exit code of an agent that found another live agent on its spool dir. */
const ALREADY_RUNNING = 3;
/** How often an adopted agent is checked for having exited. */
const ADOPTED_POLL_MS = 1000;
const STOP_GRACE_MS = 15_000;

function spoolOf(dataDir: string): string {
  return join(dataDir, 'local-agent', 'spool');
}

/** The pid of a live local agent of this data dir that is not our child (from its spool lock). */
export function leftoverLocalAgent(dataDir: string): number | null {
  const spoolDir = spoolOf(dataDir);
  try {
    const pid = Number(readFileSync(join(spoolDir, 'agent.lock'), 'utf8'));
    const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\u0000');
    return argv[argv.indexOf('--spool-dir') + 1] === spoolDir ? pid : null;
  } catch {
    return null;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** SIGTERM (the agent kills its commands and exits), SIGKILL after the grace period. */
export async function stopProcess(pid: number, graceMs = STOP_GRACE_MS): Promise<void> {
  const deadline = Date.now() + graceMs;
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return;
  }
  while (alive(pid)) {
    if (Date.now() > deadline) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        return;
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export class LocalAgent implements Disposable {
  private readonly opts: LocalAgentOptions;
  private child: ChildProcess | null = null;
  private stopping = false;
  private restartDelay = RESTART_MIN_MS;
  private restartTimer: NodeJS.Timeout | null = null;
  /** A local agent left by a crashed master run, running on our spool until it exits. */
  private adopted: number | null = null;
  /** Why the agent is not running (it could not start, or its last run ended), else null. */
  problem: string | null = null;

  constructor(opts: LocalAgentOptions) {
    this.opts = opts;
  }

  get pid(): number | null {
    return this.child?.pid ?? this.adopted;
  }

  start(): void {
    const { dataDir, agentId } = this.opts;
    if (!existsSync(this.opts.agentBundle)) {
      // Nothing to retry until someone builds it: one line, no restart loop.
      this.problem = `the local agent cannot start: ${this.opts.agentBundle} is missing (build it with npm run build:agent, then restart the master)`;
      this.opts.log.error({ agent_id: agentId }, this.problem);
      return;
    }
    const spoolDir = spoolOf(dataDir);
    mkdirSync(join(dataDir, 'logs'), { recursive: true });
    const args = [
      ...AGENT_NODE_FLAGS,
      this.opts.agentBundle,
      '--master', `127.0.0.1:${this.opts.masterPort}`,
      '--agent-id', agentId,
      '--workspace', this.opts.workspace,
      '--spool-dir', spoolDir,
      '--log-file', join(dataDir, 'logs', 'local-agent.log'),
      '--heartbeat-s', String(this.opts.heartbeatMs / 1000),
      '--kill-grace-s', String(this.opts.killGraceMs / 1000),
      '--reconnect-max-s', '2',
      ...(this.opts.tls ? ['--ca', this.opts.tls.ca, '--cert', this.opts.tls.cert, '--key', this.opts.tls.key] : []),
    ];
    // ELECTRON_RUN_AS_NODE: inside the desktop app process.execPath is Electron itself.
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...AGENT_MALLOC_ENV, ELECTRON_RUN_AS_NODE: '1' } });
    this.child = child;
    const startedAt = Date.now();
    let stderr = '';
    child.stderr!.on('data', (data: Buffer) => (stderr = (stderr + data.toString()).slice(-2000)));
    child.on('exit', (code, signal) => {
      this.child = null;
      if (this.stopping) return;
      const leftover = code === ALREADY_RUNNING ? leftoverLocalAgent(dataDir) : null;
      if (leftover !== null) {
        // A local agent of a previous master run still holds the spool (the master crashed):
        // it reconnects by itself and keeps its commands. It is ours now: stopped with this
        // master, and replaced by a child of ours once it exits.
        this.adopted = leftover;
        this.problem = null;
        this.opts.log.warn({ agent_id: agentId, pid: leftover }, 'adopted the local agent left by a previous master run; it is stopped with this master');
        this.watchAdopted();
        return;
      }
      const why = errorLine(stderr);
      const reason = `local agent process exited (${signal ?? `code ${code}`})${why ? `: ${why}` : ''}`;
      this.problem = reason;
      this.opts.log.error({ agent_id: agentId, code, signal }, reason);
      this.opts.onDied(reason);
      this.restartDelay = Date.now() - startedAt > 60_000 ? RESTART_MIN_MS : Math.min(this.restartDelay * 2, RESTART_MAX_MS);
      this.restartTimer = setTimeout(() => this.start(), this.restartDelay);
    });
    this.opts.log.info({ agent_id: agentId, pid: child.pid }, 'local agent started');
  }

  /** SIGTERM (the agent kills its commands and exits), SIGKILL if it takes too long. */
  async dispose(): Promise<void> {
    this.stopping = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    if (this.adopted !== null) await stopProcess(this.adopted);
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      const force = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
      child.once('exit', () => {
        clearTimeout(force);
        resolve();
      });
      child.kill('SIGTERM');
    });
  }

  /** Starts our own agent once the adopted one has exited (it died, or was stopped by hand). */
  private watchAdopted(): void {
    this.restartTimer = setTimeout(() => {
      if (this.stopping) return;
      if (this.adopted !== null && alive(this.adopted)) return this.watchAdopted();
      this.opts.log.warn({ agent_id: this.opts.agentId, pid: this.adopted }, 'the adopted local agent exited; starting a new one');
      this.adopted = null;
      this.start();
    }, ADOPTED_POLL_MS);
  }
}

/** The line of a process's stderr that says what went wrong (not the stack trace around it). */
function errorLine(stderr: string): string {
  const lines = stderr.split('\n').map((l) => l.trim()).filter(Boolean);
  return lines.find((l) => /^(\w*Error\b|p4-integrator)/.test(l)) ?? lines.at(-1) ?? '';
}
