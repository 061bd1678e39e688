import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ConflictDto } from '../../preload/api.ts';
import { conflictSummary } from '../../preload/conflict-summary.ts';

const commands = { resolve: 'r', accept_theirs: 't', accept_yours: 'y' };

test('the summary names the first file, the count, the source author and a lock holder', () => {
  const a: ConflictDto = { file: '/ws/rel/a.txt', depot_file: '//depot/rel/a.txt', reason: 'conflict', commands, source: { depot_file: '//depot/main/a.txt', rev: 2, change: 3, user: 'ann', description: 'Fix' } };
  const b: ConflictDto = { file: '//depot/rel/b.txt', depot_file: '//depot/rel/b.txt', reason: 'locked', commands, locked_by: 'eve@eve-ws' };
  assert.equal(conflictSummary([a]), '1 conflict: //depot/rel/a.txt (change 3 by ann)');
  assert.equal(conflictSummary([a, b]), '2 conflicts: //depot/rel/a.txt (change 3 by ann) and 1 more; //depot/rel/b.txt locked by eve@eve-ws');
  assert.equal(conflictSummary([b]), '1 conflict: //depot/rel/b.txt (locked by eve@eve-ws)');
});
