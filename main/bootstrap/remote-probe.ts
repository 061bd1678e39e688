// What the remote host is: a clean login shell, OS, architecture, glibc, and the Node
// installations it already has. Every reply is checked before it is believed.
import type { SshConnection } from './ssh-connection.ts';
import { shellQuote as quote } from '../base/shell-quote.ts';

/** The agent bundle targets Node 18 (scripts/build-agent.ts). */
export const MIN_NODE_MAJOR = 18;
const MARK = '@@p4i-probe';

export interface RemoteFacts {
  os: string;
  /** Node's name for it: x64, arm64, or the raw `uname -m`. */
  arch: string;
  /** null when the C library is not glibc (musl, or not Linux). */
  glibc: string | null;
  home: string;
  /** Every node found, in preference order: configured path, PATH, runtimes we uploaded. */
  nodes: { path: string; version: string | null; source: 'configured' | 'path' | 'uploaded' }[];
}

/**
 * A command that prints nothing must print nothing. Anything on stdout comes from the login
 * shell's start-up files and would corrupt every reply that follows.
 */
export async function checkCleanShell(conn: SshConnection): Promise<{ stderrNoise: string | null }> {
  const result = await conn.runRaw('true');
  if (result.stdout !== '') {
    const first = result.stdout.split('\n').find((l) => l.trim() !== '') ?? result.stdout.slice(0, 80);
    throw new Error(`the login shell on ${conn.target.hostName} is not clean: a command that prints nothing printed ${Buffer.byteLength(result.stdout)} bytes, starting with ${JSON.stringify(first.slice(0, 120))}. ` +
      'A banner or echo in ~/.bashrc, ~/.profile or the like does this; print only in interactive shells (e.g. wrap it in `case $- in *i*) ... ;; esac`) or move it to ~/.bash_profile');
  }
  if (result.code !== 0) throw new Error(`the login shell on ${conn.target.hostName} cannot run \`true\` (exit ${result.code}): ${result.stderr.trim().slice(0, 200)}`);
  return { stderrNoise: result.stderr.trim() === '' ? null : result.stderr.trim().slice(0, 200) };
}

export async function probe(conn: SshConnection, nodePath: string | null, remoteBase: string): Promise<RemoteFacts> {
  const script = `
set -u
echo ${MARK}
echo "os=$(uname -s)"
echo "arch=$(uname -m)"
g=$(getconf GNU_LIBC_VERSION 2>/dev/null) && echo "glibc=$g"
echo "home=$HOME"
try() { if [ -x "$2" ] && [ ! -d "$2" ]; then v=$("$2" --version 2>/dev/null | head -n 1); echo "node=$1 $v $2"; fi; }
${nodePath ? `try configured ${quote(nodePath)}` : ''}
for n in node nodejs; do p=$(command -v "$n" 2>/dev/null) && try path "$p"; done
for p in "$HOME"/${quote(remoteBase)}/node/*/bin/node; do try uploaded "$p"; done
echo ${MARK}-end
`;
  const result = await conn.run(script, { timeoutMs: 30_000 });
  return parseProbe(result.stdout, result.stderr);
}

/** Parses the probe's reply; anything unexpected is an error, not a guess. */
export function parseProbe(stdout: string, stderr = ''): RemoteFacts {
  const start = stdout.indexOf(`${MARK}\n`);
  const end = stdout.indexOf(`${MARK}-end`);
  if (start < 0 || end < 0) throw new Error(`the host did not answer the probe as expected (stdout ${JSON.stringify(stdout.slice(0, 200))}, stderr ${JSON.stringify(stderr.slice(0, 200))})`);
  const facts: Partial<RemoteFacts> & { nodes: RemoteFacts['nodes'] } = { glibc: null, nodes: [] };
  for (const line of stdout.slice(start + MARK.length + 1, end).split('\n')) {
    const eq = line.indexOf('=');
    if (eq < 0) continue;
    const key = line.slice(0, eq);
    const value = line.slice(eq + 1).trim();
    if (key === 'os' && /^[A-Za-z0-9_.-]{1,32}$/.test(value)) facts.os = value;
    else if (key === 'arch' && /^[A-Za-z0-9_.-]{1,32}$/.test(value)) facts.arch = ({ x86_64: 'x64', amd64: 'x64', aarch64: 'arm64', arm64: 'arm64' } as Record<string, string>)[value] ?? value;
    else if (key === 'glibc') facts.glibc = /^glibc (\d+\.\d+)/.exec(value)?.[1] ?? null;
    else if (key === 'home' && /^\/[^\n\0]*$/.test(value)) facts.home = value.replace(/\/+$/, '') || '/';
    else if (key === 'node') {
      const m = /^(configured|path|uploaded) (?:(v\d+\.\d+\.\d+)\S* )?(\/.+)$/.exec(value);
      if (m) facts.nodes.push({ source: m[1] as 'configured', version: m[2] ?? null, path: m[3]! });
    }
  }
  if (!facts.os || !facts.arch || !facts.home) throw new Error(`the probe reply lacks ${['os', 'arch', 'home'].filter((k) => !facts[k as keyof RemoteFacts]).join(', ')}: ${JSON.stringify(stdout.slice(start, end).slice(0, 300))}`);
  return facts as RemoteFacts;
}

export function nodeMajor(version: string | null): number {
  return version ? Number(/^v(\d+)/.exec(version)?.[1] ?? 0) : 0;
}

/**
 * The node to run the agent with. A configured path must work (the engineer asked for it);
 * otherwise the first Node ≥ 18 on PATH, then one we uploaded before; null: upload one.
 */
export function pickNode(facts: RemoteFacts, configured: string | null): RemoteFacts['nodes'][number] | null {
  if (configured) {
    const found = facts.nodes.find((n) => n.source === 'configured');
    if (!found) throw new Error(`the configured node ${configured} does not exist or is not executable on the host`);
    if (nodeMajor(found.version) < MIN_NODE_MAJOR) throw new Error(`the configured node ${configured} is ${found.version ?? 'not a working Node'}; the agent needs Node ${MIN_NODE_MAJOR} or newer`);
    return found;
  }
  return facts.nodes.find((n) => n.source !== 'configured' && nodeMajor(n.version) >= MIN_NODE_MAJOR) ?? null;
}
