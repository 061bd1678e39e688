// Composition root: creates every service of the master, wires them, and disposes them in
// reverse order. Runs inside Electron (main/desktop) or under plain Node (main/headless.ts).
import { accessSync, chmodSync, closeSync, constants, mkdirSync, openSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_HEARTBEAT_MS } from '../agent/protocol.ts';
import type { MasterApi } from '../preload/api.ts';
import { AgentListener } from './agents/agent-listener.ts';
import { AgentRegistry } from './agents/agent-registry.ts';
import { CommandDispatcher } from './agents/command-dispatcher.ts';
import { leftoverLocalAgent, LocalAgent, localAgentUnsupported, stopProcess } from './agents/local-agent.ts';
import { Disposables } from './base/disposable.ts';
import { Bootstrapper } from './bootstrap/bootstrapper.ts';
import { HttpServer } from './api/http-server.ts';
import { createMasterApi } from './api/master-api.ts';
import { settingsView } from './api/settings-view.ts';
import { EventHub } from './events.ts';
import { JobEngine } from './jobs/job-engine.ts';
import { loadPipeline, type PipelineConfig } from './jobs/pipeline-templates.ts';
import { createLogger, type Logger } from './observe/log.ts';
import { Metrics } from './observe/metrics.ts';
import { MetricsServer } from './observe/metrics-server.ts';
import { ensureApiToken } from './security/api-token.ts';
import { CommandSigner } from './security/command-signer.ts';
import { localAgentFiles } from './security/enrol.ts';
import { Enrolment, type AllowRule } from './security/enrolment.ts';
import { ensurePki } from './security/pki.ts';
import { SecretBox, type Keychain } from './security/secret-box.ts';
import { DATABASE_FILE, Store } from './store/store.ts';

export const VERSION = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
export const LOCAL_AGENT_ID = 'local';

export interface MasterOptions {
  dataDir: string;
  agentPort: number;
  agentHost: string;
  /** null: no HTTP face (the desktop app talks over IPC). */
  httpPort: number | null;
  httpHost: string;
  localAgent: boolean;
  localWorkspace: string;
  heartbeatMs: number;
  killGraceMs: number;
  lostAfterMs: number;
  maxRunningJobs: number;
  watcherIntervalMs: number;
  /** A job whose agent is away this long is blocked and a person is told. */
  agentLostAfterMs: number;
  /** Prometheus /metrics port (default 9091, next to the agent port 9090); null: not served. */
  metricsPort: number | null;
  metricsHost: string;
  /** The `pipeline:` section of the config file (pipeline.yaml in the data dir overrides it). */
  pipeline?: PipelineConfig;
  /** Plain TCP agent link (no TLS, no identities): only behind this explicit flag. */
  insecure: boolean;
  /** Agents that match are accepted without an operator's approval. */
  allow: AllowRule[];
  /** Agent port limits for connections that have not proved who they are (see docs/operations.md). */
  handshakeTimeoutMs: number;
  maxUnauthenticated: number;
  maxUnauthenticatedPerAddress: number;
  maxPendingAgents: number;
  newIdentitiesPerMinute: number;
  agentBundle: string;
  /** The built renderer the HTTP face serves at / (null: API only). */
  rendererDir: string | null;
  /** SSH bootstrapper: the OpenSSH files it reads (injectable for tests). */
  sshConfig: string;
  knownHosts: string[];
  /** node-linux-<arch>-<version>.tgz runtimes for hosts without Node (scripts/fetch-node-runtimes.ts). */
  nodeRuntimesDir: string;
  /** HOST or HOST:PORT bootstrapped agents dial; null: this side of each SSH connection. */
  masterAddress: string | null;
  /** Where the secrets key is kept encrypted (the desktop's OS keychain); null: a 0600 key file. */
  keychain?: Keychain | null;
  log?: Logger;
}

