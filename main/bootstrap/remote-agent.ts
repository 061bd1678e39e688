// The agent process on the host: its directory (~/.cache/p4-integrator/agents/<id>/ with tls/,
// agent.log, agent.out, agent.state), and starting it detached from the SSH session, finding it
// again, and stopping it.
import { AGENT_MALLOC_ENV, AGENT_NODE_FLAGS } from '../../agent/protocol.ts';
import { shellQuote as quote } from '../base/shell-quote.ts';
import { REMOTE_BASE } from './remote-install.ts';
import type { SshConnection } from './ssh-connection.ts';

export interface AgentLaunch {
  agentId: string;
  node: string;
  bundle: string;
  bundleSha256: string;
  /** HOST:PORT the agent dials (the master, or the tunnel's end on the host). */
  master: string;
  workspace: string;
  labels: string[];
  heartbeatS: number;
}

export interface RunningAgent {
  pid: number;
  bundleSha256: string;
  master: string;
  workspace: string;
  labels: string[];
}

export function agentDir(home: string, agentId: string): string {
  return `${home}/${REMOTE_BASE}/agents/${agentId}`;
}

/** The agent's command line (also hashed for the audit trail). */
export function agentArgv(home: string, launch: AgentLaunch): string[] {
  const dir = agentDir(home, launch.agentId);
  return [
    'env', ...Object.entries(AGENT_MALLOC_ENV).map(([name, value]) => `${name}=${value}`),
    launch.node, ...AGENT_NODE_FLAGS, launch.bundle,
    '--master', launch.master,
    '--agent-id', launch.agentId,
    '--workspace', launch.workspace,
    '--ca', `${dir}/tls/ca.pem`, '--cert', `${dir}/tls/agent.pem`, '--key', `${dir}/tls/agent-key.pem`,
    '--log-file', `${dir}/agent.log`,
    '--heartbeat-s', String(launch.heartbeatS),
    ...launch.labels.flatMap((l) => ['--label', l]),
  ];
}

/** Writes the certificate files (key 0600, directory 0700) in one round trip. */
export async function uploadTls(conn: SshConnection, home: string, agentId: string, files: { ca: string; cert: string; key: string }): Promise<void> {
  const dir = `${agentDir(home, agentId)}/tls`;
  const heredoc = (name: string, pem: string) => {
    if (!/^[-A-Za-z0-9+/=\s]+$/.test(pem)) throw new Error(`${name} is not a PEM file`);
    return `cat > ${quote(`${dir}/${name}`)} <<'P4I_PEM'\n${pem.trim()}\nP4I_PEM\n`;
  };
  const result = await conn.run(`set -e\numask 077\nmkdir -p ${quote(dir)}\nchmod 700 ${quote(dir)} ${quote(agentDir(home, agentId))}\n${heredoc('ca.pem', files.ca)}${heredoc('agent.pem', files.cert)}${heredoc('agent-key.pem', files.key)}chmod 600 ${quote(dir)}/*.pem\necho "@@p4i-tls-written"`);
  if (!result.stdout.includes('@@p4i-tls-written')) throw new Error(`cannot write the agent's certificate files to ${dir}: ${result.stderr.trim().slice(0, 300)}`);
}

/** The agent started earlier for `agentId`, if its process still runs. */
export async function findRunningAgent(conn: SshConnection, home: string, agentId: string): Promise<RunningAgent | null> {
  const dir = agentDir(home, agentId);
  const result = await conn.run(`${aliveFn(dir, agentId)}
if alive; then echo "@@p4i-running"; cat "$D/agent.state"; else echo "@@p4i-none"; fi`);
  if (!result.stdout.startsWith('@@p4i-running\n')) return null;
  return parseState(result.stdout.slice('@@p4i-running\n'.length));
}

