// Output chunks by (cmd_id, stream, offset). The running byte count of each stream lives in the
// commands row and moves in the same transaction as the chunk, so it is the resume offset. Each
// chunk also keeps when it was stored and how many newlines it holds, so a slice from anywhere
// in a long output knows its first line number and the time of each of its lines.
import type { StreamName } from '../../preload/api.ts';
import type { Db } from './database.ts';

export interface ChunkWrite {
  cmdId: string;
  stream: StreamName;
  offset: number;
  data: Buffer;
  /** When the chunk arrived (ms since the epoch); now when absent. */
  at?: number;
}

export interface SearchResult {
  /** Every match in the stream. */
  count: number;
  /** The first `limit` matches: 1-based line number and byte offset of the match. */
  matches: { line: number; offset: number }[];
}

const STREAM_CODE: Record<StreamName, number> = { stdout: 0, stderr: 1 };
const NL = 0x0a;
/** Rows a search reads per step (up to 4 MiB of rows of up to 256 KiB) before it lets others run. */
const SEARCH_BATCH = 16;
/** At most this many arrival times per read: one per chunk, runs within a second merged. */
const MAX_TIMES = 500;

export function countNewlines(data: Uint8Array, from = 0, to = data.length): number {
  let n = 0;
  for (let i = data.indexOf(NL, from); i !== -1 && i < to; i = data.indexOf(NL, i + 1)) n++;
  return n;
}

export class OutputRepo {
  private readonly insert;
  private readonly bumpStdout;
  private readonly bumpStderr;
  private readonly floor;
  private readonly range;
  private readonly length;
  private readonly linesBefore;
  private readonly chunkTimes;
  private readonly lineIndex;
  private readonly chunkAt;
  private readonly batch;

  constructor(db: Db) {
    this.insert = db.prepare('INSERT INTO output_chunks (cmd_id, stream, offset, data, at, newlines) VALUES (?, ?, ?, ?, ?, ?)');
    this.bumpStdout = db.prepare('UPDATE commands SET stdout_bytes = ? WHERE cmd_id = ?');
    this.bumpStderr = db.prepare('UPDATE commands SET stderr_bytes = ? WHERE cmd_id = ?');
    this.floor = db.prepare('SELECT offset FROM output_chunks WHERE cmd_id = ? AND stream = ? AND offset <= ? ORDER BY offset DESC LIMIT 1');
    this.range = db.prepare('SELECT offset, data FROM output_chunks WHERE cmd_id = ? AND stream = ? AND offset >= ? AND offset < ? ORDER BY offset');
    this.length = db.prepare('SELECT stdout_bytes, stderr_bytes FROM commands WHERE cmd_id = ?');
    this.linesBefore = db.prepare('SELECT COALESCE(SUM(newlines), 0) AS n FROM output_chunks WHERE cmd_id = ? AND stream = ? AND offset < ?');
    this.chunkTimes = db.prepare('SELECT offset, at FROM output_chunks WHERE cmd_id = ? AND stream = ? AND offset >= ? AND offset < ? AND at IS NOT NULL ORDER BY offset');
    this.lineIndex = db.prepare('SELECT offset, newlines FROM output_chunks WHERE cmd_id = ? AND stream = ? ORDER BY offset');
    this.chunkAt = db.prepare('SELECT data FROM output_chunks WHERE cmd_id = ? AND stream = ? AND offset = ?');
    this.batch = db.prepare('SELECT offset, data, newlines FROM output_chunks WHERE cmd_id = ? AND stream = ? AND offset >= ? ORDER BY offset LIMIT ?');
  }

  /** Call inside the caller's transaction: appends one contiguous chunk. */
  append(chunk: ChunkWrite): void {
    this.insert.run(chunk.cmdId, STREAM_CODE[chunk.stream], chunk.offset, chunk.data, chunk.at ?? Date.now(), countNewlines(chunk.data));
    const end = chunk.offset + chunk.data.length;
    (chunk.stream === 'stdout' ? this.bumpStdout : this.bumpStderr).run(end, chunk.cmdId);
  }

  storedLength(cmdId: string, stream: StreamName): number {
    const row = this.length.get(cmdId) as { stdout_bytes: number; stderr_bytes: number } | undefined;
    return row ? (stream === 'stdout' ? row.stdout_bytes : row.stderr_bytes) : 0;
  }

  /** Up to `limit` bytes from `offset`. */
  read(cmdId: string, stream: StreamName, offset: number, limit: number): { data: Buffer; nextOffset: number } {
    const end = Math.min(this.storedLength(cmdId, stream), offset + limit);
    if (offset >= end) return { data: Buffer.alloc(0), nextOffset: Math.max(offset, 0) };
    const code = STREAM_CODE[stream];
    const first = this.floorOffset(cmdId, code, offset);
    const parts: Buffer[] = [];
    for (const row of this.range.iterate(cmdId, code, first, end) as Iterable<{ offset: number; data: Buffer }>) {
      const from = Math.max(offset - row.offset, 0);
      const to = Math.min(row.data.length, end - row.offset);
      if (to > from) parts.push(row.data.subarray(from, to));
    }
    const data = Buffer.concat(parts);
    return { data, nextOffset: offset + data.length };
  }

