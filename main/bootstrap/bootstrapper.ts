// The SSH bootstrapper: from a host name to a connected agent, every step visible as a
// `bootstrap` event, every prompt and host key decision routed to the engineer, every attempt
// audited. Steps: connect → check_shell → probe → install → start → register.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { BootstrapDto, BootstrapStep, NewBootstrap, SshHostDto } from '../../preload/api.ts';
import type { AgentRegistry } from '../agents/agent-registry.ts';
import { ApiError } from '../base/errors.ts';
import { validate } from '../base/validate.ts';
import type { EventHub } from '../events.ts';
import type { Logger } from '../observe/log.ts';
import type { Metrics } from '../observe/metrics.ts';
import { shellQuote } from '../base/shell-quote.ts';
import { enrolAgent } from '../security/enrol.ts';
import type { Pki } from '../security/pki.ts';
import type { Store } from '../store/store.ts';
import { answerSchema, approveSchema, newBootstrapSchema } from './bootstrap-schema.ts';
import { BootstrapRepo } from './bootstrap-repo.ts';
import { KnownHosts, knownHostsName, type HostKey } from './known-hosts.ts';
import { findRuntime, sha256File } from './node-runtimes.ts';
import { agentArgv, agentLogTail, findRunningAgent, startAgent, stopAgent, uploadTls, type AgentLaunch, type RunningAgent } from './remote-agent.ts';
import { ensureAgentBundle, ensureRuntime, REMOTE_BASE, withRemoteLock } from './remote-install.ts';
import { checkCleanShell, MIN_NODE_MAJOR, pickNode, probe, type RemoteFacts } from './remote-probe.ts';
import { ReverseTunnel } from './reverse-tunnel.ts';
import { SshConnection, SshError, type Prompt } from './ssh-connection.ts';
import { SshConfigFile, type SshTarget } from './ssh-target.ts';
import type { Disposable } from '../base/disposable.ts';

export interface BootstrapSettings {
  /** ~/.ssh/config */
  sshConfig: string;
  /** The user's known_hosts files (read only). */
  knownHosts: string[];
  /** The app's own known_hosts file, written when a key is approved. */
  appKnownHosts: string;
  /** ssh-agent socket (SSH_AUTH_SOCK). */
  agentSocket: string | null;
  /** node-linux-<arch>-<version>.tgz files to upload to hosts without Node. */
  nodeRuntimesDir: string;
  agentBundle: string;
  /** HOST or HOST:PORT agents dial when the request names none; null: our end of the SSH link. */
  masterAddress: string | null;
  /** Where certificate files are written for a moment before upload. */
  workDir: string;
}

export interface BootstrapperDeps {
  store: Store;
  pki: Pki;
  registry: AgentRegistry;
  events: EventHub;
  log: Logger;
  metrics: Metrics;
  agentPort: number;
  settings: BootstrapSettings;
}

const PROMPT_TIMEOUT_MS = 5 * 60_000;
const DEFAULT_REGISTER_TIMEOUT_S = 30;
/** The uploaded Node runtime (Node 24) needs this glibc. */
const RUNTIME_MIN_GLIBC = [2, 28];

class Cancelled extends Error {}

/** One run of the steps for a bootstrap (approving a host key starts a second run). */
interface Run {
  active: Active;
  dto: BootstrapDto;
  started: number;
  /** What was run on the host to start the agent; the audit keeps its hash. */
  commandLine: string;
  /** The remote home directory, once probed. */
  home: string | null;
  /** Set once an agent was started: a failure after that stops it again. */
  startedPid: number | null;
  /** The SSH connection carries the agent's reverse tunnel and stays open. */
  keepConnection: boolean;
  /** The outcome for the audit and the metric. */
  result: string;
}

/** Paths on the host after the install step. */
interface Installed {
  node: string;
  bundle: string;
}

interface Launched {
  pid: number;
  master: string;
  tunnel: ReverseTunnel | null;
}

