// Real processes for tests: the headless master and standalone agents, each stopped by PID
// when the test ends.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after } from 'node:test';

/** Where a helper registers its cleanup: a TestContext, or `{ after }` from node:test in a suite. */
export interface Cleanup {
  after(fn: () => unknown): void;
}

/**
 * Cleanup for resources made in a suite's before(): call at describe() time; everything
 * registered on it runs, newest first, after the suite.
 */
export function suiteCleanup(): Cleanup {
  const fns: (() => unknown)[] = [];
  after(async () => {
    for (const fn of fns.reverse()) await fn();
  });
  return { after: (fn) => fns.push(fn) };
}

export const ROOT = resolve(import.meta.dirname, '..', '..');
export const AGENT_BUNDLE = join(ROOT, 'dist', 'agent.cjs');

export function tempDir(t: Cleanup, prefix = 'p4i-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A port that was free a moment ago (for processes that must come back on the same port). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((ok) => server.close(() => ok()));
  return port;
}

export interface Proc {
  child: ChildProcess;
  pid: number;
  output(): string;
  /** Resolves with the exit code (or signal name) once the process has exited. */
  exited: Promise<number | string>;
  kill(signal?: NodeJS.Signals): Promise<number | string>;
}

export function startProcess(t: Cleanup, command: string, args: string[], env: Record<string, string> = {}): Proc {
  const child = spawn(command, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | string>((ok) => child.on('exit', (code, signal) => ok(code ?? signal ?? -1)));
  const proc: Proc = {
    child,
    pid: child.pid!,
    output: () => output,
    exited,
    kill: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
  t.after(() => proc.kill('SIGKILL'));
  return proc;
}

export interface MasterProc extends Proc {
  url: string;
  metricsUrl: string;
  token: string;
  agentPort: number;
  dataDir: string;
}

export interface MasterArgs {
  dataDir: string;
  agentPort?: number;
  localAgent?: boolean;
  extra?: string[];
}

export async function startMaster(t: Cleanup, args: MasterArgs): Promise<MasterProc> {
  const argv = [
    join(ROOT, 'main', 'headless.ts'),
    '--data-dir', args.dataDir,
    '--agent-port', String(args.agentPort ?? 0),
    '--agent-host', '127.0.0.1',
    '--http-port', '0',
    '--host', '127.0.0.1',
    '--metrics-port', '0',
    '--heartbeat-s', '1',
    '--kill-grace-s', '2',
    ...(args.localAgent ? ['--local-agent', '--local-workspace', args.dataDir] : []),
    ...(args.extra ?? []),
  ];
  const proc = startProcess(t, process.execPath, argv);
  // Cleanup (runs before the SIGKILL that startProcess registered): a master stops its local
  // agent on SIGTERM; whatever agent of this data dir is left (its master was SIGKILLed by the
  // test) is ended by PID too.
  t.after(async () => {
    if (proc.child.exitCode === null && proc.child.signalCode === null) {
      proc.child.kill('SIGTERM');
      await Promise.race([proc.exited, new Promise((ok) => setTimeout(ok, 5000))]);
    }
    for (const pid of findProcesses([AGENT_BUNDLE, '--spool-dir', args.dataDir])) process.kill(pid, 'SIGKILL');
  });
  let exited = false;
  void proc.exited.then(() => (exited = true));
  const url = await waitFor(() => {
    if (exited) throw new Error(`master exited:\n${proc.output()}`);
    return /API: +(http:\S+)/.exec(proc.output())?.[1];
  }, 15_000, () => `master did not start:\n${proc.output()}`);
  const agentPort = Number(/agents: +\S+:(\d+)/.exec(proc.output())![1]);
  const metricsUrl = /metrics: +(http:\S+)/.exec(proc.output())![1]!;
  const token = readFileSync(join(args.dataDir, 'api-token'), 'utf8').trim();
  return { ...proc, url, metricsUrl, token, agentPort, dataDir: args.dataDir };
}

export interface AgentArgs {
  masterPort: number;
  agentId: string;
  workspace: string;
  spoolDir: string;
  /** Certificate files from `enrol` (TLS); without them the agent speaks plain TCP. */
  tls?: AgentTls;
  extra?: string[];
  /** A cgroup v2 directory the agent process starts in (joined before node starts). */
  cgroup?: string;
}

export interface AgentTls {
  ca: string;
  cert?: string;
  key?: string;
}

/** Certificate files for an agent, made the way an operator does: `npm run master -- enrol`. */
export async function enrol(t: Cleanup, dataDir: string, agentId: string, out: string, extra: string[] = []): Promise<Required<AgentTls>> {
  const proc = startProcess(t, process.execPath, [join(ROOT, 'main', 'headless.ts'), 'enrol', '--data-dir', dataDir, '--agent-id', agentId, '--out', out, ...extra]);
  if ((await proc.exited) !== 0) throw new Error(`enrol failed: ${proc.output()}`);
  return { ca: join(out, 'ca.pem'), cert: join(out, 'agent.pem'), key: join(out, 'agent-key.pem') };
}

export function startAgent(t: Cleanup, args: AgentArgs): Proc {
  const tls = args.tls ? ['--ca', args.tls.ca, ...(args.tls.cert ? ['--cert', args.tls.cert, '--key', args.tls.key!] : [])] : [];
  const inCgroup = args.cgroup ? ['-c', 'echo $$ > "$1/cgroup.procs" && shift && exec "$@"', 'sh', args.cgroup, process.execPath] : [];
  return startProcess(t, args.cgroup ? '/bin/sh' : process.execPath, [
    ...inCgroup,
    AGENT_BUNDLE,
    '--master', `127.0.0.1:${args.masterPort}`,
    '--agent-id', args.agentId,
    '--workspace', args.workspace,
    '--spool-dir', args.spoolDir,
    '--heartbeat-s', '1',
    '--reconnect-max-s', '1',
    '--kill-grace-s', '2',
    ...tls,
    ...(args.extra ?? []),
  ]);
}

/** Polls until `probe` returns something other than undefined/false. */
export async function waitFor<T>(probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 10_000, describe: string | (() => string) = 'condition'): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${typeof describe === 'string' ? describe : describe()}`);
    await new Promise((ok) => setTimeout(ok, 50));
  }
}

/** Pids of processes whose command line contains every one of `parts`. */
export function findProcesses(parts: string[]): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (parts.every((p) => cmdline.includes(p)) && isAlive(Number(entry))) found.push(Number(entry));
    } catch {
      // exited while we looked
    }
  }
  return found;
}

/** True while the process exists and is not a zombie waiting to be reaped. */
export function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

/** What `seq 1 n` prints. */
export function seqOutput(n: number): Buffer {
  const lines: string[] = [];
  for (let i = 1; i <= n; i++) lines.push(String(i));
  return Buffer.from(lines.join('\n') + '\n');
}

/** Pids of live (non-zombie) processes in a process group. */
export function processGroupMembers(pgid: number): number[] {
  const members: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (fields[0] !== 'Z' && Number(fields[2]) === pgid) members.push(Number(entry));
    } catch {
      // exited while we looked
    }
  }
  return members;
}

/** A shell line printing `seq 1 lines` in `batches` with `pause` s between, so faults land mid-stream; and what it prints. */
export function slowSeq(lines: number, batches: number, pause: number): { command: string; expected: Buffer } {
  const per = lines / batches;
  const command = `i=0; while [ $i -lt ${batches} ]; do seq $((i*${per}+1)) $(((i+1)*${per})); i=$((i+1)); sleep ${pause}; done`;
  const all: string[] = [];
  for (let i = 1; i <= lines; i++) all.push(String(i));
  return { command, expected: Buffer.from(all.join('\n') + '\n') };
}
