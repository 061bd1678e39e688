// The log viewer's pure parts: ANSI text to styled spans, and the line window's bookkeeping
// (line numbers, byte offsets after trimming, arrival times), checked against the bytes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ansiSpans, stripAnsi } from '../../renderer/log/ansi.ts';
import { LogBuffer } from '../../renderer/log/log-buffer.ts';

test('SGR colours become spans, other escapes vanish, a carriage return keeps what follows it', () => {
  const { spans, end } = ansiSpans('\u001b[1;31mFAIL\u001b[0m ok \u001b[38;5;208morange\u001b[39m \u001b]0;title\u0007x');
  assert.deepEqual(spans.map((s) => [s.text, s.className]), [['FAIL', 'fg-1 bold'], [' ok ', ''], ['orange', ''], [' ', ''], ['x', '']]);
  assert.equal(spans[2]!.style?.color, 'rgb(255, 135, 0)');
  assert.equal(end.fg, null);
  // A colour left open carries into the next line.
  const open = ansiSpans('\u001b[32mgreen');
  assert.deepEqual(ansiSpans('still', open.end).spans.map((s) => s.className), ['fg-2']);
  assert.equal(stripAnsi('10%\r50%\r\u001b[2K100% done\r'), '100% done');
  assert.equal(stripAnsi('\u001b[31mFAIL\u001b[0m test'), 'FAIL test');
});

const enc = (s: string) => new TextEncoder().encode(s);

test('a window opened mid-stream starts on a line, numbered from the newlines before it', () => {
  const text = Array.from({ length: 100 }, (_, i) => `line ${i + 1} ✓\n`).join('');
  const bytes = enc(text);
  const offset = 500; // mid-line
  const before = text.slice(0, new TextDecoder().decode(bytes.subarray(0, offset)).length).split('\n').length - 1;
  const b = new LogBuffer();
  b.reset(bytes.subarray(offset), offset, before, [[0, 1000], [offset + 100, 2000]]);
  assert.equal(b.text(b.first), `line ${b.first} ✓`, 'the first whole line has its own number');
  assert.equal(b.last, 100);
  assert.equal(b.endOffset, bytes.length);
  assert.deepEqual(bytes.subarray(b.startOffset, b.startOffset + enc(`line ${b.first}`).length), enc(`line ${b.first}`), 'startOffset is where that line starts');
  assert.equal(b.time(b.first), 1000);
  assert.equal(b.time(100), 2000);

  // Earlier output put in front keeps numbers and offsets right.
  b.prepend(bytes.subarray(0, b.startOffset), 0, 0, [[0, 500]]);
  assert.equal(b.first, 1);
  assert.equal(b.startOffset, 0);
  assert.equal(b.text(1), 'line 1 ✓');
  assert.equal(b.time(1), 500);
});

test('live chunks split anywhere (inside a character, inside a line) make the same lines; trimming keeps the byte offsets true', () => {
  const text = Array.from({ length: 5000 }, (_, i) => `${i + 1} ünïcödé ${'x'.repeat(i % 40)}\n`).join('');
  const bytes = enc(text);
  const b = new LogBuffer();
  b.reset(new Uint8Array(0), 0, 0, []);
  for (let at = 0; at < bytes.length; at += 777) b.append(bytes.subarray(at, at + 777), at, [[at, at]]);
  assert.equal(b.last, 5000);
  assert.equal(b.text(1234), `1234 ünïcödé ${'x'.repeat(1233 % 40)}`);
  b.trimStart(1000);
  assert.equal(b.first, 4001);
  const line = enc(`4001 ünïcödé`);
  assert.deepEqual(bytes.subarray(b.startOffset, b.startOffset + line.length), line, 'startOffset moved by the bytes of the dropped lines');
  b.prepend(bytes.subarray(0, b.startOffset), 0, 0, []);
  assert.equal(b.first, 1);
  b.trimStart(2000);
  assert.equal(b.first, 3001);
  assert.deepEqual(bytes.subarray(b.startOffset, b.startOffset + 4), enc('3001'), 'offsets of prepended lines are known too');
  b.trimEnd(1500);
  assert.equal(b.last, 4500);
  assert.equal(new TextDecoder().decode(bytes.subarray(b.startOffset, b.endOffset)).split('\n').length - 1, 1500, 'endOffset is right after the last line kept');
});

test('colours left open carry to the next lines, however the chunks are cut; an unfinished line shows whole characters only', () => {
  const text = 'plain\n\u001b[31mred starts\nstill red ✓\n\u001b[0mplain again\n\u001b[1mbold tail';
  const bytes = enc(text);
  for (const size of [1, 3, 7, 100]) {
    const b = new LogBuffer();
    b.reset(new Uint8Array(0), 0, 0, []);
    for (let at = 0; at < bytes.length; at += size) b.append(bytes.subarray(at, at + size), at, []);
    assert.equal(b.count, 5, `chunks of ${size}`);
    assert.deepEqual([1, 2, 3, 4, 5].map((n) => b.state(n).fg), [null, null, 'fg-1', 'fg-1', null], `chunks of ${size}`);
    assert.equal(b.state(5).bold, false, 'the bold starts inside the unfinished line');
    assert.equal(b.text(3), 'still red ✓');
    assert.equal(b.text(5), '\u001b[1mbold tail');
  }
  const b = new LogBuffer();
  b.reset(bytes.subarray(0, bytes.indexOf(0xe2) + 1), 0, 0, []);
  assert.equal(b.text(b.last), 'still red ', 'the first byte of ✓ alone shows nothing yet');
});
