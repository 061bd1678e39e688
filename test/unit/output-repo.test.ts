// Reading stored output the way the log viewer asks for it: whole-stream search across chunk
// seams, line numbers at any offset, and the offset of any line, against the plain bytes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { chunkQuery } from '../../main/store/output-search.ts';
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
function searchAll(store: Store, needle: string, limit: number, matchCase = true) {
  const steps = store.output.search('c1', 'stdout', needle, limit, matchCase);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

function naive(text: Buffer, needle: string, matchCase = true): { line: number; offset: number }[] {
  const out: { line: number; offset: number }[] = [];
  if (!matchCase) return naive(Buffer.from(text.toString('latin1').toLowerCase(), 'latin1'), needle.toLowerCase());
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

test('with the full-text index current, only the chunks it names are read, with the same answers in either case', (t) => {
  // Words cut at every place by chunk seams, mixed case, and texts the index cannot narrow down.
  const text = Buffer.from(Array.from({ length: 400 }, (_, i) => `//depot/Main/src/module${i % 17}/File_${i}.cpp#${i % 9} - ${i % 23 === 0 ? 'updating NEEDLE-x' : 'added as'} /ws/${i}\n`).join(''));
  const needles = ['NEEDLE-x', 'needle-X', 'module3/file_3', 'src/module1', 'Main/src/module16/File_33', 'e_1', ' - added as /ws/39', 'cpp#', '#3 - updating', '9\n//depot', 'x /ws/'];
  for (const sizes of [[5, 97], [300], [4096]]) {
    const store = storeWith(t, text, sizes);
    store.search.catchUp();
    for (const needle of needles) {
      for (const matchCase of [true, false]) {
        const expected = naive(text, needle, matchCase);
        const got = searchAll(store, needle, 10_000, matchCase);
        assert.equal(got.count, expected.length, `${JSON.stringify(needle)} (match case: ${matchCase}) in chunks of ${sizes}`);
        assert.deepEqual(got.matches, expected, `${JSON.stringify(needle)} (match case: ${matchCase}) in chunks of ${sizes}`);
      }
    }
  }
});

test('the index query keeps only whole words of the text; the cut ones at its ends become a prefix or are left out', () => {
  assert.equal(chunkQuery('//depot/main/src/module007/sub07/file000'), '"depot main src module007 sub07 file000" *');
  assert.equal(chunkQuery('ile_100.cpp '), '"100 cpp"');
  assert.equal(chunkQuery('ile_100.c'), '"100"', 'a cut last word shorter than 3 letters is left out');
  assert.equal(chunkQuery('needle'), null, 'one word cut at both ends: any chunk may hold it');
  assert.equal(chunkQuery('a\nb c'), null, 'across a newline');
  assert.equal(chunkQuery('x'.repeat(2000) + ' y'), null, 'longer than the unfinished line kept in front of a chunk');
  assert.equal(chunkQuery('é "quoted" über'), '"quoted über" *', 'non-ASCII at the ends is treated as cut words');
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