interface Active {
  dto: BootstrapDto;
  actor: string;
  cancelled: boolean;
  conn: SshConnection | null;
  prompt: { id: string; resolve: (answers: string[]) => void; reject: (err: Error) => void } | null;
  /** The refused host key, kept (in memory only) until it is approved. */
  refusedKey: { name: string; key: HostKey } | null;
}

export class Bootstrapper implements Disposable {
  private readonly deps: BootstrapperDeps;
  private readonly repo: BootstrapRepo;
  private readonly knownHosts: KnownHosts;
  private readonly sshConfig: SshConfigFile;
  private readonly active = new Map<string, Active>();
  /** One bootstrap at a time per host (a second one waits): they share the host's agent dir. */
  private readonly hostQueues = new Map<string, Promise<unknown>>();
  private readonly tunnels = new Map<string, { conn: SshConnection; tunnel: ReverseTunnel }>();
  private closed = false;

  constructor(deps: BootstrapperDeps) {
    this.deps = deps;
    this.repo = new BootstrapRepo(deps.store.db);
    this.repo.failUnfinished(Date.now());
    this.knownHosts = new KnownHosts(deps.settings.knownHosts, deps.settings.appKnownHosts);
    this.sshConfig = new SshConfigFile(deps.settings.sshConfig, deps.settings.agentSocket);
  }

  /** Validates, records and starts a bootstrap; returns its id at once. */
  start(input: NewBootstrap, actor: string, action: BootstrapDto['action'] = 'start'): string {
    const request = validate(newBootstrapSchema, input, 'body') as NewBootstrap;
    let target: SshTarget;
    try {
      target = this.sshConfig.resolve(request.host, { ...(request.user ? { user: request.user } : {}), ...(request.port ? { port: request.port } : {}) });
    } catch (err) {
      throw new ApiError(400, (err as Error).message);
    }
    const now = new Date().toISOString();
    const dto: BootstrapDto = {
      bootstrap_id: randomUUID(),
      action,
      agent_id: request.agent_id ?? defaultAgentId(target),
      request: { ...request, node_path: request.node_path ?? this.repo.lastNodePath(request.host) ?? undefined },
      target: { host_name: target.hostName, port: target.port, user: target.user, via: target.jumps.map((j) => `${j.user}@${j.hostName}:${j.port}`) },
      state: 'running',
      step: 'queued',
      error: null,
      host_key: null,
      prompt: null,
      remote: null,
      uploaded: { node_runtime: false, agent_bundle: false },
      reused: false,
      tunnel_port: null,
      created_by: actor,
      created_at: now,
      ended_at: null,
      duration_ms: null,
      log: [],
    };
    if (dto.request.node_path === undefined) delete dto.request.node_path;
    const active: Active = { dto, actor, cancelled: false, conn: null, prompt: null, refusedKey: null };
    this.active.set(dto.bootstrap_id, active);
    this.publish(active);
    this.schedule(active, target);
    return dto.bootstrap_id;
  }

  /** Host aliases of ~/.ssh/config, for suggestions. */
  hosts(): SshHostDto[] {
    return this.sshConfig.hosts();
  }

  get(id: string): BootstrapDto {
    const dto = this.active.get(id)?.dto ?? this.repo.get(id);
    if (!dto) throw new ApiError(404, `unknown bootstrap "${id}"`);
    return dto;
  }

  list(limit = 100): BootstrapDto[] {
    if (!Number.isSafeInteger(limit) || limit < 1 || limit > 1000) throw new ApiError(400, 'limit: must be 1-1000');
    return this.repo.list(limit).map((d) => this.active.get(d.bootstrap_id)?.dto ?? d);
  }

  answer(id: string, input: { prompt_id: string; answers: string[] }): void {
    const { prompt_id, answers } = validate(answerSchema, input, 'body');
    const active = this.activeOr409(id);
    if (!active.prompt || active.prompt.id !== prompt_id) throw new ApiError(409, `bootstrap ${id} is not waiting for prompt "${prompt_id}"`);
    const expected = active.dto.prompt?.questions.length ?? 0;
    if (answers.length !== expected) throw new ApiError(400, `answers: the prompt has ${expected} question(s), got ${answers.length} answer(s)`);
    active.prompt.resolve(answers);
  }

