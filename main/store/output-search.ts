// Full-text index over command output (FTS5 table output_fts, migration 4). Each stored chunk is
// indexed under its own rowid, prefixed with the unfinished last line of the chunk before it,
// so a line split between two chunks is still found whole. Indexing runs in the writer thread
// behind the output writes, one small batch when no output is waiting: acks never wait for it.
// A stream's search (OutputRepo.search) asks this index which chunks can hold its text.
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
  private readonly before;
  /** Highest output_chunks rowid already indexed. */
  private done: number;

  constructor(db: Db) {
    this.db = db;
    this.insert = db.prepare('INSERT INTO output_fts (rowid, text) VALUES (?, ?)');
    this.pending = db.prepare(`SELECT rowid, cmd_id, stream, offset, data FROM output_chunks WHERE rowid > ? ORDER BY rowid LIMIT ${BATCH_ROWS}`);
    this.before = db.prepare('SELECT data FROM output_chunks WHERE cmd_id = ? AND stream = ? AND offset < ? ORDER BY offset DESC LIMIT 1');
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
    const rows = this.pending.all(this.done) as { rowid: number; cmd_id: string; stream: number; offset: number; data: Buffer }[];
    if (rows.length === 0) return false;
    const staged = new Map<string, Buffer>();
    let bytes = 0;
    let taken = 0;
    this.db.transaction(() => {
      for (const row of rows) {
        this.index(staged, row);
        taken++;
        bytes += row.data.length;
        if (bytes >= BATCH_BYTES) break;
      }
    })();
    this.done = rows[taken - 1]!.rowid;
    for (const [key, tail] of staged) {
      this.tails.delete(key);
      this.tails.set(key, tail);
    }
    while (this.tails.size > MAX_TAILS) this.tails.delete(this.tails.keys().next().value!);
    return taken < rows.length || rows.length === BATCH_ROWS;
  }

  private index(staged: Map<string, Buffer>, row: { rowid: number; cmd_id: string; stream: number; offset: number; data: Buffer }): void {
    const key = `${row.cmd_id}\u0000${STREAM_NAME[row.stream]}`;
    let tail = staged.get(key) ?? this.tails.get(key);
    // Not remembered (a restart, or an evicted stream): the chunk before is read again.
    if (tail === undefined && row.offset > 0) {
      const prev = this.before.get(row.cmd_id, row.stream, row.offset) as { data: Buffer } | undefined;
      if (prev) tail = unfinishedLine(prev.data);
    }
    const text = tail && tail.length > 0 ? Buffer.concat([tail, row.data]) : row.data;
    this.insert.run(row.rowid, text.toString('utf8'));
    staged.set(key, Buffer.from(unfinishedLine(text)));
  }
}

/** The bytes after the last newline, at most MAX_TAIL_BYTES (empty when `text` ends a line). */
function unfinishedLine(text: Buffer): Buffer {
  return text.subarray(Math.max(text.lastIndexOf(NEWLINE) + 1, text.length - MAX_TAIL_BYTES));
}

/**
 * Runs of characters the index's tokenizer (unicode61) may keep in one token: ASCII letters and
 * digits, and, to be safe, every other non-ASCII character (the index splits a word of them
 * further where it must, and the words at the ends of the text are treated as cut).
 */
const TOKEN = /[A-Za-z0-9\u0080-\u{10FFFF}]+/gu;
/** A shorter unfinished last token would be a prefix query over too many words to help. */
const MIN_PREFIX = 3;

/**
 * An FTS5 query that every indexed chunk holding `text` (as a substring, in any case) matches,
 * or null when the index cannot narrow the search down. A token inside the text is a whole
 * word of the output; the last one may be the start of a longer word (a prefix query); the
 * first may be the end of one and is left out. The index keeps 1 KiB of a chunk's unfinished
 * line in front of the next chunk, and not a whole line before it: longer texts and texts
 * across a newline are not looked up.
 */
export function chunkQuery(text: string): string | null {
  if (text.includes('\n') || Buffer.byteLength(text) > MAX_TAIL_BYTES) return null;
  const tokens = [...text.matchAll(TOKEN)];
  if (tokens.length === 0) return null;
  const words = tokens.map((m) => m[0]);
  if (tokens[0]!.index === 0) words.shift();
  const last = tokens.at(-1)!;
  let prefix = last.index + last[0].length === text.length && words.length > 0;
  if (prefix && words.length > 1 && words.at(-1)!.length < MIN_PREFIX) {
    words.pop();
    prefix = false;
  }
  if (words.length === 0) return null;
  return prefix ? `${ftsPhrase(words.join(' '))} *` : ftsPhrase(words.join(' '));
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
