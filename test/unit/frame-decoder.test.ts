import assert from 'node:assert/strict';
import { test } from 'node:test';
import { agentMessageSchema, encodeFrame, FrameDecoder, MAX_FRAME_BYTES, parseMessage, ProtocolError } from '../../agent/protocol.ts';
import { frameOf, mutatedMessage, prng, randomFrame, validAgentMessage } from '../fixtures/frame-fuzz.ts';

test('frames survive any split of the byte stream', () => {
  const payload = Buffer.from('line one\nline two\n');
  const frames = Buffer.concat([
    encodeFrame({ t: 'output', cmd_id: 'c1', stream: 'stdout', offset: 0 }, payload),
    encodeFrame({ t: 'pong' }),
  ]);
  const firstLength = encodeFrame({ t: 'output', cmd_id: 'c1', stream: 'stdout', offset: 0 }, payload).length;
  for (let cut = 0; cut <= frames.length; cut++) {
    const decoder = new FrameDecoder();
    const got = [...decoder.push(frames.subarray(0, cut)), ...decoder.push(frames.subarray(cut))];
    assert.equal(got.length, 2, `split at ${cut}`);
    assert.deepEqual(got[0]!.header, { t: 'output', cmd_id: 'c1', stream: 'stdout', offset: 0 });
    assert.ok(got[0]!.payload.equals(payload));
    assert.ok(got[0]!.payload.buffer.byteLength <= firstLength, 'the payload\'s memory holds its own frame only (it is handed to another thread)');
    assert.equal(decoder.pendingBytes, 0);
  }
  const decoder = new FrameDecoder();
  const oneByOne = [...frames].flatMap((byte) => decoder.push(Buffer.from([byte])));
  assert.equal(oneByOne.length, 2, 'byte by byte');
});

test('oversized, truncated and malformed frames are refused with a reason', () => {
  const big = Buffer.alloc(4);
  big.writeUInt32BE(MAX_FRAME_BYTES + 1);
  assert.throws(() => new FrameDecoder().push(big), (e: ProtocolError) => e.code === 'frame_too_large');
  const short = Buffer.alloc(8);
  short.writeUInt32BE(2);
  assert.throws(() => new FrameDecoder().push(short), (e: ProtocolError) => e.code === 'bad_frame');
  const lying = Buffer.alloc(12);
  lying.writeUInt32BE(8, 0);
  lying.writeUInt32BE(100, 4);
  assert.throws(() => new FrameDecoder().push(lying), /does not fit/);
  assert.throws(() => encodeFrame({ t: 'pong' }, Buffer.alloc(MAX_FRAME_BYTES)), /exceeds/);
});

test('message validation names the message and the field', () => {
  assert.throws(() => parseMessage(agentMessageSchema, { t: 'nope' }), /unknown message type "nope"/);
  assert.throws(() => parseMessage(agentMessageSchema, { t: 'output', cmd_id: 'c', stream: 'stdin', offset: 0 }), /invalid "output" message: stream/);
  assert.throws(() => parseMessage(agentMessageSchema, 'just a string'), ProtocolError);
});

test('fuzz: 100,000 random and mutated frames never crash the decoder or grow its memory', () => {
  const rand = prng(0x5eed);
  let decoder = new FrameDecoder();
  let frames = 0;
  let refused = 0;
  let accepted = 0;
  for (let i = 0; i < 100_000; i++) {
    const kind = rand();
    const bytes = kind < 0.4 ? frameOf(mutatedMessage(rand)) : kind < 0.7 ? randomFrame(rand) : frameOf(validAgentMessage(rand) as never, Math.floor(rand() * 512));
    // Deliver in random pieces, as TCP would.
    let at = 0;
    try {
      while (at < bytes.length) {
        const n = 1 + Math.floor(rand() * bytes.length);
        for (const frame of decoder.push(bytes.subarray(at, at + n))) {
          frames++;
          try {
            parseMessage(agentMessageSchema, frame.header);
            accepted++;
          } catch (err) {
            assert.ok(err instanceof ProtocolError, `only ProtocolError escapes, got ${String(err)}`);
            refused++;
          }
        }
        at += n;
      }
    } catch (err) {
      assert.ok(err instanceof ProtocolError, `only ProtocolError escapes, got ${String(err)}`);
      refused++;
      decoder = new FrameDecoder(); // the connection would be closed; a new one starts clean
    }
    assert.ok(decoder.pendingBytes <= MAX_FRAME_BYTES + bytes.length, 'buffered bytes stay bounded');
  }
  assert.ok(frames > 50_000 && accepted > 20_000 && refused > 20_000, `decoded ${frames}, accepted ${accepted}, refused ${refused}`);
});