  approveHostKey(id: string, input: { fingerprint: string }, actor: string): void {
    const { fingerprint } = validate(approveSchema, input, 'body');
    const active = this.activeOr409(id);
    if (active.dto.state !== 'needs_host_key' || !active.refusedKey) throw new ApiError(409, `bootstrap ${id} is not waiting for a host key approval`);
    if (fingerprint !== active.refusedKey.key.fingerprint) throw new ApiError(409, `the host key of ${active.refusedKey.name} is ${active.refusedKey.key.fingerprint}, not ${fingerprint}; nothing was approved`);
    const { name, key } = active.refusedKey;
    this.knownHosts.approve(name, key, `approved-by-${actor}-${new Date().toISOString()}`);
    this.deps.store.audit.record(actor, 'ssh.host_key.approve', name, { bootstrap_id: id, key_type: key.type, fingerprint: key.fingerprint, was: active.dto.host_key?.status });
    active.refusedKey = null;
    active.dto.state = 'running';
    active.dto.error = null;
    this.note(active, 'connect', `${actor} approved the host key ${key.fingerprint} of ${name}`);
    const target = this.sshConfig.resolve(active.dto.request.host, { ...(active.dto.request.user ? { user: active.dto.request.user } : {}), ...(active.dto.request.port ? { port: active.dto.request.port } : {}) });
    this.schedule(active, target);
  }

  cancel(id: string, actor: string): void {
    const active = this.activeOr409(id);
    active.cancelled = true;
    this.note(active, active.dto.step, `cancelled by ${actor}`);
    active.prompt?.reject(new Cancelled('cancelled'));
    if (active.dto.state === 'needs_host_key') this.finish(active, 'cancelled', 'cancelled before the host key was approved');
  }

  stopAgent(agentId: string, actor: string): string {
    return this.start(this.requestFor(agentId), actor, 'stop');
  }

  restartAgent(agentId: string, actor: string): string {
    return this.start({ ...this.requestFor(agentId), restart: true }, actor, 'restart');
  }

  async dispose(): Promise<void> {
    this.closed = true;
    for (const active of this.active.values()) {
      active.cancelled = true;
      active.prompt?.reject(new Cancelled('the master is shutting down'));
      active.conn?.close();
    }
    for (const { conn } of this.tunnels.values()) conn.close();
    this.tunnels.clear();
    await Promise.allSettled([...this.hostQueues.values()]);
  }

  private requestFor(agentId: string): NewBootstrap {
    const last = this.repo.lastStarted(String(agentId));
    if (!last) throw new ApiError(404, `agent "${agentId}" was not started by a bootstrap; stop it on its host`);
    return { ...last.request, agent_id: last.agent_id, restart: undefined };
  }

  private activeOr409(id: string): Active {
    const active = this.active.get(String(id));
    if (active) return active;
    const stored = this.repo.get(String(id));
    if (!stored) throw new ApiError(404, `unknown bootstrap "${id}"`);
    throw new ApiError(409, `bootstrap ${id} has ended (${stored.state})`);
  }

  /** Runs the attempt after any other bootstrap to the same host has finished. */
  private schedule(active: Active, target: SshTarget): void {
    const key = `${target.user}@${target.hostName}:${target.port}`;
    const previous = this.hostQueues.get(key) ?? Promise.resolve();
    const run = previous.then(() => this.attempt(active, target));
    const tail = run.catch(() => undefined);
    this.hostQueues.set(key, tail);
    void tail.then(() => {
      if (this.hostQueues.get(key) === tail) this.hostQueues.delete(key);
    });
  }

