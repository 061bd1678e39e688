// `npm run master`: the master under plain Node, serving the REST/WebSocket API.
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { loadConfig } from './config.ts';
import { DEFAULT_OPTIONS, startMaster, VERSION, type MasterOptions } from './master.ts';
import { createLogger, type LogOptions } from './observe/log.ts';
import { enrolAgent } from './security/enrol.ts';
import { parseAllowRule } from './security/enrolment.ts';
import { ensurePki } from './security/pki.ts';
import { Store } from './store/store.ts';
import { agentIdSchema } from '../agent/protocol.ts';

const HELP = `Usage: npm run master -- [options]

Starts the P4 Integrator master without the desktop window.

  --config FILE           YAML config file (default ~/.config/p4-integrator/master.yaml when it
                          exists); flags override it
  --data-dir DIR          SQLite history, API token, logs (default ${DEFAULT_OPTIONS.dataDir})
  --agent-port N          TCP port agents connect to (default 9090)
  --agent-host ADDR       address the agent port binds to (default 0.0.0.0)
  --http-port N           REST/WebSocket API port (default 9080)
  --host ADDR             address the API binds to (default 127.0.0.1)
  --metrics-port N        Prometheus /metrics port (default 9091, on 127.0.0.1)
  --log-file FILE         JSON-lines log file, rotated by size with gzip archives (default: stderr)
  --log-level LEVEL       fatal, error, warn, info (default), debug or trace
  --local-agent           also run one agent on this machine (local mode)
  --local-workspace DIR   working directory of the local agent (default: home)
  --heartbeat-s N         agent heartbeat interval (default 5)
  --kill-grace-s N        SIGTERM → SIGKILL grace when killing a command (default 10)
  --lost-after-s N        a running command of an agent offline this long is lost (default 300)
  --max-jobs N            jobs running at once (default 4)
  --watch-interval-s N    how often a job in NEEDS_RESOLVE re-checks its conflicts (default 30)
  --agent-lost-after-s N  a job whose agent is away this long is blocked and reported (default 120)
  --allow RULE            accept agents without approval: ip:CIDR, host:NAME, cn:AGENT_ID (* allowed in names)
                          (repeatable)
  --insecure              agent link over plain TCP: no TLS, no agent identities (testing only)
  --help                  show this help

Issue a certificate for an agent installed by hand:
  npm run master -- enrol [--config FILE] [--data-dir DIR] --agent-id ID --out DIR [--days N]
    writes ca.pem, agent.pem and agent-key.pem for the agent's --ca/--cert/--key flags
`;

/** `enrol`: certificate files for an agent installed by hand (no master needs to run). */
async function enrolCommand(argv: string[]): Promise<never> {
  let values;
  try {
    ({ values } = parseArgs({ args: argv, strict: true, options: { config: { type: 'string' }, 'data-dir': { type: 'string' }, 'agent-id': { type: 'string' }, out: { type: 'string' }, days: { type: 'string' } } }));
  } catch (err) {
    fail((err as Error).message.split('\n')[0]!, 2);
  }
  const agentId = values['agent-id'];
  if (!agentId || !agentIdSchema.safeParse(agentId).success) fail('enrol: --agent-id ID is required (letters, digits, ".", "_", ":" or "-")', 2);
  if (!values.out) fail('enrol: --out DIR is required', 2);
  const days = values.days === undefined ? undefined : Number(values.days);
  if (days !== undefined && !(Number.isInteger(days) && days > 0 && days <= 3650)) fail('enrol: --days must be a whole number of days (1-3650)', 2);
  let configured;
  try {
    configured = loadConfig(values.config === undefined ? null : resolve(values.config)).options.dataDir;
  } catch (err) {
    fail((err as Error).message, 2);
  }
  // The same data dir (and so the same CA) as the master that will see this agent.
  const dataDir = resolve(values['data-dir'] ?? configured ?? DEFAULT_OPTIONS.dataDir);
  const store = new Store(dataDir);
  try {
    const files = await enrolAgent(store, await ensurePki(dataDir), agentId, resolve(values.out), 'cli', days);
    process.stdout.write(`certificate for agent "${agentId}" written:\n  ${files.ca}\n  ${files.cert}\n  ${files.key}\n` +
      `start the agent with: node agent.cjs --master HOST:PORT --agent-id ${agentId} --workspace DIR --ca ${files.ca} --cert ${files.cert} --key ${files.key}\n`);
  } finally {
    store.dispose();
  }
  process.exit(0);
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'];

function fail(message: string, code: number): never {
  process.stderr.write(`p4-integrator master: ${message}\n`);
  process.exit(code);
}

function port(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) fail(`${flag} must be a port number 0-65535, got ${JSON.stringify(value)}`, 2);
  return n;
}

