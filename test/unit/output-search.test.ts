// Full-text search over command output (migration 4): what History's "output contains" finds.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FRESH_COUNTERS, NO_CHANGE_YET } from '../../main/store/job-repo.ts';
import { Store } from '../../main/store/store.ts';
import { tempDir } from '../helpers/processes.ts';
import { hello } from '../helpers/raw-agent.ts';

function jobWithOutput(store: Store, jobId: string, chunks: string[], stream: 'stdout' | 'stderr' = 'stdout'): void {
  const cmdId = `${jobId}-cmd`;
  store.commands.insert('a1', { cmd_id: cmdId, command: ['p4', 'sync'], shell: false, cwd: null, env: {}, timeout_s: null }, Date.now());
  store.jobs.insert({
    jobId, agentId: 'a1', targetAgent: 'a1', targetLabels: [], priority: 'NORMAL', spec: { workspace: '/w', branch_spec: 'b' },
    stage: 'SYNC', status: 'running', changelist: null, ...NO_CHANGE_YET, error: null, conflicts: [], counters: FRESH_COUNTERS, currentCmdId: cmdId,
    retryAt: null, lastCheckAt: null, createdBy: 'test', createdAt: Date.now(), startedAt: null,
  });
  store.jobs.insertRun({ jobId, stage: 'SYNC', attempt: 1, purpose: 'stage', cmdId, command: 'p4 sync' });
  let offset = 0;
  store.transaction(() => {
    for (const text of chunks) {
      store.output.append({ cmdId, stream, offset, data: Buffer.from(text) });
      offset += Buffer.byteLength(text);
    }
  });
}

const found = (store: Store, text: string): string[] => {
  store.search.catchUp(); // indexing runs behind the writer
  return store.jobs.list({ text }).map((r) => r.job_id).sort();
};

test('output search finds jobs by a phrase of their output, also across chunk boundaries and on stderr', (t) => {
  const store = new Store(tempDir(t));
  t.after(() => store.dispose());
  store.agents.connected(hello('a1'), Date.now());
  jobWithOutput(store, 'j1', ['//depot/rel/a.txt#3 - updating /w/a.txt\n', '//depot/rel/b.txt#1 - add', 'ed as /w/b.txt\n']);
  jobWithOutput(store, 'j2', ['Submit validation failed -- fix problems then use \'p4 submit -c 7\'.\n'], 'stderr');
  jobWithOutput(store, 'j3', ['nothing to see\n']);
  assert.deepEqual(found(store, 'updating /w/a.txt'), ['j1']);
  assert.deepEqual(found(store, 'added as /w/b.txt'), ['j1'], 'a line split over two chunks is found whole');
  assert.deepEqual(found(store, 'submit validation failed'), ['j2'], 'case-insensitive, stderr included');
  assert.deepEqual(found(store, 'updating nothing'), [], 'a phrase, not any of its words');
  assert.deepEqual(found(store, '"; DROP TABLE jobs; --'), [], 'query syntax in user text is just text');
  assert.deepEqual(found(store, '***'), []);
  assert.deepEqual(store.jobs.list({ text: 'to see', status: 'running' }).map((r) => r.job_id), ['j3'], 'combines with other filters');
});