  /**
   * One run of the steps: connect → check_shell → probe, then stop, reuse, or install → start →
   * register. Each step is its own method; every run ends with one audit record.
   */
  private async attempt(active: Active, target: SshTarget): Promise<void> {
    const run: Run = { active, dto: active.dto, started: Date.now(), commandLine: `${active.dto.action} ${active.dto.agent_id}`, home: null, startedPid: null, keepConnection: false, result: 'failed' };
    try {
      const conn = await this.connect(run, target);
      await this.checkShell(run, conn);
      const { facts, node } = await this.probeHost(run, conn);
      const running = await findRunningAgent(conn, facts.home, run.dto.agent_id);
      if (run.dto.action === 'stop') return await this.stopRunning(run, conn, running);
      const bundle = { file: this.deps.settings.agentBundle, sha256: await sha256File(this.deps.settings.agentBundle) };
      if (running && this.reusable(run.dto, running, bundle.sha256)) return this.reuse(run, running);
      const installed = await this.install(run, conn, facts, node?.path ?? null, bundle);
      const launched = await this.launch(run, conn, running, installed, bundle.sha256);
      await this.register(run, conn, launched);
    } catch (err) {
      await this.failed(run, err);
    } finally {
      this.audit(run);
      if (!run.keepConnection) active.conn?.close();
      active.conn = null;
    }
  }

  private async connect(run: Run, target: SshTarget): Promise<SshConnection> {
    const { active, dto } = run;
    this.check(active);
    this.note(active, 'connect', `connecting to ${target.user}@${target.hostName}:${target.port}${target.jumps.length ? ` via ${dto.target!.via.join(' → ')}` : ''}`);
    const conn = await SshConnection.open(target, { knownHosts: this.knownHosts, prompt: (p) => this.ask(active, p), readyTimeoutMs: 15_000 });
    active.conn = conn;
    dto.host_key = { host: knownHostsName(target.hostKeyName, target.port), status: 'trusted', key_type: conn.hostKey.type, fingerprint: conn.hostKey.fingerprint, known: [] };
    this.note(active, 'connect', `connected; host key ${conn.hostKey.type} ${conn.hostKey.fingerprint} is known`);
    return conn;
  }

  private async checkShell(run: Run, conn: SshConnection): Promise<void> {
    this.note(run.active, 'check_shell', 'checking that the login shell prints nothing');
    const shell = await checkCleanShell(conn);
    if (shell.stderrNoise) this.note(run.active, 'check_shell', `the login shell writes to stderr (harmless): ${shell.stderrNoise}`);
    this.check(run.active);
  }

  private async probeHost(run: Run, conn: SshConnection): Promise<{ facts: RemoteFacts; node: ReturnType<typeof pickNode> }> {
    const { active, dto } = run;
    this.note(active, 'probe', 'probing OS, architecture, glibc and Node');
    const facts = await probe(conn, dto.request.node_path ?? null, REMOTE_BASE);
    run.home = facts.home;
    const node = pickNode(facts, dto.request.node_path ?? null);
    dto.remote = { os: facts.os, arch: facts.arch, glibc: facts.glibc, node_path: node?.path ?? null, node_version: node?.version ?? null };
    this.note(active, 'probe', `${facts.os} ${facts.arch}, glibc ${facts.glibc ?? 'none'}, ${node ? `Node ${node.version} at ${node.path} (${node.source})` : `no Node >= ${MIN_NODE_MAJOR}`}`);
    this.check(active);
    return { facts, node };
  }

  /** The "stop" action ends here: the agent (if any) is stopped and its tunnel closed. */
  private async stopRunning(run: Run, conn: SshConnection, running: RunningAgent | null): Promise<void> {
    this.note(run.active, 'stop', running ? `stopping agent pid ${running.pid}` : 'no agent runs');
    this.closeTunnel(run.dto.agent_id);
    await stopAgent(conn, run.home!, run.dto.agent_id, false);
    run.result = 'stopped';
    this.finish(run.active, 'done', null);
  }

  /** A running agent is kept when nothing asks for a new one: same bundle, workspace and labels, and it is connected. */
  private reusable(dto: BootstrapDto, running: RunningAgent, bundleSha256: string): boolean {
    return !dto.request.restart && running.bundleSha256 === bundleSha256 && running.workspace === dto.request.workspace &&
      sameLabels(running.labels, dto.request.labels ?? []) && this.deps.registry.sessionFor(dto.agent_id)?.hello?.pid === running.pid;
  }