function count(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) fail(`${flag} must be a whole number >= 1, got ${JSON.stringify(value)}`, 2);
  return n;
}

/** Milliseconds from a flag given in seconds. */
function seconds(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) fail(`${flag} must be a positive number of seconds, got ${JSON.stringify(value)}`, 2);
  return n * 1000;
}

/** Flags override the config file, which overrides the defaults. */
function parse(argv: string[]): { options: Partial<MasterOptions>; log: Partial<LogOptions> } {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      options: {
        config: { type: 'string' },
        'data-dir': { type: 'string' },
        'agent-port': { type: 'string' },
        'agent-host': { type: 'string' },
        'http-port': { type: 'string' },
        host: { type: 'string' },
        'metrics-port': { type: 'string' },
        'local-agent': { type: 'boolean' },
        'local-workspace': { type: 'string' },
        'heartbeat-s': { type: 'string' },
        'kill-grace-s': { type: 'string' },
        'lost-after-s': { type: 'string' },
        'max-jobs': { type: 'string' },
        'watch-interval-s': { type: 'string' },
        'agent-lost-after-s': { type: 'string' },
        allow: { type: 'string', multiple: true },
        insecure: { type: 'boolean' },
        'log-file': { type: 'string' },
        'log-level': { type: 'string' },
        help: { type: 'boolean' },
      },
    }));
  } catch (err) {
    fail((err as Error).message.split('\n')[0]!, 2);
  }
  if (values.help) {
    process.stdout.write(HELP);
    process.exit(0);
  }
  let config;
  try {
    config = loadConfig(values.config === undefined ? null : resolve(values.config));
  } catch (err) {
    fail((err as Error).message, 2);
  }
  const flags: Partial<MasterOptions> = {
    dataDir: values['data-dir'] === undefined ? undefined : resolve(values['data-dir']),
    agentPort: port(values['agent-port'], '--agent-port'),
    agentHost: values['agent-host'],
    httpPort: port(values['http-port'], '--http-port'),
    httpHost: values.host,
    metricsPort: port(values['metrics-port'], '--metrics-port'),
    localAgent: values['local-agent'],
    localWorkspace: values['local-workspace'] === undefined ? undefined : resolve(values['local-workspace']),
    heartbeatMs: seconds(values['heartbeat-s'], '--heartbeat-s'),
    killGraceMs: seconds(values['kill-grace-s'], '--kill-grace-s'),
    lostAfterMs: seconds(values['lost-after-s'], '--lost-after-s'),
    maxRunningJobs: count(values['max-jobs'], '--max-jobs'),
    watcherIntervalMs: seconds(values['watch-interval-s'], '--watch-interval-s'),
    agentLostAfterMs: seconds(values['agent-lost-after-s'], '--agent-lost-after-s'),
    insecure: values.insecure,
    allow: values.allow?.map((rule) => {
      try {
        return parseAllowRule(rule);
      } catch (err) {
        return fail((err as Error).message, 2);
      }
    }),
  };
  if (values['log-level'] !== undefined && !LOG_LEVELS.includes(values['log-level'])) fail(`--log-level must be one of ${LOG_LEVELS.join(', ')}, got ${JSON.stringify(values['log-level'])}`, 2);
  const given = <T extends object>(o: T): Partial<T> => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
  return {
    options: { ...config.options, ...given(flags), pipeline: config.pipeline },
    log: { ...config.log, ...given({ file: values['log-file'] === undefined ? undefined : resolve(values['log-file']), level: values['log-level'] }) },
  };
}

if (process.argv[2] === 'enrol') await enrolCommand(process.argv.slice(3));
const { options, log } = parse(process.argv.slice(2));
let master;
try {
  master = await startMaster({ ...options, log: createLogger(log) });
} catch (err) {
  fail((err as Error).message, 1);
}
process.stdout.write(
  `P4 Integrator master ${VERSION}\n` +
  // Where the token is, never the token: terminals and CI logs keep what is printed.
  `  open:    ${master.url}?token=$(cat ${resolve(master.dataDir, 'api-token')})\n` +
  `  API:     ${master.url}  (bearer token in ${resolve(master.dataDir, 'api-token')})\n` +
  `  agents:  ${options.agentHost ?? DEFAULT_OPTIONS.agentHost}:${master.agentPort}${options.insecure ? '  (PLAIN TCP: --insecure)' : '  (TLS 1.3, client identities)'}\n` +
  (master.metricsPort === null ? '' : `  metrics: http://${options.metricsHost ?? DEFAULT_OPTIONS.metricsHost}:${master.metricsPort}/metrics\n`) +
  `  data:    ${master.dataDir}\n`,
);
let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    void master.close().then(() => process.exit(0));
  });
}
