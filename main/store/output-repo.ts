// Output chunks by (cmd_id, stream, offset). The running byte count of each stream lives in the
// commands row and moves in the same transaction as the chunk, so it is the resume offset. Each
// chunk also keeps when it was stored and how many newlines it holds, so a slice from anywhere
// in a long output knows its first line number and the time of each of its lines.
import type { StreamName } from '../../preload/api.ts';
import type { Db } from './database.ts';
import { chunkQuery } from './output-search.ts';

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
/** ASCII upper-case letters to lower case; every other byte to itself. */
const FOLD = Uint8Array.from({ length: 256 }, (_, b) => (b >= 0x41 && b <= 0x5a ? b + 0x20 : b));
/** At most this many arrival times per read: one per chunk, runs within a second merged. */
const MAX_TIMES = 500;

export function countNewlines(data: Uint8Array, from = 0, to = data.length): number {
  let n = 0;
  for (let i = data.indexOf(NL, from); i !== -1 && i < to; i = data.indexOf(NL, i + 1)) n++;
  return n;
}

/** A copy with ASCII letters in lower case (UTF-8 stays valid: only bytes below 0x80 change). */
function foldCase(data: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(data.length);
  for (let i = 0; i < data.length; i++) out[i] = FOLD[data[i]!]!;
  return out;
}

/** The last `size` bytes of `before` followed by `data`. */
function lastBytes(before: Buffer, data: Buffer, size: number): Buffer {
  if (size <= 0) return Buffer.alloc(0);
  if (data.length >= size) return Buffer.from(data.subarray(data.length - size));
  return Buffer.concat([before, data]).subarray(-size);
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
  private readonly chunkList;
  private readonly lastIndexed;
  private readonly matching;

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
    this.chunkList = db.prepare('SELECT rowid, offset, newlines FROM output_chunks INDEXED BY output_chunks_lines WHERE cmd_id = ? AND stream = ? ORDER BY offset');
    this.lastIndexed = db.prepare('SELECT rowid FROM output_fts ORDER BY rowid DESC LIMIT 1');
    this.matching = db.prepare('SELECT rowid FROM output_fts WHERE output_fts MATCH ? AND rowid BETWEEN ? AND ?');
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
   * Every occurrence of `needle` in the whole stored stream, in order; ASCII letters match in
   * either case unless `matchCase`. Only the chunks the full-text index says may hold it (and
   * those not indexed yet) are read: the line numbers come from the per-chunk newline counts.
   * A generator: it yields after each batch of chunks read (each by a statement of its own, so
   * writes can run in between), and the caller may let the event loop turn there.
   */
  *search(cmdId: string, stream: StreamName, needle: string, limit: number, matchCase = false): Generator<void, SearchResult> {
    const code = STREAM_CODE[stream];
    const chunks = this.chunkList.all(cmdId, code) as { rowid: number; offset: number; newlines: number }[];
    const wanted = this.candidates(chunks, needle);
    const pattern = matchCase ? Buffer.from(needle) : foldCase(Buffer.from(needle));
    const n = pattern.length;
    const result: SearchResult = { count: 0, matches: [] };
    const found = (offset: number, line: number) => {
      result.count++;
      if (result.matches.length < limit) result.matches.push({ line: line + 1, offset });
    };
    let base = 0; // newlines before the current chunk
    let carry: Buffer | null = Buffer.alloc(0); // the last n-1 bytes before it (null: not read)
    let read = 0;
    for (let i = 0; i < chunks.length; i++) {
      const chunk = chunks[i]!;
      if (wanted && !wanted.has(chunk.rowid)) {
        base += chunk.newlines;
        carry = null;
        continue;
      }
      const data = this.chunkData(cmdId, code, chunk.offset, matchCase);
      carry ??= this.bytesBefore(cmdId, code, chunks, i, n - 1, matchCase);
      let skip = 0; // bytes at the chunk's start inside a match across the seam
      if (carry.length > 0) {
        const seam = Buffer.concat([carry, data.subarray(0, n - 1)]);
        for (let p = seam.indexOf(pattern); p !== -1 && p < carry.length; p = seam.indexOf(pattern, p + n)) {
          found(chunk.offset - carry.length + p, base - countNewlines(carry, p));
          skip = p + n - carry.length;
        }
      }
      let line = base;
      let scanned = 0;
      for (let p = data.indexOf(pattern, skip); p !== -1; p = data.indexOf(pattern, p + n)) {
        if (result.matches.length < limit) {
          line += countNewlines(data, scanned, p);
          scanned = p;
        }
        found(chunk.offset + p, line);
      }
      base += chunk.newlines;
      carry = lastBytes(carry, data, n - 1);
      if (++read % SEARCH_BATCH === 0) yield;
    }
    return result;
  }

  /**
   * Rowids of the chunks that may hold `needle`: those the full-text index matches and those it
   * has not indexed yet. Null when every chunk must be read (the index cannot narrow this text).
   */
  private candidates(chunks: { rowid: number }[], needle: string): Set<number> | null {
    const query = chunkQuery(needle);
    if (query === null || chunks.length === 0) return null;
    let lo = Infinity;
    let hi = -Infinity;
    for (const c of chunks) {
      lo = Math.min(lo, c.rowid);
      hi = Math.max(hi, c.rowid);
    }
    const indexed = (this.lastIndexed.get() as { rowid: number } | undefined)?.rowid ?? 0;
    const wanted = new Set<number>();
    for (const c of chunks) if (c.rowid > indexed) wanted.add(c.rowid);
    for (const row of this.matching.iterate(query, lo, hi) as Iterable<{ rowid: number }>) wanted.add(row.rowid);
    return wanted;
  }

  /** The last `size` bytes of the chunks before chunks[i] (read back as far as needed). */
  private bytesBefore(cmdId: string, code: number, chunks: { offset: number }[], i: number, size: number, matchCase: boolean): Buffer {
    let bytes: Buffer = Buffer.alloc(0);
    for (let k = i - 1; k >= 0 && bytes.length < size; k--) bytes = lastBytes(this.chunkData(cmdId, code, chunks[k]!.offset, matchCase), bytes, size);
    return bytes;
  }

  private chunkData(cmdId: string, code: number, offset: number, matchCase: boolean): Buffer {
    const data = (this.chunkAt.get(cmdId, code, offset) as { data: Buffer }).data;
    return matchCase ? data : foldCase(data);
  }

  private floorOffset(cmdId: string, code: number, offset: number): number {
    return (this.floor.get(cmdId, code, offset) as { offset: number } | undefined)?.offset ?? offset;
  }
}
