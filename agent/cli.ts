// Command line of the agent. Unknown or malformed flags end with one line and exit code 2.
import { parseArgs } from 'node:util';
import { agentIdSchema } from './protocol.ts';

export interface AgentOptions {
  masterHost: string;
  masterPort: number;
  agentId: string;
  workspace: string;
  spoolDir: string | null;
  ca: string | null;
  cert: string | null;
  key: string | null;
  token: string | null;
  labels: string[];
  logFile: string | null;
  logMaxBytes: number;
  logMaxFiles: number;
  heartbeatMs: number;
  killGraceMs: number;
  reconnectMaxMs: number;
  orphanTimeoutMs: number;
}

export const HELP = `Usage: node agent.cjs --master HOST:PORT --agent-id ID --workspace DIR [options]

Connects to a P4 Integrator master, runs the commands it sends and streams their output back.

Required:
  --master HOST:PORT        the master's agent listener (default port 9090)
  --agent-id ID             stable identity of this agent (letters, digits, . _ : -)
  --workspace DIR           default working directory of commands

Options:
  --spool-dir DIR           where un-acknowledged output is kept
                            (default ~/.cache/p4-integrator/agents/ID/spool)
  --ca FILE                 the master's CA certificate to pin (enables TLS 1.3); without
                            --cert the agent identifies with its own key and waits for approval
  --cert FILE               this agent's client certificate from the master (renewed in place)
  --key FILE                the private key of --cert
  --token TOKEN             one-time enrolment token from the bootstrapper
  --label NAME              a label jobs can ask for (repeatable)
  --log-file FILE           write JSON-lines logs here instead of stderr
  --log-max-size-mb N       rotate the log file into a gzip archive at this size (default 100)
  --log-max-files N         gzip archives kept (default 10)
  --heartbeat-s N           seconds between heartbeats (default 5)
  --kill-grace-s N          seconds between SIGTERM and SIGKILL on kill (default 10)
  --reconnect-max-s N       cap of the reconnect backoff (default 10)
  --orphan-timeout-s N      exit after this long without a master (default 86400)
  --help                    show this help
`;

export class UsageError extends Error {}

export function parseAgentArgs(argv: string[]): AgentOptions | 'help' {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        master: { type: 'string' },
        'agent-id': { type: 'string' },
        workspace: { type: 'string' },
        'spool-dir': { type: 'string' },
        ca: { type: 'string' },
        cert: { type: 'string' },
        key: { type: 'string' },
        token: { type: 'string' },
        label: { type: 'string', multiple: true },
        'log-file': { type: 'string' },
        'log-max-size-mb': { type: 'string' },
        'log-max-files': { type: 'string' },
        'heartbeat-s': { type: 'string' },
        'kill-grace-s': { type: 'string' },
        'reconnect-max-s': { type: 'string' },
        'orphan-timeout-s': { type: 'string' },
        help: { type: 'boolean' },
      },
    }));
  } catch (err) {
    throw new UsageError((err as Error).message.split('\n')[0]);
  }
  if (values.help) return 'help';
  const master = required(values.master, '--master');
  const match = /^(\[[^\]]+\]|[^:]+):(\d{1,5})$/.exec(master);
  if (!match || Number(match[2]) < 1 || Number(match[2]) > 65535) throw new UsageError(`--master must be HOST:PORT, got ${JSON.stringify(master)}`);
  const agentId = required(values['agent-id'], '--agent-id');
  if (!agentIdSchema.safeParse(agentId).success) throw new UsageError(`--agent-id ${JSON.stringify(agentId)} must be 1-128 letters, digits, ".", "_", ":" or "-"`);
  if ((values.cert === undefined) !== (values.key === undefined)) throw new UsageError('--cert and --key go together');
  if (values.cert !== undefined && values.ca === undefined) throw new UsageError('--cert and --key need --ca (the master CA to pin)');
  return {
    masterHost: match[1]!.replace(/^\[|\]$/g, ''),
    masterPort: Number(match[2]),
    agentId,
    workspace: required(values.workspace, '--workspace'),
    spoolDir: values['spool-dir'] ?? null,
    ca: values.ca ?? null,
    cert: values.cert ?? null,
    key: values.key ?? null,
    token: values.token ?? null,
    labels: (values.label ?? []).map((l) => {
      if (!/^[A-Za-z0-9._:=-]{1,64}$/.test(l)) throw new UsageError(`--label ${JSON.stringify(l)} must be 1-64 letters, digits, ".", "_", ":", "=" or "-"`);
      return l;
    }),
    logFile: values['log-file'] ?? null,
    logMaxBytes: Math.round(positive(values['log-max-size-mb'], '--log-max-size-mb', 100) * 1024 * 1024),
    logMaxFiles: Math.max(1, Math.round(positive(values['log-max-files'], '--log-max-files', 10))),
    heartbeatMs: seconds(values['heartbeat-s'], '--heartbeat-s', 5) * 1000,
    killGraceMs: seconds(values['kill-grace-s'], '--kill-grace-s', 10) * 1000,
    reconnectMaxMs: seconds(values['reconnect-max-s'], '--reconnect-max-s', 10) * 1000,
    orphanTimeoutMs: seconds(values['orphan-timeout-s'], '--orphan-timeout-s', 86_400) * 1000,
  };
}

function required(value: string | undefined, flag: string): string {
  if (value === undefined || value === '') throw new UsageError(`${flag} is required (see --help)`);
  return value;
}

function seconds(value: string | undefined, flag: string, fallback: number): number {
  return positive(value, flag, fallback, ' of seconds');
}

function positive(value: string | undefined, flag: string, fallback: number, unit = ''): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`${flag} must be a positive number${unit}, got ${JSON.stringify(value)}`);
  return n;
}
