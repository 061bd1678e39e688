// The REST face: tokens, validation messages, status codes.
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import WebSocket from 'ws';
import { ApiClient } from '../helpers/api-client.ts';
import { startMaster, suiteCleanup, tempDir, type MasterProc } from '../helpers/processes.ts';

describe('REST API', () => {
  let master: MasterProc;
  let api: ApiClient;
  const suite = suiteCleanup();

  before(async () => {
    master = await startMaster(suite, { dataDir: tempDir(suite), localAgent: true });
    api = new ApiClient(master.url, master.token);
    await api.waitForAgent('local');
  });

  test('health answers without a token', async () => {
    const res = await api.request('GET', '/api/health', undefined, null);
    assert.equal(res.status, 200);
    assert.equal(res.json.ok, true);
    assert.equal(res.json.version, '0.1.0');
    assert.deepEqual(res.json.store, { ok: true });
    assert.deepEqual(res.json.listener, { port: master.agentPort, tls: true });
    assert.equal(res.json.agents.online, 1);
    assert.deepEqual(res.json.local_agent, { online: true, error: null });
  });

  test('the token file is private to its owner', () => {
    assert.equal(statSync(join(master.dataDir, 'api-token')).mode & 0o777, 0o600);
  });

  test('a missing token is 401 and a wrong one 403, each with a message', async () => {
    const missing = await api.request('GET', '/api/agents', undefined, null);
    assert.equal(missing.status, 401);
    assert.match(missing.json.error, /missing API token/);
    const wrong = await api.request('GET', '/api/agents', undefined, 'f'.repeat(64));
    assert.equal(wrong.status, 403);
    assert.equal(wrong.json.error, 'wrong API token');
  });

  test('malformed and invalid bodies are 400 and name the problem', async () => {
    const cases: [unknown, RegExp][] = [
      ['{"agent_id": "local", ', /not valid JSON/],
      ['', /body is empty/],
      [{ command: ['true'] }, /agent_id/],
      [{ agent_id: 'local', command: [] }, /command: must not be empty/],
      [{ agent_id: 'local', command: 'true', shell: false }, /command must be a string when shell is true/],
      [{ agent_id: 'local', command: ['true'], env: { 'BAD-NAME': 'x' } }, /env/],
      [{ agent_id: 'local', command: ['true'], timeout_s: -1 }, /timeout_s/],
      [{ agent_id: 'local', command: ['true'], extra: 1 }, /extra|unrecognized/i],
      [{ agent_id: 'local', command: ['echo', 'a\u0000b'] }, /^command\.1: must not contain a NUL byte/],
      [{ agent_id: 'local', command: 'echo a\u0000b' }, /^command: must not contain a NUL byte/],
      [{ agent_id: 'local', command: ['true'], env: { X: 'a\u0000' } }, /^env\.X: must not contain a NUL byte/],
      [{ agent_id: 'local', command: ['true'], cwd: '/tmp\u0000' }, /^cwd: must not contain a NUL byte/],
    ];
    for (const [body, message] of cases) {
      const res = await api.request('POST', '/api/commands', body);
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.match(res.json.error, message);
    }
  });

  test('unknown agent, command and route are 404; a wrong method is 405', async () => {
    const agent = await api.request('POST', '/api/commands', { agent_id: 'nobody', command: ['true'] });
    assert.equal(agent.status, 404);
    assert.equal(agent.json.error, 'unknown agent "nobody"');
    assert.equal((await api.request('GET', '/api/commands/abc/output')).status, 404);
    assert.equal((await api.request('GET', '/api/nothing-here')).status, 404);
    assert.equal((await api.request('DELETE', '/api/agents')).status, 405);
    const undecodable = await api.request('GET', '/api/commands/%E0%A4%A');
    assert.equal(undecodable.status, 400);
    assert.match(undecodable.json.error, /"%E0%A4%A" in the path is not valid percent-encoding/);
    assert.doesNotMatch(master.output(), /URIError|API request failed/);
  });

  test('output reads from any offset, with X-Next-Offset', async () => {
    const cmdId = await api.run({ agent_id: 'local', command: ['printf', 'abcdefghij'] });
    await api.waitForState(cmdId, ['exited']);
    const tail = await api.request('GET', `/api/commands/${cmdId}/output?stream=stdout&offset=4&limit=3`);
    assert.equal(tail.bytes.toString(), 'efg');
    assert.equal(tail.headers.get('x-next-offset'), '7');
    const end = await api.request('GET', `/api/commands/${cmdId}/output?offset=10`);
    assert.equal(end.bytes.length, 0);
    assert.equal(end.headers.get('x-next-offset'), '10');
    const bad = await api.request('GET', `/api/commands/${cmdId}/output?stream=stdin`);
    assert.equal(bad.status, 400);
    assert.match(bad.json.error, /stream/);
  });

  test('the event WebSocket needs the token and refuses foreign origins', async () => {
    const wsUrl = `${master.url.replace(/^http/, 'ws')}api/events`;
    const refused = (ws: WebSocket): Promise<number> => new Promise((ok) => ws.on('unexpected-response', (_req, res) => ok(res.statusCode ?? 0)));
    assert.equal(await refused(new WebSocket(wsUrl)), 401);
    assert.equal(await refused(new WebSocket(wsUrl, { headers: { authorization: `Bearer ${master.token}`, origin: 'http://evil.example' } })), 403);
    const ok = api.events();
    await new Promise((resolve) => ok.once('open', resolve));
    ok.close();
  });

  test('notification choices live in the master: changed over REST, stored in SQLite, announced as an event', async () => {
    assert.deepEqual((await api.request('GET', '/api/settings/notifications')).json, { needs_resolve: true, blocked: true, done: true, error: true });
    const ws = api.events();
    await new Promise((resolve) => ws.once('open', resolve));
    const announced = new Promise<unknown>((resolve) => ws.on('message', (raw) => {
      const event = JSON.parse(String(raw)) as { type: string; notifications?: unknown };
      if (event.type === 'notifications') resolve(event.notifications);
    }));
    const changed = await api.request('POST', '/api/settings/notifications', { done: false });
    assert.equal(changed.status, 200);
    assert.deepEqual(changed.json, { needs_resolve: true, blocked: true, done: false, error: true });
    assert.deepEqual(await announced, { needs_resolve: true, blocked: true, done: false, error: true });
    ws.close();
    const db = new Database(join(master.dataDir, 'p4-integrator.db'), { readonly: true });
    try {
      const row = db.prepare("SELECT value_json FROM settings WHERE key = 'notifications'").get() as { value_json: string };
      assert.deepEqual(JSON.parse(row.value_json), { needs_resolve: true, blocked: true, done: false, error: true });
    } finally {
      db.close();
    }
    for (const [body, message] of [[{ done: 'no' }, /done: .*boolean/], [{ sound: true }, /sound|unrecognized/i]] as const) {
      const res = await api.request('POST', '/api/settings/notifications', body);
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.match(res.json.error, message);
    }
    assert.equal((await api.request('GET', '/api/settings')).json.agent_host, '127.0.0.1');
  });
});