  private reuse(run: Run, running: RunningAgent): void {
    run.dto.reused = true;
    run.result = 'reused';
    this.note(run.active, 'register', `agent ${run.dto.agent_id} (pid ${running.pid}) already runs this version and is connected: reusing it`);
    this.finish(run.active, 'done', null);
  }

  /** Node (when the host has none) and the agent bundle, under the host's install lock. */
  private async install(run: Run, conn: SshConnection, facts: RemoteFacts, nodePath: string | null, bundle: { file: string; sha256: string }): Promise<Installed> {
    const { active, dto } = run;
    this.note(active, 'install', 'taking the install lock');
    const installed = await withRemoteLock(conn, facts.home, `${dto.bootstrap_id} ${dto.created_by}`, async () => {
      const node = nodePath ?? (await this.installRuntime(active, conn, facts));
      const placed = await ensureAgentBundle(conn, facts.home, bundle);
      dto.uploaded.agent_bundle = placed.uploaded;
      this.note(active, 'install', placed.uploaded ? `agent bundle copied to ${placed.path}` : `agent bundle ${bundle.sha256.slice(0, 12)} already there`);
      return { node, bundle: placed.path };
    });
    this.check(active);
    return installed;
  }

  /** Replaces any old agent, picks the way back to the master (direct or tunnelled) and starts the agent. */
  private async launch(run: Run, conn: SshConnection, running: RunningAgent | null, installed: Installed, bundleSha256: string): Promise<Launched> {
    const { active, dto } = run;
    const home = run.home!;
    if (running) {
      this.note(active, 'start', `stopping the old agent (pid ${running.pid})`);
      await stopAgent(conn, home, dto.agent_id, false);
      await this.waitUntilOffline(dto.agent_id);
    }
    this.closeTunnel(dto.agent_id);
    const master = await this.masterEndpoint(active, conn, installed.node);
    const tunnel = master.tunnel ? await ReverseTunnel.open(conn.client, this.deps.agentPort, (err) => this.deps.log.warn({ err, agent_id: dto.agent_id }, 'reverse tunnel could not reach the agent listener')) : null;
    if (tunnel) {
      dto.tunnel_port = tunnel.remotePort;
      this.note(active, 'start', `the agent link goes through an SSH reverse tunnel (host port ${tunnel.remotePort})`);
    }
    const launch: AgentLaunch = {
      agentId: dto.agent_id,
      node: installed.node,
      bundle: installed.bundle,
      bundleSha256,
      master: tunnel ? `127.0.0.1:${tunnel.remotePort}` : master.address,
      workspace: dto.request.workspace,
      labels: dto.request.labels ?? [],
      heartbeatS: this.deps.registry.heartbeatMs / 1000,
    };
    run.commandLine = agentArgv(home, launch).join(' ');
    await this.uploadCertificate(active, conn, home);
    this.note(active, 'start', `starting the agent (master ${launch.master})`);
    run.startedPid = await startAgent(conn, home, launch);
    this.note(active, 'register', `agent started (pid ${run.startedPid}); waiting for it to connect`);
    return { pid: run.startedPid, master: launch.master, tunnel };
  }

  /** Waits for the agent to connect; a tunnelled agent keeps this SSH connection open. */
  private async register(run: Run, conn: SshConnection, launched: Launched): Promise<void> {
    const agentId = run.dto.agent_id;
    await this.waitForRegistration(run.active, launched.pid, launched.master, launched.tunnel !== null, conn, run.home!);
    if (launched.tunnel) {
      this.tunnels.set(agentId, { conn, tunnel: launched.tunnel });
      conn.client.on('close', () => {
        if (this.tunnels.get(agentId)?.conn !== conn) return;
        this.tunnels.delete(agentId);
        this.deps.log.warn({ agent_id: agentId }, 'the SSH connection carrying the agent tunnel closed; restart the agent to reconnect it');
      });
      run.keepConnection = true;
    }
    run.result = 'online';
    this.finish(run.active, 'done', null);
  }

