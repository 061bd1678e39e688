// A store that cannot write is a state, not a crash: a full disk under the data dir and a write
// lock held by another process. The master keeps running, /api/health says why, the agents keep
// their output, and once writes succeed again the stored output is byte-identical to what the
// command printed. Acks never name bytes that are not committed to the SQLite file.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { ApiClient } from '../helpers/api-client.ts';
import { type Cleanup, enrol, type MasterProc, slowSeq, startAgent, startMaster, tempDir, waitFor } from '../helpers/processes.ts';
import { hello, RawAgent } from '../helpers/raw-agent.ts';
import { holdWriteLock } from '../helpers/sqlite-lock.ts';

const DB_FILE = 'p4-integrator.db';


/** The stdout of a command as the SQLite file holds it; throws on a hole or an overlap. */
function storedInFile(dataDir: string, cmdId: string): Buffer {
  const db = new Database(join(dataDir, DB_FILE), { readonly: true });
  try {
    const rows = db.prepare('SELECT offset, data FROM output_chunks WHERE cmd_id = ? AND stream = 0 ORDER BY offset').all(cmdId) as { offset: number; data: Buffer }[];
    let at = 0;
    for (const row of rows) {
      assert.equal(row.offset, at, `chunk at ${row.offset} follows the bytes before it exactly (expected ${at})`);
      at += row.data.length;
    }
    return Buffer.concat(rows.map((r) => r.data));
  } finally {
    db.close();
  }
}

function storedBytes(dataDir: string, cmdId: string): number {
  const db = new Database(join(dataDir, DB_FILE), { readonly: true });
  try {
    return (db.prepare('SELECT stdout_bytes FROM commands WHERE cmd_id = ?').get(cmdId) as { stdout_bytes: number }).stdout_bytes;
  } finally {
    db.close();
  }
}

async function health(api: ApiClient): Promise<{ status: number; json: any }> {
  return api.request('GET', '/api/health', undefined, null);
}

async function metric(master: MasterProc, name: string): Promise<number> {
  const text = await (await fetch(master.metricsUrl)).text();
  return Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1]);
}

/** Streams a command through a real agent, breaks the store mid-stream, then repairs it. */
async function streamThroughFault(t: Cleanup, dataDir: string, dir: string, fault: { start(): Promise<void>; error: RegExp; repair(): Promise<void> }): Promise<void> {
  const master = await startMaster(t, { dataDir });
  const api = new ApiClient(master.url, master.token);
  startAgent(t, { masterPort: master.agentPort, agentId: 'a1', workspace: dir, spoolDir: join(dir, 'spool'), tls: await enrol(t, dataDir, 'a1', join(dir, 'certs')) });
  await api.waitForAgent('a1');
  const { command, expected } = slowSeq(2_400_000, 60, 0.1);
  const cmdId = await api.run({ agent_id: 'a1', command });
  await waitFor(async () => (await api.command(cmdId)).stdout_bytes > 1_000_000, 30_000, 'some output stored');

  await fault.start();
  const failing = await waitFor(async () => {
    const h = await health(api);
    return h.status === 503 ? h.json : undefined;
  }, 60_000, 'health reports the failing store');
  assert.equal(failing.ok, false);
  assert.equal(failing.store.ok, false);
  assert.match(failing.store.error, fault.error);
  assert.equal(await metric(master, 'p4_store_writable'), 0, 'the metric the alert rule watches says so');
  assert.equal(master.child.exitCode, null, 'the master keeps running');
  assert.equal((await api.command(cmdId)).state !== 'lost', true, 'reads still work and the command is not given up');

  await fault.repair();
  await waitFor(async () => (await health(api)).status === 200, 60_000, 'health is back to 200');
  const done = await api.waitForState(cmdId, ['exited'], 120_000);
  assert.equal(done.exit_code, 0);
  assert.equal(await metric(master, 'p4_store_writable'), 1);
  assert.equal(master.child.exitCode, null, 'the master never exited');
  const stored = await api.output(cmdId);
  assert.equal(stored.length, expected.length);
  assert.ok(stored.equals(expected), 'the stored output is byte-identical to what the command printed');
  assert.ok(storedInFile(dataDir, cmdId).equals(expected), 'the SQLite file holds every byte once, in order');
}

