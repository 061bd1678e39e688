// Reading stored output the way the log viewer asks for it: whole-stream search across chunk
// seams, line numbers at any offset, and the offset of any line, against the plain bytes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Store } from '../../main/store/store.ts';
import { hello } from '../helpers/raw-agent.ts';
import { tempDir } from '../helpers/processes.ts';

function storeWith(t: { after(fn: () => unknown): void }, text: Buffer, chunkSizes: number[]): Store {
  const store = new Store(tempDir(t));
  t.after(() => store.dispose());
  store.agents.connected(hello('a1'), Date.now());
  store.commands.insert('a1', { cmd_id: 'c1', command: ['x'], shell: false, cwd: null, env: {}, timeout_s: null }, Date.now());
  store.transaction(() => {
    let at = 0;
    for (let i = 0; at < text.length; i++) {
      const size = chunkSizes[i % chunkSizes.length]!;
      store.output.append({ cmdId: 'c1', stream: 'stdout', offset: at, data: text.subarray(at, at + size), at: 1000 + i });
      at += size;
    }
  });
  return store;
}

/** Runs a search to its end (the master lets the event loop turn between its steps). */
function searchAll(store: Store, needle: string, limit: number) {
  const steps = store.output.search('c1', 'stdout', Buffer.from(needle), limit);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

function naive(text: Buffer, needle: string): { line: number; offset: number }[] {
  const out: { line: number; offset: number }[] = [];
  for (let p = text.indexOf(needle); p !== -1; p = text.indexOf(needle, p + needle.length)) {
    out.push({ line: text.subarray(0, p).toString('latin1').split('\n').length, offset: p });
  }
  return out;
}

test('search finds every match, also across seams of tiny chunks, with its line and offset', (t) => {
  const text = Buffer.from(Array.from({ length: 300 }, (_, i) => `row ${i} ${i % 7 === 0 ? 'needle-x' : 'hay'}\n`).join(''));
  for (const sizes of [[3], [1, 2, 5], [64], [4096]]) {
    const store = storeWith(t, text, sizes);
    for (const needle of ['needle-x', 'row 1', '\nrow', 'x\nrow 2']) {
      const expected = naive(text, needle);
      const got = searchAll(store, needle, 10_000);
      assert.equal(got.count, expected.length, `${needle} in chunks of ${sizes}`);
      assert.deepEqual(got.matches, expected, `${needle} in chunks of ${sizes}`);
    }
    const capped = searchAll(store, 'row', 5);
    assert.equal(capped.count, 300);
    assert.deepEqual(capped.matches, naive(text, 'row').slice(0, 5));
  }
});

test('a line number at any offset, the offset of any line, and the arrival times of a range', (t) => {
  const text = Buffer.from(Array.from({ length: 50 }, (_, i) => `line ${i + 1}\n`).join(''));
  const store = storeWith(t, text, [7, 11]);
  for (let offset = 0; offset <= text.length; offset += 13) {
    assert.equal(store.output.lineAt('c1', 'stdout', offset), text.subarray(0, offset).toString().split('\n').length - 1, `offset ${offset}`);
  }
  for (const line of [1, 2, 17, 50]) {
    const offset = store.output.offsetOfLine('c1', 'stdout', line)!;
    assert.ok(text.subarray(offset).toString().startsWith(`line ${line}\n`), `line ${line}`);
  }
  assert.equal(store.output.offsetOfLine('c1', 'stdout', 52), null);
  const times = store.output.times('c1', 'stdout', 20, 40);
  assert.ok(times[0]![0] <= 20, 'the first time covers the start of the range');
  assert.ok(times.every(([o]) => o < 40));
});