  /** An unknown or changed host key pauses the bootstrap for approval; anything else ends it. */
  private async failed(run: Run, err: unknown): Promise<void> {
    const { active, dto } = run;
    if (err instanceof SshError && err.kind === 'host_key' && err.hostKey && !active.cancelled) {
      const { name, key, status, known } = err.hostKey;
      active.refusedKey = { name, key };
      dto.host_key = { host: name, status, key_type: key.type, fingerprint: key.fingerprint, known: known.map((k) => ({ type: k.type, fingerprint: k.fingerprint })) };
      dto.state = 'needs_host_key';
      dto.error = err.message;
      run.result = `host_key_${status}`;
      this.note(active, 'connect', err.message);
      return;
    }
    const message = err instanceof Cancelled || active.cancelled ? 'cancelled' : (err as Error).message;
    if (run.startedPid !== null && active.conn && run.home) {
      // No half-started agent: stop it and take its key away again.
      await stopAgent(active.conn, run.home, dto.agent_id, true).catch((e) => this.deps.log.warn({ err: e }, 'could not stop the half-started agent'));
    }
    run.result = active.cancelled ? 'cancelled' : 'failed';
    if (!(err instanceof Cancelled) && !(err instanceof SshError)) this.deps.log.warn({ err, bootstrap_id: dto.bootstrap_id }, 'bootstrap failed');
    this.finish(active, active.cancelled ? 'cancelled' : 'failed', message);
  }

  /** One audit record and one metric per run, whatever its outcome; the command line only as a hash. */
  private audit(run: Run): void {
    const { active, dto } = run;
    this.deps.metrics.bootstraps.inc({ result: run.result });
    this.deps.store.audit.record(active.actor, `bootstrap.${dto.action}`, dto.target ? `${dto.target.user}@${dto.target.host_name}:${dto.target.port}` : dto.request.host, {
      bootstrap_id: dto.bootstrap_id,
      agent_id: dto.agent_id,
      host_key_fingerprint: dto.host_key?.fingerprint ?? null,
      command_sha256: createHash('sha256').update(run.commandLine).digest('hex'),
      result: run.result,
      error: dto.error,
      duration_ms: Date.now() - run.started,
      uploaded: dto.uploaded,
      tunnel: dto.tunnel_port !== null,
    });
  }

  private async installRuntime(active: Active, conn: SshConnection, facts: RemoteFacts): Promise<string> {
    const dto = active.dto;
    if (facts.os !== 'Linux' || (facts.arch !== 'x64' && facts.arch !== 'arm64')) {
      throw new Error(`no Node ${MIN_NODE_MAJOR}+ on the host and no bundled runtime for ${facts.os} ${facts.arch}: install Node there and set node_path`);
    }
    if (!facts.glibc) throw new Error(`no Node ${MIN_NODE_MAJOR}+ on the host, and its C library is not glibc (musl?), which the bundled runtime needs: install Node there and set node_path`);
    const [major, minor] = facts.glibc.split('.').map(Number);
    if (major! < RUNTIME_MIN_GLIBC[0]! || (major === RUNTIME_MIN_GLIBC[0] && minor! < RUNTIME_MIN_GLIBC[1]!)) {
      throw new Error(`no Node ${MIN_NODE_MAJOR}+ on the host, and its glibc ${facts.glibc} is older than the ${RUNTIME_MIN_GLIBC.join('.')} the bundled runtime needs: install Node there and set node_path`);
    }
    const runtime = await findRuntime(this.deps.settings.nodeRuntimesDir, facts.arch);
    if (!runtime) throw new Error(`no Node ${MIN_NODE_MAJOR}+ on the host, and no runtime for linux-${facts.arch} in ${this.deps.settings.nodeRuntimesDir} (run scripts/fetch-node-runtimes.ts), so the agent cannot run there`);
    this.note(active, 'install', `no Node ${MIN_NODE_MAJOR}+ found: installing Node ${runtime.version} (${Math.round(runtime.size / 1e6)} MB)`);
    const placed = await ensureRuntime(conn, facts.home, runtime);
    dto.uploaded.node_runtime = placed.uploaded;
    dto.remote = { ...dto.remote!, node_path: placed.path, node_version: `v${runtime.version}` };
    this.note(active, 'install', placed.uploaded ? `Node ${runtime.version} uploaded and verified (sha256 ${runtime.sha256.slice(0, 12)}…)` : `Node ${runtime.version} was installed meanwhile`);
    return placed.path;
  }