test('a full disk under the data dir mid-stream: the master waits, says why, and loses nothing', async (t) => {
  if (process.getuid?.() !== 0) {
    t.skip('needs root to mount a small tmpfs as the data dir');
    return;
  }
  const dir = tempDir(t);
  const dataDir = join(dir, 'data');
  mkdirSync(dataDir);
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=96m,mode=0700', 'tmpfs', dataDir]);
  const filler = join(dataDir, 'filler');
  try {
    await streamThroughFault(t, dataDir, dir, {
      start: async () => {
        try {
          execFileSync('dd', ['if=/dev/zero', `of=${filler}`, 'bs=1M'], { stdio: 'ignore' });
        } catch {
          // dd stops with "No space left on device": that is the point.
        }
      },
      error: new RegExp(`^disk full: ${dataDir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`),
      repair: async () => rmSync(filler),
    });
  } finally {
    // Lazy: the master still has the file open until its cleanup (after this) stops it.
    execFileSync('umount', ['-l', dataDir]);
  }
});

test('a write lock held by another process longer than the busy timeout: the master waits and loses nothing', async (t) => {
  const dir = tempDir(t);
  const dataDir = join(dir, 'data');
  let release: (() => Promise<void>) | null = null;
  await streamThroughFault(t, dataDir, dir, {
    start: async () => {
      release = await holdWriteLock(t, join(dataDir, DB_FILE));
    },
    error: /^database locked by another process: .*p4-integrator\.db$/,
    repair: async () => release!(),
  });
});

test('acks and resume offsets name only bytes committed to the file, also while writes fail', async (t) => {
  const dir = tempDir(t);
  const dataDir = join(dir, 'data');
  const master = await startMaster(t, { dataDir, extra: ['--insecure'] });
  const api = new ApiClient(master.url, master.token);
  let raw = await RawAgent.connect(master.agentPort);
  raw.send(hello('raw1'));
  await waitFor(() => raw.received.some((m) => m.t === 'welcome'), 10_000, 'welcome');
  const cmdId = await api.run({ agent_id: 'raw1', command: ['true'] });
  await waitFor(() => raw.received.some((m) => m.t === 'exec'), 10_000, 'exec');
  raw.send({ t: 'started', cmd_id: cmdId, pid: 4242, started_at: Date.now() });
  const chunk = (i: number): Buffer => Buffer.from(`line ${i} `.padEnd(1000, '.') + '\n');
  const acked = (): number => Math.max(0, ...raw.received.filter((m) => m.t === 'ack' && m.cmd_id === cmdId).map((m) => m.offset as number));
  let offset = 0;
  const sendChunks = (from: number, to: number): void => {
    for (let i = from; i < to; i++) {
      raw.send({ t: 'output', cmd_id: cmdId, stream: 'stdout', offset }, chunk(i));
      offset += chunk(i).length;
    }
  };
  sendChunks(0, 10);
  await waitFor(() => acked() === offset, 10_000, 'the first chunks acked');
  assert.equal(storedBytes(dataDir, cmdId), offset);
  const committedBefore = offset;

  const release = await holdWriteLock(t, join(dataDir, DB_FILE));
  sendChunks(10, 50);
  await waitFor(async () => (await health(api)).status === 503, 30_000, 'the writer reports the lock');
  assert.equal(storedBytes(dataDir, cmdId), committedBefore, 'nothing of the new chunks is in the file');
  assert.equal(acked(), committedBefore, 'no ack names an uncommitted byte');

  // Reconnect while the chunks wait: the master resumes from what the file holds.
  raw.socket.destroy();
  await api.waitForAgent('raw1', 'offline');
  raw = await RawAgent.connect(master.agentPort);
  raw.send(hello('raw1', { commands: [{ cmd_id: cmdId, state: 'running', pid: 4242, started_at: Date.now(), stdout_end: offset, stderr_end: 0, ending: null }] }));
  const welcome = await waitFor(() => raw.received.find((m) => m.t === 'welcome'), 10_000, 'welcome after reconnect');
  assert.deepEqual(JSON.parse(welcome.body as string).resume, [{ cmd_id: cmdId, stdout: committedBefore, stderr: 0 }], 'resume offsets are the committed ones');
  assert.deepEqual([welcome.resume, welcome.forget, welcome.heartbeat_ms], [undefined, undefined, undefined], 'resume and forget travel once, signed');
  assert.equal(storedBytes(dataDir, cmdId), committedBefore);

  // The agent resends from there (duplicates of queued bytes are not taken twice), then writes succeed.
  offset = committedBefore;
  sendChunks(10, 50);
  await release();
  await waitFor(() => acked() === offset, 30_000, 'everything acked once committed');
  assert.equal(storedBytes(dataDir, cmdId), offset);
  const expected = Buffer.concat(Array.from({ length: 50 }, (_, i) => chunk(i)));
  assert.ok(storedInFile(dataDir, cmdId).equals(expected), 'every byte once, in order');
  await waitFor(async () => (await health(api)).status === 200, 30_000, 'health back to 200');
});
