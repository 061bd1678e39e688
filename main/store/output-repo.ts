// Output chunks by (cmd_id, stream, offset). The running byte count of each stream lives in the
// commands row and moves in the same transaction as the chunk, so it is the resume offset.
import type { StreamName } from '../../preload/api.ts';
import type { Db } from './database.ts';

export interface ChunkWrite {
  cmdId: string;
  stream: StreamName;
  offset: number;
  data: Buffer;
}

const STREAM_CODE: Record<StreamName, number> = { stdout: 0, stderr: 1 };

export class OutputRepo {
  private readonly insert;
  private readonly bumpStdout;
  private readonly bumpStderr;
  private readonly floor;
  private readonly range;
  private readonly length;

  constructor(db: Db) {
    this.insert = db.prepare('INSERT INTO output_chunks (cmd_id, stream, offset, data) VALUES (?, ?, ?, ?)');
    this.bumpStdout = db.prepare('UPDATE commands SET stdout_bytes = ? WHERE cmd_id = ?');
    this.bumpStderr = db.prepare('UPDATE commands SET stderr_bytes = ? WHERE cmd_id = ?');
    this.floor = db.prepare('SELECT offset FROM output_chunks WHERE cmd_id = ? AND stream = ? AND offset <= ? ORDER BY offset DESC LIMIT 1');
    this.range = db.prepare('SELECT offset, data FROM output_chunks WHERE cmd_id = ? AND stream = ? AND offset >= ? AND offset < ? ORDER BY offset');
    this.length = db.prepare('SELECT stdout_bytes, stderr_bytes FROM commands WHERE cmd_id = ?');
  }

  /** Call inside the caller's transaction: appends one contiguous chunk. */
  append(chunk: ChunkWrite): void {
    this.insert.run(chunk.cmdId, STREAM_CODE[chunk.stream], chunk.offset, chunk.data);
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
    const first = (this.floor.get(cmdId, code, offset) as { offset: number } | undefined)?.offset ?? offset;
    const parts: Buffer[] = [];
    for (const row of this.range.iterate(cmdId, code, first, end) as Iterable<{ offset: number; data: Buffer }>) {
      const from = Math.max(offset - row.offset, 0);
      const to = Math.min(row.data.length, end - row.offset);
      if (to > from) parts.push(row.data.subarray(from, to));
    }
    const data = Buffer.concat(parts);
    return { data, nextOffset: offset + data.length };
  }
}
