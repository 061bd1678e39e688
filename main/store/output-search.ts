// Full-text index over command output (FTS5 table output_fts, migration 4). Each stored chunk is
// indexed under its own rowid, prefixed with the unfinished last line of the chunk before it,
// so a line split between two chunks is still found whole. Indexing runs in the writer thread
// behind the output writes, one small batch when no output is waiting: acks never wait for it.
import type { StreamName } from '../../preload/api.ts';
import type { Db } from './database.ts';

/** A longer unfinished line is only found by its last bytes. */
const MAX_TAIL_BYTES = 1024;
/** Commands whose unfinished line is remembered (older ones were long done). */
const MAX_TAILS = 512;
const NEWLINE = 0x0a;

/** Output indexed per batch; small enough that waiting output is stored soon after. */
const BATCH_BYTES = 64 * 1024;
/** Rows read per batch: a row is up to 256 KiB (older ones 64 KiB), so a few fill a batch. */
const BATCH_ROWS = 16;
const STREAM_NAME: readonly StreamName[] = ['stdout', 'stderr'];

export class OutputSearch {
  private readonly tails = new Map<string, Buffer>();
  private readonly db: Db;
  private readonly insert;
  private readonly pending;
  /** Highest output_chunks rowid already indexed. */
  private done: number;

  constructor(db: Db) {
    this.db = db;
    this.insert = db.prepare('INSERT INTO output_fts (rowid, text) VALUES (?, ?)');
    this.pending = db.prepare(`SELECT rowid, cmd_id, stream, data FROM output_chunks WHERE rowid > ? ORDER BY rowid LIMIT ${BATCH_ROWS}`);
    this.done = ((db.prepare('SELECT MAX(rowid) AS n FROM output_fts').get() as { n: number | null }).n) ?? 0;
  }

  /** Indexes everything stored so far, at once (for tests and shutdown). */
  catchUp(): void {
    while (this.step()) { /* until nothing is left */ }
  }

  /**
   * Indexes one bounded batch in one transaction; true when more may be waiting. When the
   * transaction fails, nothing moves: the same rows are indexed on the next try.
   */
  step(): boolean {
    const rows = this.pending.all(this.done) as { rowid: number; cmd_id: string; stream: number; data: Buffer }[];
    if (rows.length === 0) return false;
    const staged = new Map<string, Buffer | null>();
    let bytes = 0;
    let taken = 0;
    this.db.transaction(() => {
      for (const row of rows) {
        this.index(staged, row.rowid, row.cmd_id, STREAM_NAME[row.stream]!, row.data);
        taken++;
        bytes += row.data.length;
        if (bytes >= BATCH_BYTES) break;
      }
    })();
    this.done = rows[taken - 1]!.rowid;
    for (const [key, tail] of staged) {
      this.tails.delete(key);
      if (tail) this.tails.set(key, tail);
    }
    while (this.tails.size > MAX_TAILS) this.tails.delete(this.tails.keys().next().value!);
    return taken < rows.length || rows.length === BATCH_ROWS;
  }

  private index(staged: Map<string, Buffer | null>, rowid: number, cmdId: string, stream: StreamName, data: Buffer): void {
    const key = `${cmdId}\u0000${stream}`;
    const tail = staged.has(key) ? staged.get(key) : this.tails.get(key);
    const text = tail ? Buffer.concat([tail, data]) : data;
    this.insert.run(rowid, text.toString('utf8'));
    const nl = text.lastIndexOf(NEWLINE);
    const rest = text.subarray(Math.max(nl + 1, text.length - MAX_TAIL_BYTES));
    staged.set(key, rest.length === 0 ? null : Buffer.from(rest));
  }
}

/**
 * SQL condition on jobs.job_id: a command of the job printed `phrase`. The phrase is quoted for
 * FTS5, so user text is never query syntax. Bind `ftsPhrase(text)` for the `?`.
 */
export const JOB_OUTPUT_MATCH = `job_id IN (
  SELECT r.job_id FROM output_fts f
  JOIN output_chunks c ON c.rowid = f.rowid
  JOIN stage_runs r ON r.cmd_id = c.cmd_id
  WHERE output_fts MATCH ?)`;

export function ftsPhrase(text: string): string {
  return `"${text.replace(/"/g, '""')}"`;
}