  /** Where the agent dials, and whether it must go through a reverse tunnel. */
  private async masterEndpoint(active: Active, conn: SshConnection, node: string): Promise<{ address: string; tunnel: boolean }> {
    const req = active.dto.request;
    const given = req.master_address ?? this.deps.settings.masterAddress;
    const address = given ? (/:\d+$/.test(given) && !/^\[[^\]]*\]$/.test(given) ? given : `${given}:${this.deps.agentPort}`) : `${conn.localAddress ?? '127.0.0.1'}:${this.deps.agentPort}`;
    const mode = req.tunnel ?? 'auto';
    if (mode !== 'auto') return { address, tunnel: mode === 'always' };
    const reach = await this.reachable(conn, node, address);
    if (reach === true) return { address, tunnel: false };
    this.note(active, 'start', `the host cannot reach the master at ${address} (${reach})`);
    return { address, tunnel: true };
  }

  /** Asks the host itself whether it can open a TCP connection to the master. */
  private async reachable(conn: SshConnection, node: string, address: string): Promise<true | string> {
    const colon = address.lastIndexOf(':');
    const host = address.slice(0, colon).replace(/^\[|\]$/g, '');
    const port = address.slice(colon + 1);
    const js = 'const s=require("net").connect(+process.argv[2],process.argv[1]);s.setTimeout(3000);const r=(m)=>{console.log("@@p4i-"+m);process.exit(0)};s.on("connect",()=>r("reachable"));s.on("error",(e)=>r("unreachable "+e.code));s.on("timeout",()=>r("unreachable timeout"))';
    const result = await conn.run(`${shellQuote(node)} -e ${shellQuote(js)} ${shellQuote(host)} ${shellQuote(port)}`, { timeoutMs: 15_000 });
    const line = /@@p4i-(reachable|unreachable \S+)/.exec(result.stdout)?.[1];
    if (!line) throw new Error(`checking whether the host can reach the master failed: ${(result.stdout + result.stderr).trim().slice(0, 300)}`);
    return line === 'reachable' ? true : line.slice('unreachable '.length);
  }

  /** Issues the agent's certificate (pinning its key) and writes it to the host; no copy stays here. */
  private async uploadCertificate(active: Active, conn: SshConnection, home: string): Promise<void> {
    const dir = mkdtempSync(join(this.deps.settings.workDir, 'tls-'));
    try {
      const files = await enrolAgent(this.deps.store, this.deps.pki, active.dto.agent_id, dir, active.actor);
      await uploadTls(conn, home, active.dto.agent_id, { ca: readFileSync(files.ca, 'utf8'), cert: readFileSync(files.cert, 'utf8'), key: readFileSync(files.key, 'utf8') });
      this.note(active, 'start', 'certificate issued and written (key 0600)');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  private async waitForRegistration(active: Active, pid: number, master: string, tunnel: boolean, conn: SshConnection, home: string): Promise<void> {
    const agentId = active.dto.agent_id;
    const timeoutS = active.dto.request.register_timeout_s ?? DEFAULT_REGISTER_TIMEOUT_S;
    const registered = () => this.deps.registry.sessionFor(agentId)?.hello?.pid === pid;
    await new Promise<void>((resolve, reject) => {
      let timer: NodeJS.Timeout;
      const done = (err?: Error) => {
        clearTimeout(timer);
        clearInterval(poll);
        unsubscribe();
        if (err) reject(err);
        else resolve();
      };
      const unsubscribe = this.deps.events.on((e) => {
        if (e.type === 'agent' && e.agent.agent_id === agentId && registered()) done();
      });
      const poll = setInterval(() => {
        if (active.cancelled) done(new Cancelled('cancelled'));
        else if (registered()) done();
      }, 250);
      timer = setTimeout(() => done(new Error('timeout')), timeoutS * 1000);
    }).catch(async (err) => {
      if (err instanceof Cancelled) throw err;
      const tail = await agentLogTail(conn, home, agentId);
      const causes = tunnel
        ? 'the SSH reverse tunnel did not carry the connection (check AllowTcpForwarding on the host)'
        : `a firewall between the host and ${master} (the agent port), or ${master} is not this master's address as the host sees it (set master_address, or tunnel: "always")`;
      throw new Error(`the agent started (pid ${pid}) but did not connect to the master at ${master} within ${timeoutS} s. Likely cause: ${causes}.${tail ? ` The agent's log ends with: ${tail}` : ''}`);
    });
    this.note(active, 'register', `agent ${agentId} is online`);
  }

  private async waitUntilOffline(agentId: string): Promise<void> {
    const until = Date.now() + 10_000;
    while (this.deps.registry.statusOf(agentId) === 'online' && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
  }

  private closeTunnel(agentId: string): void {
    const held = this.tunnels.get(agentId);
    if (!held) return;
    this.tunnels.delete(agentId);
    held.conn.close();
  }

  private ask(active: Active, prompt: Prompt): Promise<string[]> {
    if (active.cancelled) return Promise.reject(new Cancelled('cancelled'));
    const id = randomBytes(8).toString('hex');
    return new Promise<string[]>((resolve, reject) => {
      const timer = setTimeout(() => settle(() => reject(new Error(`no answer to "${prompt.questions[0]?.text ?? prompt.title}" within ${PROMPT_TIMEOUT_MS / 60_000} minutes`))), PROMPT_TIMEOUT_MS);
      const settle = (fn: () => void) => {
        clearTimeout(timer);
        active.prompt = null;
        active.dto.prompt = null;
        if (active.dto.state === 'waiting_input') active.dto.state = 'running';
        this.publish(active);
        fn();
      };
      active.prompt = { id, resolve: (answers) => settle(() => resolve(answers)), reject: (err) => settle(() => reject(err)) };
      active.dto.prompt = { prompt_id: id, kind: prompt.kind, title: prompt.title, instructions: prompt.instructions, questions: prompt.questions };
      active.dto.state = 'waiting_input';
      this.note(active, active.dto.step, `waiting for an answer: ${prompt.questions.map((q) => q.text).join(' / ')}`);
    });
  }

  private check(active: Active): void {
    if (active.cancelled || this.closed) throw new Cancelled('cancelled');
  }

  private note(active: Active, step: BootstrapStep, message: string): void {
    active.dto.step = step;
    active.dto.log.push({ at: new Date().toISOString(), step, message });
    this.publish(active);
  }

  private finish(active: Active, state: 'done' | 'failed' | 'cancelled', error: string | null): void {
    const dto = active.dto;
    dto.state = state;
    dto.error = error;
    dto.prompt = null;
    dto.ended_at = new Date().toISOString();
    dto.duration_ms = Date.parse(dto.ended_at) - Date.parse(dto.created_at);
    this.note(active, 'finished', state === 'done' ? `done in ${dto.duration_ms} ms` : `${state}: ${error}`);
    this.active.delete(dto.bootstrap_id);
  }

  private publish(active: Active): void {
    this.deps.store.transaction(() => this.repo.save(active.dto));
    this.deps.events.emit({ type: 'bootstrap', bootstrap: structuredClone(active.dto) });
  }
}

/** Stable across bootstraps: the same user, host and port give the same agent. */
function defaultAgentId(target: SshTarget): string {
  const raw = `${target.user}.${target.alias}${target.port === 22 ? '' : `-${target.port}`}`;
  return raw.replace(/[^A-Za-z0-9._:-]/g, '_').slice(0, 128);
}

function sameLabels(a: string[], b: string[]): boolean {
  return a.length === b.length && [...a].sort().join('\n') === [...b].sort().join('\n');
}
