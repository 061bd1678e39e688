import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { openDatabase } from '../../main/store/database.ts';
import { MIGRATIONS } from '../../main/store/migrations.ts';
import { Store } from '../../main/store/store.ts';
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