export function defaultDataDir(): string {
  return process.env.P4I_DATA_DIR ?? join(process.env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share'), 'p4-integrator');
}

export const DEFAULT_OPTIONS: MasterOptions = {
  dataDir: defaultDataDir(),
  agentPort: 9090,
  agentHost: '0.0.0.0',
  httpPort: 9080,
  httpHost: '127.0.0.1',
  localAgent: false,
  localWorkspace: homedir(),
  heartbeatMs: DEFAULT_HEARTBEAT_MS,
  killGraceMs: 10_000,
  lostAfterMs: 300_000,
  maxRunningJobs: 4,
  watcherIntervalMs: 30_000,
  agentLostAfterMs: 120_000,
  metricsPort: 9091,
  metricsHost: '127.0.0.1',
  insecure: false,
  allow: [],
  handshakeTimeoutMs: 10_000,
  maxUnauthenticated: 256,
  maxUnauthenticatedPerAddress: 32,
  maxPendingAgents: 100,
  newIdentitiesPerMinute: 10,
  agentBundle: fileURLToPath(new URL('../dist/agent.cjs', import.meta.url)),
  rendererDir: fileURLToPath(new URL('../dist/renderer', import.meta.url)),
  sshConfig: process.env.P4I_SSH_CONFIG ?? join(homedir(), '.ssh', 'config'),
  knownHosts: process.env.P4I_KNOWN_HOSTS?.split(':') ?? [join(homedir(), '.ssh', 'known_hosts'), join(homedir(), '.ssh', 'known_hosts2')],
  nodeRuntimesDir: process.env.P4I_NODE_RUNTIMES ?? fileURLToPath(new URL('../build/node-runtimes', import.meta.url)),
  masterAddress: process.env.P4I_MASTER_ADDRESS ?? null,
};

export interface Master {
  api: MasterApi;
  agentPort: number;
  httpPort: number | null;
  metricsPort: number | null;
  url: string | null;
  dataDir: string;
  token: string;
  close(): Promise<void>;
}

export async function startMaster(options: Partial<MasterOptions> = {}): Promise<Master> {
  const opts: MasterOptions = { ...DEFAULT_OPTIONS, ...options };
  const log = opts.log ?? createLogger();
  const unsupported = opts.localAgent ? localAgentUnsupported() : null;
  if (unsupported) throw new Error(unsupported);
  prepareDataDir(opts.dataDir, log);
  const parts = new Disposables((err) => log.error({ err }, 'error while shutting down'));
  const close = (): Promise<void> => parts.dispose();
  try {
    const pipeline = loadPipeline(opts.dataDir, opts.pipeline);
    const leftover = opts.localAgent ? null : leftoverLocalAgent(opts.dataDir);
    if (leftover !== null) {
      // It would connect as `local` and take work, with nobody to stop it.
      log.warn({ pid: leftover }, 'stopping the local agent left by an earlier run: this master runs without --local-agent');
      await stopProcess(leftover);
    }
    const store = parts.add(new Store(opts.dataDir));
    const events = new EventHub(log);
    let registry: AgentRegistry | null = null;
    let listener: AgentListener | null = null;
    const metrics = new Metrics({
      agentsConnected: () => registry?.onlineCount() ?? 0,
      jobsInProgress: () => store.jobs.progress().count,
      oldestJobAgeS: () => {
        const oldest = store.jobs.progress().oldestStart;
        return oldest === null ? 0 : (Date.now() - oldest) / 1000;
      },
      agentPortWaiting: () => listener?.guard.counts().waiting ?? 0,
    });
    // A failing store is a state: agents keep their output until writes succeed again.
    parts.add({ dispose: store.writer.onHealth((health) => {
      if (health.ok) log.info('store writes succeed again');
      else log.error({ error: health.error }, 'store writes fail; output waits in the agents');
      metrics.storeWritable.set(health.ok ? 1 : 0);
      if (!health.ok) metrics.storeWriteFailures.inc();
      events.emit({ type: 'store', store: health });
    }) });
    registry = parts.add(new AgentRegistry(store, events, log, opts.heartbeatMs, metrics));
    const secrets = SecretBox.load(opts.dataDir, opts.keychain ?? null);
    log.info({ key: secrets.keptIn }, 'secret env values are sealed with this key');
    const dispatcher = parts.add(new CommandDispatcher(store, registry, events, log, { killGraceMs: opts.killGraceMs, lostAfterMs: opts.lostAfterMs, metrics, secrets }));
    const engine = parts.add(new JobEngine(store, dispatcher, registry, events, log, { pipeline, metrics, maxRunningJobs: opts.maxRunningJobs, watcherIntervalMs: opts.watcherIntervalMs, lostRetries: 3, agentWaitMs: 2000, agentLostAfterMs: opts.agentLostAfterMs, secrets }));
    const pki = await ensurePki(opts.dataDir);
    if (opts.insecure) log.warn('agent link runs over PLAIN TCP (--insecure): anyone who can reach the agent port can pose as an agent, and traffic is readable');
    const signer = new CommandSigner(pki.signingKey, pki.signingPublicPem);
    const enrolment = new Enrolment(store, opts.allow, log, { maxPending: opts.maxPendingAgents, newIdentitiesPerMinute: opts.newIdentitiesPerMinute });
    const limits = { handshakeMs: opts.handshakeTimeoutMs, maxUnauthenticated: opts.maxUnauthenticated, maxUnauthenticatedPerAddress: opts.maxUnauthenticatedPerAddress };
    listener = new AgentListener({ registry, dispatcher, store, signer, enrolment, pki: opts.insecure ? null : pki, log, limits });
    listener.onFilesChanged = (agentId, watchId) => engine.filesChanged(agentId, watchId);
    listener.onAgentReady = (agentId) => engine.agentReady(agentId);
    const agentPort = await listener.listen(opts.agentPort, opts.agentHost);
    parts.add(listener);
    let metricsPort: number | null = null;
    if (opts.metricsPort !== null) {
      const server = new MetricsServer(metrics, log);
      metricsPort = await server.listen(opts.metricsPort, opts.metricsHost);
      parts.add(server);
    }
    const bootstrapper = parts.add(new Bootstrapper({
      store, pki, registry, events, log, metrics, agentPort,
      settings: {
        sshConfig: opts.sshConfig,
        knownHosts: opts.knownHosts,
        appKnownHosts: join(opts.dataDir, 'known_hosts'),
        agentSocket: process.env.SSH_AUTH_SOCK || null,
        nodeRuntimesDir: opts.nodeRuntimesDir,
        agentBundle: opts.agentBundle,
        masterAddress: opts.masterAddress,
        workDir: opts.dataDir,
      },
    }));
    const token = ensureApiToken(opts.dataDir);
    let httpPort: number | null = null;
    const settings = () => settingsView({ version: VERSION, dataDir: opts.dataDir, agentPort, agentHost: opts.agentHost, localAgent: opts.localAgent, httpPort, pipeline });
    let local: LocalAgent | null = null;
    const localAgent = opts.localAgent ? { agentId: LOCAL_AGENT_ID, problem: () => local?.problem ?? null } : undefined;
    const api = createMasterApi({ store, registry, dispatcher, events, engine, bootstrapper, version: VERSION, listener: { port: agentPort, tls: !opts.insecure }, actor: 'api', settings, localAgent });
    if (opts.httpPort !== null) {
      const http = new HttpServer(api, token, log, opts.rendererDir);
      httpPort = await http.listen(opts.httpPort, opts.httpHost);
      parts.add(http);
    }
    if (opts.localAgent) {
      const tls = opts.insecure ? null : await localAgentFiles(store, pki, LOCAL_AGENT_ID, join(opts.dataDir, 'local-agent'));
      const agent = new LocalAgent({
        tls,
        agentBundle: opts.agentBundle,
        agentId: LOCAL_AGENT_ID,
        masterPort: agentPort,
        dataDir: opts.dataDir,
        workspace: opts.localWorkspace,
        heartbeatMs: opts.heartbeatMs,
        killGraceMs: opts.killGraceMs,
        log,
        onDied: (reason) => dispatcher.agentDied(LOCAL_AGENT_ID, reason),
      });
      local = agent;
      agent.start();
      parts.add(agent);
    }
    engine.resume();
    log.info({ agent_port: agentPort, http_port: httpPort, data_dir: opts.dataDir }, 'master started');
    const host = opts.httpHost === '0.0.0.0' ? '127.0.0.1' : opts.httpHost;
    return { api, agentPort, httpPort, metricsPort, url: httpPort === null ? null : `http://${host.includes(':') ? `[${host}]` : host}:${httpPort}/`, dataDir: opts.dataDir, token, close };
  } catch (err) {
    await close();
    throw err;
  }
}

/**
 * The data dir holds the history (commands, output), the keys and the API token: it is made
 * 0700 and its database files 0600 at every start, also when an older version or a hand-made
 * directory left them looser (with a warning saying so).
 */
function prepareDataDir(dir: string, log: Logger): void {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    accessSync(dir, constants.W_OK);
    restrict(dir, 0o700, log);
    const db = join(dir, DATABASE_FILE);
    // SQLite gives its -wal and -shm files the mode of the database file.
    closeSync(openSync(db, 'a', 0o600));
    for (const file of [db, `${db}-wal`, `${db}-shm`]) restrict(file, 0o600, log);
  } catch (err) {
    throw new Error(`data directory ${dir} is not writable: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

function restrict(path: string, mode: number, log: Logger): void {
  let was: number;
  try {
    was = statSync(path).mode & 0o777;
  } catch {
    return; // not there (yet)
  }
  if ((was & ~mode) === 0) return;
  chmodSync(path, mode);
  log.warn({ path, was: was.toString(8), now: mode.toString(8) }, `${path} was open to other users (mode ${was.toString(8)}); made it ${mode.toString(8)}`);
}
