// Full-text index over command output (FTS5 table output_fts, migration 4). Each stored chunk is
// indexed under its own rowid, prefixed with the unfinished last line of the chunk before it,
// so a line split between two chunks is still found whole. Indexing runs behind the output
// writer, in small batches between other work: storing and acking output never waits for it.
import type { StreamName } from '../../preload/api.ts';
import type { Db } from './database.ts';
import type { Disposable } from '../base/disposable.ts';

/** A longer unfinished line is only found by its last bytes. */
const MAX_TAIL_BYTES = 1024;
/** Commands whose unfinished line is remembered (older ones were long done). */
const MAX_TAILS = 512;
const NEWLINE = 0x0a;

/** Output indexed per batch; small enough to keep each event-loop turn short. */
const BATCH_BYTES = 256 * 1024;
const STREAM_NAME: readonly StreamName[] = ['stdout', 'stderr'];

export class OutputSearch implements Disposable {
  private readonly tails = new Map<string, Buffer>();
  private readonly db: Db;
  private readonly insert;
  private readonly pending;
  /** Highest output_chunks rowid already indexed. */
  private done: number;
  private scheduled = false;
  private closed = false;

  constructor(db: Db) {
    this.db = db;
    this.insert = db.prepare('INSERT INTO output_fts (rowid, text) VALUES (?, ?)');
    this.pending = db.prepare('SELECT rowid, cmd_id, stream, data FROM output_chunks WHERE rowid > ? ORDER BY rowid LIMIT 256');
    this.done = (db.prepare('SELECT MAX(rowid) AS n FROM output_fts').get() as { n: number | null }).n ?? 0;
    this.kick(); // output stored but not indexed when the master stopped
  }

  /** New output was stored: index it soon, one bounded batch per event-loop turn. */
  kick(): void {
    if (this.scheduled || this.closed) return;
    this.scheduled = true;
    setImmediate(() => this.run());
  }

  /** Indexes everything stored so far, at once (for tests and shutdown). */
  catchUp(): void {
    while (this.batch()) { /* until nothing is left */ }
  }

  dispose(): void {
    this.closed = true;
  }

  private run(): void {
    this.scheduled = false;
    if (!this.closed && this.batch()) this.kick();
  }

  /** One batch; true when more may be waiting. */
  private batch(): boolean {
    const rows = this.pending.all(this.done) as { rowid: number; cmd_id: string; stream: number; data: Buffer }[];
    if (rows.length === 0) return false;
    let bytes = 0;
    let taken = 0;
    this.db.transaction(() => {
      for (const row of rows) {
        this.index(row.rowid, row.cmd_id, STREAM_NAME[row.stream]!, row.data);
        this.done = row.rowid;
        taken++;
        bytes += row.data.length;
        if (bytes >= BATCH_BYTES) break;
      }
    })();
    return taken < rows.length || rows.length === 256;
  }

  private index(rowid: number | bigint, cmdId: string, stream: StreamName, data: Buffer): void {
    const key = `${cmdId}\u0000${stream}`;
    const tail = this.tails.get(key);
    const text = tail ? Buffer.concat([tail, data]) : data;
    this.insert.run(rowid, text.toString('utf8'));
    this.tails.delete(key);
    const nl = text.lastIndexOf(NEWLINE);
    const rest = text.subarray(Math.max(nl + 1, text.length - MAX_TAIL_BYTES));
    if (rest.length === 0) return;
    this.tails.set(key, Buffer.from(rest));
    if (this.tails.size > MAX_TAILS) this.tails.delete(this.tails.keys().next().value!);
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
