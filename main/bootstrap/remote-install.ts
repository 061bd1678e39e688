// Puts what the agent needs on the host under ~/.cache/p4-integrator/: a Node runtime (only
// when the host has no usable Node) and the agent bundle (only when its hash differs). Files
// land under a temporary name, are checked by sha256, then renamed into place, all under a
// lock directory so two bootstraps (from this master or another) never collide.
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { shellQuote as quote } from '../base/shell-quote.ts';
import type { NodeRuntime } from './node-runtimes.ts';
import type { SshConnection } from './ssh-connection.ts';

/** Under $HOME on the remote host. */
export const REMOTE_BASE = '.cache/p4-integrator';
/** A lock this old belongs to a bootstrap that died; it is broken. */
const STALE_LOCK_MIN = 10;
const LOCK_WAIT_S = 120;

/** Shell prelude: the base directory and a sha256 that works with GNU or BSD tools. */
function prelude(home: string): string {
  return `set -u
B=${quote(`${home}/${REMOTE_BASE}`)}
sha() { if command -v sha256sum >/dev/null 2>&1; then sha256sum "$1"; else shasum -a 256 "$1"; fi | cut -d' ' -f1; }
`;
}

/** Reads the one `@@p4i-…` status line a script ends with; anything else is an error. */
function status(stdout: string, stderr: string, what: string): string {
  const line = stdout.split('\n').reverse().find((l) => l.startsWith('@@p4i-'));
  if (!line) throw new Error(`${what}: the host gave no status (stdout ${JSON.stringify(stdout.slice(-200))}, stderr ${JSON.stringify(stderr.slice(-300))})`);
  return line.slice('@@p4i-'.length);
}

/** Runs `fn` holding the host's install lock. */
export async function withRemoteLock<T>(conn: SshConnection, home: string, owner: string, fn: () => Promise<T>): Promise<T> {
  const tries = Math.round(LOCK_WAIT_S / 0.2);
  const lock = await conn.run(`${prelude(home)}L="$B/.lock"
mkdir -p "$B" || { echo "@@p4i-nobase"; exit 4; }
i=0
while ! mkdir "$L" 2>/dev/null; do
  if [ -n "$(find "$L" -maxdepth 0 -mmin +${STALE_LOCK_MIN} 2>/dev/null)" ]; then rm -rf "$L"; continue; fi
  i=$((i+1)); if [ $i -ge ${tries} ]; then echo "@@p4i-busy $(cat "$L/owner" 2>/dev/null)"; exit 3; fi
  sleep 0.2
done
echo ${quote(owner)} > "$L/owner"; echo "@@p4i-locked"`, { timeoutMs: (LOCK_WAIT_S + 30) * 1000 });
  const s = status(lock.stdout, lock.stderr, 'taking the install lock');
  if (s === 'nobase') throw new Error(`cannot create ${home}/${REMOTE_BASE} on the host: ${lock.stderr.trim()}`);
  if (s.startsWith('busy')) throw new Error(`another bootstrap (${s.slice(5) || 'unknown'}) has held the install lock ${home}/${REMOTE_BASE}/.lock for over ${LOCK_WAIT_S} s; try again later, or remove it if no bootstrap runs`);
  if (s !== 'locked') throw new Error(`taking the install lock: unexpected reply ${JSON.stringify(s)}`);
  try {
    return await fn();
  } finally {
    await conn.run(`${prelude(home)}L="$B/.lock"; [ "$(cat "$L/owner" 2>/dev/null)" = ${quote(owner)} ] && rm -rf "$L"; echo "@@p4i-unlocked"`).catch(() => undefined);
  }
}