/** Starts the agent detached (own session, immune to hangup); resolves with its pid once it has lived a moment. */
export async function startAgent(conn: SshConnection, home: string, launch: AgentLaunch): Promise<number> {
  const dir = agentDir(home, launch.agentId);
  const argv = agentArgv(home, launch).map(quote).join(' ');
  const state = [`bundle=${launch.bundleSha256}`, `master=${launch.master}`, `workspace=${launch.workspace}`, ...launch.labels.map((l) => `label=${l}`)].join('\n');
  const result = await conn.run(`set -u
D=${quote(dir)}
mkdir -p "$D" && chmod 700 "$D" && cd "$D" || { echo "@@p4i-nodir"; exit 4; }
[ -d ${quote(launch.workspace)} ] || { echo "@@p4i-noworkspace"; exit 5; }
: > agent.out
S=; command -v setsid >/dev/null 2>&1 && S=setsid
$S nohup ${argv} </dev/null >>agent.out 2>&1 &
pid=$!
printf 'pid=%s\\n%s\\n' "$pid" ${quote(state)} > agent.state
sleep 0.3
if kill -0 "$pid" 2>/dev/null; then echo "@@p4i-started $pid"; else echo "@@p4i-died"; tail -c 1500 agent.out; fi`);
  const started = /^@@p4i-started (\d+)$/m.exec(result.stdout);
  if (started) return Number(started[1]);
  if (result.stdout.includes('@@p4i-noworkspace')) throw new Error(`the workspace ${launch.workspace} does not exist on the host`);
  if (result.stdout.includes('@@p4i-died')) {
    const why = result.stdout.slice(result.stdout.indexOf('@@p4i-died') + 11).trim();
    throw new Error(`the agent exited at once: ${why || '(no output)'}`);
  }
  throw new Error(`starting the agent failed: ${(result.stdout + result.stderr).trim().slice(0, 400)}`);
}

/** Stops the agent (SIGTERM, SIGKILL after 10 s); `removeTls` also deletes its key. Returns whether one ran. */
export async function stopAgent(conn: SshConnection, home: string, agentId: string, removeTls: boolean): Promise<boolean> {
  const dir = agentDir(home, agentId);
  const result = await conn.run(`${aliveFn(dir, agentId)}
was=none
if alive; then
  was=stopped; kill -TERM "$pid" 2>/dev/null; i=0
  while alive && [ $i -lt 50 ]; do sleep 0.2; i=$((i+1)); done
  alive && { kill -KILL "$pid" 2>/dev/null; was=killed; }
fi
${removeTls ? 'rm -rf "$D/tls"' : ':'}
echo "@@p4i-$was"`, { timeoutMs: 30_000 });
  const s = /@@p4i-(none|stopped|killed)/.exec(result.stdout)?.[1];
  if (!s) throw new Error(`stopping the agent failed: ${(result.stdout + result.stderr).trim().slice(0, 300)}`);
  return s !== 'none';
}

/** The last lines the agent wrote: for error messages. */
export async function agentLogTail(conn: SshConnection, home: string, agentId: string): Promise<string> {
  const dir = agentDir(home, agentId);
  const result = await conn.run(`cd ${quote(dir)} 2>/dev/null && { tail -n 5 agent.log 2>/dev/null; tail -c 500 agent.out 2>/dev/null; }`).catch(() => null);
  return result?.stdout.trim().slice(-1500) ?? '';
}

/** Shell function `alive`: the pid in agent.state runs, and is this agent (not a reused pid). */
function aliveFn(dir: string, agentId: string): string {
  return `D=${quote(dir)}
pid=$(sed -n 's/^pid=\\([0-9][0-9]*\\)$/\\1/p' "$D/agent.state" 2>/dev/null)
alive() { [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 1; [ -r /proc/$pid/cmdline ] || return 0; tr '\\0' ' ' < /proc/$pid/cmdline | grep -q -- ${quote(`--agent-id ${agentId} `)}; }`;
}

export function parseState(text: string): RunningAgent | null {
  const fields = text.split('\n').map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)] as const);
  const get = (k: string) => fields.find(([key]) => key === k)?.[1];
  const pid = Number(get('pid'));
  const bundle = get('bundle');
  if (!Number.isInteger(pid) || pid <= 1 || !bundle || !/^[0-9a-f]{64}$/.test(bundle)) return null;
  return { pid, bundleSha256: bundle, master: get('master') ?? '', workspace: get('workspace') ?? '', labels: fields.filter(([k]) => k === 'label').map(([, v]) => v) };
}
