// Full-text index over command output (FTS5 table output_fts, migration 4). Each stored chunk is
// indexed under its own rowid, prefixed with the unfinished last line of the chunk before it,
// so a line split between two chunks is still found whole.
import type { StreamName } from '../../preload/api.ts';
import type { Db } from './database.ts';

/** A longer unfinished line is only found by its last bytes. */
const MAX_TAIL_BYTES = 1024;
/** Commands whose unfinished line is remembered (older ones were long done). */
const MAX_TAILS = 512;
const NEWLINE = 0x0a;

export class OutputSearch {
  private readonly tails = new Map<string, Buffer>();
  private readonly insert;

  constructor(db: Db) {
    this.insert = db.prepare('INSERT INTO output_fts (rowid, text) VALUES (?, ?)');
  }

  /** Call inside the transaction that stores the chunk under `rowid`. */
  index(rowid: number | bigint, cmdId: string, stream: StreamName, data: Buffer): void {
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
