import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Disposables } from '../../main/base/disposable.ts';

test('Disposables ends its parts in reverse order, once, and carries on past a failing part', async () => {
  const ended: string[] = [];
  const errors: unknown[] = [];
  const parts = new Disposables((err) => errors.push(err));
  parts.add({ dispose: () => void ended.push('store') });
  parts.add({ dispose: () => { throw new Error('listener would not close'); } });
  parts.add({ dispose: async () => void ended.push('http') });
  await parts.dispose();
  await parts.dispose();
  assert.deepEqual(ended, ['http', 'store']);
  assert.deepEqual(errors.map((e) => (e as Error).message), ['listener would not close']);
});