  /** Newlines stored before `offset`: the 0-based line number of the line holding that byte. */
  lineAt(cmdId: string, stream: StreamName, offset: number): number {
    const code = STREAM_CODE[stream];
    const first = this.floorOffset(cmdId, code, offset);
    const whole = (this.linesBefore.get(cmdId, code, first) as { n: number }).n;
    if (first >= offset) return whole;
    const row = this.chunkAt.get(cmdId, code, first) as { data: Buffer } | undefined;
    return whole + (row ? countNewlines(row.data, 0, offset - first) : 0);
  }

  /** Arrival times of the chunks in [from, to) as [offset, ms] pairs; the first pair covers `from`. */
  times(cmdId: string, stream: StreamName, from: number, to: number): [number, number][] {
    const code = STREAM_CODE[stream];
    const out: [number, number][] = [];
    for (const row of this.chunkTimes.iterate(cmdId, code, this.floorOffset(cmdId, code, from), to) as Iterable<{ offset: number; at: number }>) {
      const last = out.at(-1);
      if (last && Math.floor(last[1] / 1000) === Math.floor(row.at / 1000)) continue;
      out.push([row.offset, row.at]);
    }
    if (out.length <= MAX_TIMES) return out;
    const step = out.length / MAX_TIMES;
    return Array.from({ length: MAX_TIMES }, (_, i) => out[Math.floor(i * step)]!);
  }

  /** Byte offset where 1-based `line` starts; null past the last line. */
  offsetOfLine(cmdId: string, stream: StreamName, line: number): number | null {
    const code = STREAM_CODE[stream];
    if (line <= 1) return 0;
    let before = 0;
    for (const row of this.lineIndex.iterate(cmdId, code) as Iterable<{ offset: number; newlines: number }>) {
      if (before + row.newlines >= line - 1) {
        const data = (this.chunkAt.get(cmdId, code, row.offset) as { data: Buffer }).data;
        let at = -1;
        for (let k = before; k < line - 1; k++) at = data.indexOf(NL, at + 1);
        return row.offset + at + 1;
      }
      before += row.newlines;
    }
    return null;
  }

  /**
   * Every occurrence of `needle` (bytes, case-sensitive) in the whole stored stream, in order.
   * A generator: it yields after each batch of chunks (each read by a statement of its own, so
   * writes can run in between), and the caller may let the event loop turn there.
   */
  *search(cmdId: string, stream: StreamName, needle: Buffer, limit: number): Generator<void, SearchResult> {
    const n = needle.length;
    const result: SearchResult = { count: 0, matches: [] };
    const found = (offset: number, line: number) => {
      result.count++;
      if (result.matches.length < limit) result.matches.push({ line: line + 1, offset });
    };
    let base = 0; // newlines before the current chunk
    let carry = Buffer.alloc(0); // the last n-1 bytes before it, for matches across chunks
    for (let from = 0; ;) {
      const rows = this.batch.all(cmdId, STREAM_CODE[stream], from, SEARCH_BATCH) as { offset: number; data: Buffer; newlines: number }[];
      if (rows.length === 0) return result;
      for (const { offset, data, newlines } of rows) {
        let skip = 0; // bytes at the chunk's start inside a match across the seam
        // Matches that start in the carry and end in this chunk: a small joined buffer, not a copy of the chunk.
        if (carry.length > 0) {
          const seam = Buffer.concat([carry, data.subarray(0, n - 1)]);
          for (let p = seam.indexOf(needle); p !== -1 && p < carry.length; p = seam.indexOf(needle, p + n)) {
            found(offset - carry.length + p, base - countNewlines(carry, p));
            skip = p + n - carry.length;
          }
        }
        let line = base;
        let scanned = 0;
        for (let p = data.indexOf(needle, skip); p !== -1; p = data.indexOf(needle, p + n)) {
          if (result.matches.length < limit) {
            line += countNewlines(data, scanned, p);
            scanned = p;
          }
          found(offset + p, line);
        }
        base += newlines;
        if (n > 1) carry = Buffer.from(data.length >= n - 1 ? data.subarray(data.length - (n - 1)) : Buffer.concat([carry, data]).subarray(-(n - 1)));
      }
      from = rows.at(-1)!.offset + 1;
      yield;
    }
  }

  private floorOffset(cmdId: string, code: number, offset: number): number {
    return (this.floor.get(cmdId, code, offset) as { offset: number } | undefined)?.offset ?? offset;
  }
}
