import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { openDatabase } from '../../main/store/database.ts';
import { MIGRATIONS } from '../../main/store/migrations.ts';
import { FRESH_COUNTERS, jobDto, NO_CHANGE_YET } from '../../main/store/job-repo.ts';
import { Store } from '../../main/store/store.ts';
import type { WriteOp } from '../../main/store/writer-protocol.ts';
import { hello } from '../helpers/raw-agent.ts';
import { tempDir } from '../helpers/processes.ts';

test('migrations run once, in WAL mode, and a newer schema is refused', (t) => {
  const dir = tempDir(t);
  const file = join(dir, 'x.db');
  const db = openDatabase(file);
  assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
  db.close();
  const again = openDatabase(file);
  assert.equal((again.prepare('SELECT COUNT(*) AS n FROM schema_migrations').get() as { n: number }).n, MIGRATIONS.length);
  again.prepare('INSERT INTO schema_migrations VALUES (999, ?, 0)').run('from the future');
  again.close();
  assert.throws(() => openDatabase(file), /written by a newer P4 Integrator \(schema 999/);
});

test('a store from before failed_to_start keeps its commands, output and references, and takes the new state', (t) => {
  const file = join(tempDir(t), 'old.db');
  const old = openDatabase(file, MIGRATIONS.filter((m) => m.version < 7));
  old.prepare("INSERT INTO agents (agent_id, hostname, version, platform, arch, workspace, boot_id, status, first_seen, last_seen) VALUES ('a1', 'h', 'v', 'linux', 'x64', '/w', 'b', 'offline', 0, 0)").run();
  old.prepare("INSERT INTO commands (cmd_id, agent_id, command_json, shell, env_json, state, created_at) VALUES ('c1', 'a1', '[\"x\"]', 0, '{}', 'exited', 0)").run();
  old.prepare("INSERT INTO output_chunks (cmd_id, stream, offset, data) VALUES ('c1', 0, 0, x'6869')").run();
  assert.throws(() => old.prepare("UPDATE commands SET state = 'failed_to_start'").run(), /CHECK constraint/);
  old.close();
  const db = openDatabase(file);
  t.after(() => db.close());
  assert.deepEqual(db.prepare('SELECT cmd_id, state FROM commands').all(), [{ cmd_id: 'c1', state: 'exited' }]);
  db.prepare("UPDATE commands SET state = 'failed_to_start'").run();
  assert.throws(() => db.prepare("INSERT INTO output_chunks (cmd_id, stream, offset, data) VALUES ('nope', 0, 0, x'00')").run(), /FOREIGN KEY/);
  assert.equal((db.prepare('SELECT COUNT(*) AS n FROM output_chunks').get() as { n: number }).n, 1);
});

test('output is read back exactly from any offset and length across chunks', (t) => {
  const store = new Store(tempDir(t));
  t.after(() => store.dispose());
  store.agents.connected(hello('a1'), Date.now());
  store.commands.insert('a1', { cmd_id: 'c1', command: ['x'], shell: false, cwd: null, env: {}, timeout_s: null }, Date.now());
  const text = Buffer.from('The quick brown fox jumps over the lazy dog. '.repeat(40));
  store.transaction(() => {
    for (let at = 0; at < text.length; at += 97) store.output.append({ cmdId: 'c1', stream: 'stdout', offset: at, data: text.subarray(at, at + 97) });
  });
  assert.equal(store.output.storedLength('c1', 'stdout'), text.length);
  assert.equal(store.output.storedLength('c1', 'stderr'), 0);
  for (const [offset, limit] of [[0, 10], [96, 2], [97, 97], [500, 1000], [text.length - 3, 10], [text.length, 5]] as const) {
    const { data, nextOffset } = store.output.read('c1', 'stdout', offset, limit);
    assert.ok(data.equals(text.subarray(offset, offset + limit)), `offset ${offset} limit ${limit}`);
    assert.equal(nextOffset, offset + data.length);
  }
});

test('jobs get short numbers in creation order, also jobs stored before numbers existed; "#2" finds job 2', (t) => {
  const dir = tempDir(t);
  const file = join(dir, 'p4-integrator.db');
  const before = openDatabase(file, MIGRATIONS.filter((m) => m.version < 6));
  const insert = before.prepare(`INSERT INTO jobs (job_id, target_labels_json, priority, spec_json, workspace, branch_spec, description, stage, status, counters_json, created_by, created_at, updated_at)
    VALUES (?, '[]', 1, ?, '/w', 'main-to-rel', ?, 'INIT', 'queued', '{}', 'test', ?, ?)`);
  insert.run('old-b', JSON.stringify({ workspace: '/w', branch_spec: 'main-to-rel' }), '', 2000, 2000);
  insert.run('old-a', JSON.stringify({ workspace: '/w', branch_spec: 'main-to-rel', path: '//depot/rel/...' }), '', 1000, 1000);
  before.close();
  const store = new Store(dir);
  t.after(() => store.dispose());
  store.jobs.insert({
    jobId: 'new', agentId: null, targetAgent: null, targetLabels: [], priority: 'NORMAL',
    spec: { workspace: '/w', branch_spec: 'dev-to-main', description: 'Weekly merge\nsecond line' },
    stage: 'INIT', status: 'queued', changelist: null, ...NO_CHANGE_YET, error: null, conflicts: [], counters: FRESH_COUNTERS, currentCmdId: null,
    retryAt: null, lastCheckAt: null, createdBy: 'test', createdAt: 3000, startedAt: null,
  });
  const dto = (jobId: string) => jobDto(store.jobs.row(jobId)!, null);
  assert.deepEqual([dto('old-a').number, dto('old-b').number, dto('new').number], [1, 2, 3]);
  assert.equal(dto('old-a').title, 'main-to-rel → //depot/rel/...');
  assert.equal(dto('old-b').title, 'main-to-rel');
  assert.equal(dto('new').title, 'Weekly merge');
  assert.deepEqual(store.jobs.list({ q: '#2' }).map((r) => r.job_id), ['old-b']);
  assert.deepEqual(store.jobs.list({ q: '3' }).map((r) => r.job_id), ['new']);
});

test('output queued together is stored as rows of up to 256 KiB per stream, read back exactly, ending last; only published chunks come back', async (t) => {
  const store = new Store(tempDir(t));
  t.after(() => store.dispose());
  store.agents.connected(hello('a1'), Date.now());
  store.commands.insert('a1', { cmd_id: 'c1', command: ['x'], shell: false, cwd: null, env: {}, timeout_s: null }, Date.now());
  const text = { stdout: Buffer.alloc(1024 * 1024), stderr: Buffer.alloc(512 * 1024) };
  for (let i = 0; i < text.stdout.length; i++) text.stdout[i] = i % 251;
  for (let i = 0; i < text.stderr.length; i++) text.stderr[i] = i % 241;
  const ops: WriteOp[] = [];
  // As the dispatcher queues them: 64 KiB chunks of both streams interleaved, each in memory of its own.
  for (let at = 0; at < text.stdout.length; at += 64 * 1024) {
    for (const stream of ['stdout', 'stderr'] as const) {
      if (at < text[stream].length) ops.push({ t: 'chunk', cmdId: 'c1', stream, offset: at, data: new Uint8Array(text[stream].subarray(at, at + 64 * 1024)), publish: stream === 'stdout' });
    }
  }
  ops.push({ t: 'end', cmdId: 'c1', end: { state: 'exited', exitCode: 0, signal: null, reason: null, startedAt: 1, endedAt: 2 } });
  const [changed, back] = await new Promise<[boolean[], Uint8Array[]]>((resolve) => store.writer.write(ops, (...report) => resolve(report)));
  assert.ok(changed.every(Boolean), 'every chunk and the ending were stored');
  assert.ok(Buffer.concat(back).equals(text.stdout), 'the bytes of the chunks to publish come back, those of the others do not');
  const rows = store.db.prepare('SELECT stream, length(data) AS n FROM output_chunks WHERE cmd_id = ? ORDER BY stream, offset').all('c1') as { stream: number; n: number }[];
  assert.deepEqual(rows, [...Array(4).fill({ stream: 0, n: 256 * 1024 }), ...Array(2).fill({ stream: 1, n: 256 * 1024 })]);
  for (const stream of ['stdout', 'stderr'] as const) {
    assert.equal(store.output.storedLength('c1', stream), text[stream].length);
    assert.ok(store.output.read('c1', stream, 0, text[stream].length).data.equals(text[stream]), `${stream} is identical`);
    assert.ok(store.output.read('c1', stream, 300_000, 70_000).data.equals(text[stream].subarray(300_000, 370_000)), `${stream} across a row seam`);
  }
  assert.equal(store.commands.find('c1')?.state, 'exited');
});
