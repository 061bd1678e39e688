// The main thread's Db: statements read from its own read-only connection (WAL: never blocked
// by the writer) and write through the writer thread. Inside transaction() the writes are
// collected and committed together when the function returns; their results are not known
// before that, so code inside a transaction must not use what run() returns.
import type { Db, RunResult, SqliteDb, Statement } from './database.ts';
import type { StoreWriter } from './store-writer.ts';
import type { SqlWrite } from './writer-protocol.ts';

const DEFERRED: RunResult = Object.freeze({ changes: 0, lastInsertRowid: 0 });

export class DbView implements Db {
  private readonly reader: SqliteDb;
  private readonly writer: StoreWriter;
  private collecting: SqlWrite[] | null = null;

  constructor(reader: SqliteDb, writer: StoreWriter) {
    this.reader = reader;
    this.writer = writer;
  }

  prepare(sql: string): Statement {
    let statement: ReturnType<SqliteDb['prepare']> | null = null;
    const read = () => (statement ??= this.reader.prepare(sql));
    return {
      run: (...params) => this.run(sql, params),
      get: (...params) => read().get(...params),
      all: (...params) => read().all(...params),
      iterate: (...params) => read().iterate(...params),
    };
  }

  transaction<T>(fn: () => T): () => T {
    return () => {
      if (this.collecting) return fn(); // nested: part of the outer transaction
      this.collecting = [];
      try {
        const result = fn();
        const writes = this.collecting;
        this.collecting = null;
        if (writes.length > 0) this.writer.execute(writes);
        return result;
      } finally {
        this.collecting = null;
      }
    };
  }

  private run(sql: string, params: unknown[]): RunResult {
    if (this.collecting) {
      this.collecting.push({ sql, params });
      return DEFERRED;
    }
    return this.writer.execute([{ sql, params }])[0]!;
  }
}
