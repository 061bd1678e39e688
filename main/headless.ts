// `npm run master`: the master under plain Node, serving the REST/WebSocket API.
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { DEFAULT_OPTIONS, startMaster, VERSION, type MasterOptions } from './master.ts';

const HELP = `Usage: npm run master -- [options]

Starts the P4 Integrator master without the desktop window.

  --data-dir DIR          SQLite history, API token, logs (default ${DEFAULT_OPTIONS.dataDir})
  --agent-port N          TCP port agents connect to (default 9090)
  --agent-host ADDR       address the agent port binds to (default 0.0.0.0)
  --http-port N           REST/WebSocket API port (default 9080)
  --host ADDR             address the API binds to (default 127.0.0.1)
  --local-agent           also run one agent on this machine (local mode)
  --local-workspace DIR   working directory of the local agent (default: home)
  --heartbeat-s N         agent heartbeat interval (default 5)
  --kill-grace-s N        SIGTERM → SIGKILL grace when killing a command (default 10)
  --lost-after-s N        a running command of an agent offline this long is lost (default 300)
  --max-jobs N            jobs running at once (default 4)
  --watch-interval-s N    how often a job in NEEDS_RESOLVE re-checks its conflicts (default 30)
  --help                  show this help
`;

function fail(message: string, code: number): never {
  process.stderr.write(`p4-integrator master: ${message}\n`);
  process.exit(code);
}

function port(value: string | undefined, flag: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) fail(`${flag} must be a port number 0-65535, got ${JSON.stringify(value)}`, 2);
  return n;
}

function count(value: string | undefined, flag: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) fail(`${flag} must be a whole number >= 1, got ${JSON.stringify(value)}`, 2);
  return n;
}

/** Milliseconds from a flag given in seconds; `fallbackMs` when the flag is absent. */
function seconds(value: string | undefined, flag: string, fallbackMs: number): number {
  if (value === undefined) return fallbackMs;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) fail(`${flag} must be a positive number of seconds, got ${JSON.stringify(value)}`, 2);
  return n * 1000;
}

function parse(argv: string[]): Partial<MasterOptions> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      options: {
        'data-dir': { type: 'string' },
        'agent-port': { type: 'string' },
        'agent-host': { type: 'string' },
        'http-port': { type: 'string' },
        host: { type: 'string' },
        'local-agent': { type: 'boolean' },
        'local-workspace': { type: 'string' },
        'heartbeat-s': { type: 'string' },
        'kill-grace-s': { type: 'string' },
        'lost-after-s': { type: 'string' },
        'max-jobs': { type: 'string' },
        'watch-interval-s': { type: 'string' },
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
  const d = DEFAULT_OPTIONS;
  return {
    dataDir: resolve(values['data-dir'] ?? d.dataDir),
    agentPort: port(values['agent-port'], '--agent-port', d.agentPort),
    agentHost: values['agent-host'] ?? d.agentHost,
    httpPort: port(values['http-port'], '--http-port', d.httpPort!),
    httpHost: values.host ?? d.httpHost,
    localAgent: values['local-agent'] ?? false,
    localWorkspace: resolve(values['local-workspace'] ?? d.localWorkspace),
    heartbeatMs: seconds(values['heartbeat-s'], '--heartbeat-s', d.heartbeatMs),
    killGraceMs: seconds(values['kill-grace-s'], '--kill-grace-s', d.killGraceMs),
    lostAfterMs: seconds(values['lost-after-s'], '--lost-after-s', d.lostAfterMs),
    maxRunningJobs: count(values['max-jobs'], '--max-jobs', d.maxRunningJobs),
    watcherIntervalMs: seconds(values['watch-interval-s'], '--watch-interval-s', d.watcherIntervalMs),
  };
}

const options = parse(process.argv.slice(2));
let master;
try {
  master = await startMaster(options);
} catch (err) {
  fail((err as Error).message, 1);
}
process.stdout.write(
  `P4 Integrator master ${VERSION}\n` +
  `  API:     ${master.url}  (bearer token in ${resolve(master.dataDir, 'api-token')})\n` +
  `  agents:  ${options.agentHost}:${master.agentPort}\n` +
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