/** Uploads and unpacks `runtime` unless it is there already; returns the node path and whether it uploaded. */
export async function ensureRuntime(conn: SshConnection, home: string, runtime: NodeRuntime): Promise<{ path: string; uploaded: boolean }> {
  const name = `${runtime.version}-linux-${runtime.arch}`;
  const path = `${home}/${REMOTE_BASE}/node/${name}/bin/node`;
  const present = await conn.run(`${prelude(home)}v=$(${quote(path)} --version 2>/dev/null); [ "$v" = ${quote(`v${runtime.version}`)} ] && echo "@@p4i-present" || echo "@@p4i-absent"`);
  if (status(present.stdout, present.stderr, 'looking for the uploaded runtime') === 'present') return { path, uploaded: false };
  const r = randomBytes(6).toString('hex');
  const result = await conn.run(`${prelude(home)}f="$B/.upload-${r}"; d="$B/node/.tmp-${r}"
mkdir -p "$B/node" && cat > "$f" || { echo "@@p4i-write-failed"; rm -f "$f"; exit 4; }
h=$(sha "$f"); if [ "$h" != ${runtime.sha256} ]; then rm -f "$f"; echo "@@p4i-bad-hash $h"; exit 5; fi
mkdir -p "$d" && tar -xzf "$f" -C "$d" --strip-components=1 package/bin/node; t=$?; rm -f "$f"
[ $t -eq 0 ] || { rm -rf "$d"; echo "@@p4i-untar-failed"; exit 6; }
v=$("$d/bin/node" --version 2>&1); if [ "$v" != ${quote(`v${runtime.version}`)} ]; then rm -rf "$d"; echo "@@p4i-broken $v"; exit 7; fi
echo ${runtime.sha256} > "$d/.tgz-sha256"
rm -rf "$B/node/${name}" && mv "$d" "$B/node/${name}" && echo "@@p4i-installed"`, { stdin: createReadStream(runtime.file), timeoutMs: 600_000 });
  const s = status(result.stdout, result.stderr, `installing Node ${runtime.version}`);
  if (s === 'installed') return { path, uploaded: true };
  if (s === 'write-failed') throw new Error(`cannot write the Node runtime (${Math.round(runtime.size / 1e6)} MB) into ${home}/${REMOTE_BASE}: ${result.stderr.trim() || 'disk full?'}`);
  if (s.startsWith('bad-hash')) throw new Error(`the uploaded Node runtime arrived damaged (sha256 ${s.slice(9)} instead of ${runtime.sha256})`);
  if (s === 'untar-failed') throw new Error(`cannot unpack the Node runtime on the host (tar with gzip is needed): ${result.stderr.trim().slice(0, 300)}`);
  if (s.startsWith('broken')) throw new Error(`the uploaded Node ${runtime.version} does not run on the host (${s.slice(7) || 'no output'}); it needs glibc 2.28 or newer: install Node ${18}+ there and set node_path`);
  throw new Error(`installing Node: unexpected reply ${JSON.stringify(s)}`);
}

/** Copies the agent bundle unless the host has one with the same sha256; returns its path. */
export async function ensureAgentBundle(conn: SshConnection, home: string, bundle: { file: string; sha256: string }): Promise<{ path: string; uploaded: boolean }> {
  const path = `${home}/${REMOTE_BASE}/agent/agent-${bundle.sha256.slice(0, 16)}.cjs`;
  const present = await conn.run(`${prelude(home)}[ -f ${quote(path)} ] && [ "$(sha ${quote(path)})" = ${bundle.sha256} ] && echo "@@p4i-present" || echo "@@p4i-absent"`);
  if (status(present.stdout, present.stderr, 'looking for the agent bundle') === 'present') return { path, uploaded: false };
  const tmp = `${path}.tmp-${randomBytes(6).toString('hex')}`;
  const result = await conn.run(`${prelude(home)}mkdir -p "$B/agent" && cat > ${quote(tmp)} || { rm -f ${quote(tmp)}; echo "@@p4i-write-failed"; exit 4; }
h=$(sha ${quote(tmp)}); if [ "$h" != ${bundle.sha256} ]; then rm -f ${quote(tmp)}; echo "@@p4i-bad-hash $h"; exit 5; fi
mv ${quote(tmp)} ${quote(path)} && echo "@@p4i-installed"`, { stdin: createReadStream(bundle.file), timeoutMs: 120_000 });
  const s = status(result.stdout, result.stderr, 'copying the agent bundle');
  if (s === 'installed') return { path, uploaded: true };
  if (s.startsWith('bad-hash')) throw new Error(`the agent bundle arrived damaged (sha256 ${s.slice(9)} instead of ${bundle.sha256})`);
  throw new Error(`cannot write the agent bundle to ${path}: ${result.stderr.trim() || s}`);
}
