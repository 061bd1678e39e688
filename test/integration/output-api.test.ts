// Reading one command's output as a log viewer does: slices that know their first line number
// and the arrival time of their lines, a line's offset, a search over the whole stored stream,
// the raw download of each stream, and the command list.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { ApiClient } from '../helpers/api-client.ts';
import { startMaster, suiteCleanup, tempDir, type MasterProc } from '../helpers/processes.ts';

describe('command output for the log viewer', () => {
  let master: MasterProc;
  let api: ApiClient;
  let cmdId: string;
  const suite = suiteCleanup();
  const LINES = 200_000;
  const expected = Buffer.from(Array.from({ length: LINES }, (_, i) => `line ${i + 1} of the build${i % 50_000 === 49_999 ? ' NEEDLE' : ''}\n`).join(''));

  before(async () => {
    master = await startMaster(suite, { dataDir: tempDir(suite), localAgent: true });
    api = new ApiClient(master.url, master.token);
    await api.waitForAgent('local');
    // Printed in two bursts a second apart, so the lines carry two different arrival times.
    const script = `awk 'BEGIN { for (i = 1; i <= ${LINES / 2}; i++) printf "line %d of the build%s\\n", i, (i % 50000 == 0 ? " NEEDLE" : "") }'; sleep 1.2; `
      + `awk 'BEGIN { for (i = ${LINES / 2 + 1}; i <= ${LINES}; i++) printf "line %d of the build%s\\n", i, (i % 50000 == 0 ? " NEEDLE" : "") }'; echo 'only on stderr' >&2`;
    cmdId = await api.run({ agent_id: 'local', command: script, shell: true });
    await api.waitForState(cmdId, ['exited']);
    assert.deepEqual(await api.output(cmdId), expected, 'the output is stored whole');
  });

  test('a slice from the end knows its first line number and when its lines arrived', async () => {
    const offset = expected.length - 1000;
    const res = await api.request('GET', `/api/commands/${cmdId}/output?offset=${offset}&limit=1000`);
    assert.equal(res.status, 200);
    const newlinesBefore = expected.subarray(0, offset).toString().split('\n').length - 1;
    assert.equal(Number(res.headers.get('x-line')), newlinesBefore);
    const times = res.headers.get('x-times')!.split(',').map((p) => p.split(':').map(Number));
    assert.ok(times.length >= 1 && times[0]![0]! <= offset, 'the first time covers the slice start');
    const all = (await api.request('GET', `/api/commands/${cmdId}/output?offset=0&limit=${4 * 1024 * 1024}`)).headers.get('x-times')!.split(',').map((p) => Number(p.split(':')[1]));
    assert.ok(all.at(-1)! - all[0]! >= 1000, `the two bursts arrived over a second apart (${all.join(', ')})`);

    // What the store holds: every chunk has its arrival time and newline count.
    const db = new Database(join(master.dataDir, 'p4-integrator.db'), { readonly: true });
    const sums = db.prepare('SELECT COUNT(*) AS chunks, SUM(newlines) AS newlines, COUNT(at) AS timed FROM output_chunks WHERE cmd_id = ? AND stream = 0').get(cmdId) as { chunks: number; newlines: number; timed: number };
    db.close();
    assert.equal(sums.newlines, LINES);
    assert.equal(sums.timed, sums.chunks);
  });

  test('a line number gives its offset; past the end is 404', async () => {
    for (const line of [1, 2, 99_999, 150_000, LINES]) {
      const res = await api.request('GET', `/api/commands/${cmdId}/line?line=${line}`);
      assert.equal(res.status, 200);
      assert.ok(expected.subarray(res.json.offset).toString('latin1', 0, 40).startsWith(`line ${line} of`), `line ${line}`);
    }
    const past = await api.request('GET', `/api/commands/${cmdId}/line?line=${LINES + 2}`);
    assert.equal(past.status, 404);
    assert.match(past.json.error, /fewer lines/);
    assert.equal((await api.request('GET', `/api/commands/${cmdId}/line?line=zero`)).status, 400);
  });

  test('search covers the whole stored stream: count, lines and offsets of the matches', async () => {
    const res = await api.request('GET', `/api/commands/${cmdId}/search?text=NEEDLE`);
    assert.equal(res.status, 200);
    assert.equal(res.json.count, 4);
    assert.deepEqual(res.json.matches.map((m: { line: number }) => m.line), [50_000, 100_000, 150_000, 200_000]);
    for (const m of res.json.matches) assert.equal(expected.toString('latin1', m.offset, m.offset + 6), 'NEEDLE');
    const capped = await api.request('GET', `/api/commands/${cmdId}/search?text=${encodeURIComponent('of the')}&limit=3`);
    assert.equal(capped.json.count, LINES, 'every match is counted');
    assert.equal(capped.json.matches.length, 3, 'only the asked number is listed');
    const stderr = await api.request('GET', `/api/commands/${cmdId}/search?stream=stderr&text=only`);
    assert.deepEqual(stderr.json, { count: 1, matches: [{ line: 1, offset: 0 }] });
    const anyCase = await api.request('GET', `/api/commands/${cmdId}/search?text=${encodeURIComponent('LINE 150000 OF the build needle')}`);
    assert.deepEqual(anyCase.json, { count: 1, matches: [{ line: 150_000, offset: expected.indexOf('line 150000 of the build NEEDLE') }] }, 'case is ignored by default');
    const exact = await api.request('GET', `/api/commands/${cmdId}/search?text=${encodeURIComponent('line 150000 of the build needle')}&match_case=true`);
    assert.equal(exact.json.count, 0, 'match_case=true matches byte for byte');
    assert.equal((await api.request('GET', `/api/commands/${cmdId}/search?text=x&match_case=maybe`)).status, 400);
    const empty = await api.request('GET', `/api/commands/${cmdId}/search?text=`);
    assert.equal(empty.status, 400);
    assert.match(empty.json.error, /text: must not be empty/);
  });

  test('each stream downloads whole, as a file', async () => {
    const res = await api.request('GET', `/api/commands/${cmdId}/output?download=1`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-disposition')!, new RegExp(`attachment; filename="${cmdId}.stdout.log"`));
    assert.equal(Number(res.headers.get('content-length')), expected.length);
    assert.deepEqual(res.bytes, expected);
    const err = await api.request('GET', `/api/commands/${cmdId}/output?download=1&stream=stderr`);
    assert.equal(err.bytes.toString(), 'only on stderr\n');
    assert.equal((await api.request('GET', `/api/commands/${cmdId}/output?download=1&stream=both`)).status, 400);
  });

  test('a download ticket stands in for the token for one download of one stream', async () => {
    const ask = async (stream: string) => (await api.request('POST', `/api/commands/${cmdId}/download-ticket`, { stream })).json as { ticket: string; url: string };
    const { url } = await ask('stderr');
    assert.doesNotMatch(url, /token/);
    const at = (path: string) => new URL(path, master.url);
    const first = await fetch(at(url));
    assert.equal(first.status, 200);
    assert.equal(Buffer.from(await first.arrayBuffer()).toString(), 'only on stderr\n');
    const second = await fetch(at(url));
    assert.equal(second.status, 403, 'used once');
    assert.match(((await second.json()) as { error: string }).error, /download ticket unknown, used, expired/);
    const other = await ask('stderr');
    assert.equal((await fetch(at(other.url.replace('stream=stderr', 'stream=stdout')))).status, 403, 'only for the stream it was issued for');
    const slice = await ask('stdout');
    assert.equal((await fetch(at(`/api/commands/${cmdId}/output?ticket=${slice.ticket}`))).status, 403, 'only for a download');
    assert.equal((await api.request('POST', `/api/commands/${cmdId}/download-ticket`, { stream: 'both' })).status, 400);
    assert.equal((await api.request('POST', '/api/commands/nope/download-ticket', {})).status, 404);
    assert.equal((await fetch(at(`/api/commands/${cmdId}/download-ticket`), { method: 'POST' })).status, 401, 'asking for one needs the token');
  });

  test('GET /api/commands lists commands newest first, with filters and paging', async () => {
    const second = await api.run({ agent_id: 'local', command: ['true'] });
    await api.waitForState(second, ['exited']);
    const all = await api.request('GET', '/api/commands');
    assert.equal(all.status, 200);
    assert.deepEqual(all.json.slice(0, 2).map((c: { cmd_id: string }) => c.cmd_id), [second, cmdId]);
    const page = await api.request('GET', `/api/commands?limit=1&before=${encodeURIComponent(all.json[0].created_at)}`);
    assert.deepEqual(page.json.map((c: { cmd_id: string }) => c.cmd_id), [cmdId]);
    assert.equal((await api.request('GET', '/api/commands?state=running')).json.length, 0);
    const bad = await api.request('GET', '/api/commands?state=sleeping');
    assert.equal(bad.status, 400);
    assert.match(bad.json.error, /state/);
  });
});
