// The store's writer thread: the only connection that writes the SQLite file. It commits the
// queued output and command endings in order, several batches per transaction (a stream's
// contiguous chunks as one row), indexes output for search when nothing else waits, and runs
// the main thread's other writes on request. A failed write (disk full, a lock held by another
// process, an I/O error) is a state: nothing is committed or reported, the queue is kept, and
// the same writes are tried again with backoff.
import { dirname } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import type { StreamName } from '../../preload/api.ts';
import { AgentRepo } from './agent-repo.ts';
import { CommandRepo } from './command-repo.ts';
import { openDatabase, type Db, type RunResult, type SqliteDb, type Statement } from './database.ts';
import { MIGRATIONS } from './migrations.ts';
import { OutputRepo } from './output-repo.ts';
import { OutputSearch } from './output-search.ts';
import type { SqlWrite, SyncReply, SyncRequest, WriteOp, WriterData, WriterEvent } from './writer-protocol.ts';

/** A lock held longer than this by another process fails the write (and it is retried). */
const BUSY_TIMEOUT_MS = 100;
/** Output committed per transaction at most, so requests from the main thread wait little. */
const TURN_BYTES = 1024 * 1024;
/**
 * Contiguous chunks of one stream committed in the same turn are stored as one row of up to
 * this size: fewer rows and byte-count updates per MiB, while a row stays small enough to index
 * for search in one short step.
 */
const ROW_BYTES = 256 * 1024;
/** Output is indexed for search only once no output has arrived for this long. */
const INDEX_WHEN_QUIET_MS = 200;
/**
 * Heartbeats alone wait this long for company, so that a fleet's beats share a transaction
 * (500 agents beat 100 times a second); any other write takes them along at once.
 */
const HEARTBEAT_GATHER_MS = 100;
const RETRY_MIN_MS = 100;
const RETRY_MAX_MS = 5000;
const STATEMENT_CACHE = 256;

interface Batch {
  id: number;
  ops: WriteOp[];
  bytes: number;
}

const { file, signal, port } = workerData as WriterData;
const flag = new Int32Array(signal);
const queue: Batch[] = [];
const statements = new Map<string, Statement>();
let db: SqliteDb | null = null;
let output: OutputRepo;
let commands: CommandRepo;
let agents: AgentRepo;
let search: OutputSearch;
let failure: string | null = null;
let retryMs = RETRY_MIN_MS;
let retry: NodeJS.Timeout | null = null;
let scheduled = false;
let indexCurrent = true;
let lastWrite = 0;
let quietTimer: NodeJS.Timeout | null = null;
let gatherTimer: NodeJS.Timeout | null = null;

const report = (event: WriterEvent): void => parentPort!.postMessage(event);

port.on('message', (request: SyncRequest) => {
  let reply: SyncReply;
  try {
    reply = { ok: true, results: answer(request) };
  } catch (err) {
    reply = { ok: false, error: describe(err) };
  }
  port.postMessage(reply);
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
});

parentPort!.on('message', (message: { t: 'write'; id: number; ops: WriteOp[] }) => {
  let bytes = 0;
  for (const op of message.ops) if (op.t === 'chunk') bytes += op.data.byteLength;
  queue.push({ id: message.id, ops: message.ops, bytes });
  if (message.ops.every((op) => op.t === 'heartbeat')) {
    gatherTimer ??= setTimeout(() => {
      gatherTimer = null;
      schedule();
    }, HEARTBEAT_GATHER_MS);
    return;
  }
  lastWrite = performance.now();
  schedule();
});

function answer(request: SyncRequest): RunResult[] {
  switch (request.t) {
    case 'open':
      open();
      return [];
    case 'sql':
      try {
        const results = db!.transaction(() => request.writes.map(run))();
        if (queue.length === 0) recovered(); // else the queue decides, when it is committed
        return results;
      } catch (err) {
        failed(err);
        throw err;
      }
    case 'index-all':
      search.catchUp();
      setIndexCurrent(true);
      return [];
    case 'close':
      close();
      return [];
  }
}

function open(): void {
  db = openDatabase(file, MIGRATIONS, BUSY_TIMEOUT_MS);
  const conn = db as unknown as Db; // better-sqlite3's types are wider than Db's
  output = new OutputRepo(conn);
  commands = new CommandRepo(conn);
  agents = new AgentRepo(conn);
  search = new OutputSearch(conn);
  schedule(); // output stored but not indexed when the master stopped
}

function run(write: SqlWrite): RunResult {
  let statement = statements.get(write.sql);
  if (!statement) {
    if (statements.size >= STATEMENT_CACHE) statements.clear();
    statement = db!.prepare(write.sql) as unknown as Statement;
    statements.set(write.sql, statement);
  }
  const { changes, lastInsertRowid } = statement.run(...write.params);
  return { changes, lastInsertRowid };
}

function schedule(): void {
  if (scheduled || retry !== null || db === null) return;
  scheduled = true;
  setImmediate(turn);
}

/** One writer turn: the oldest queued batches in one transaction, else one index batch. */
function turn(): void {
  scheduled = false;
  retry = null;
  if (db === null) return;
  if (queue.length === 0) {
    if (failure !== null) probe();
    else indexWhenQuiet();
    return;
  }
  let take = 0;
  let bytes = 0;
  while (take < queue.length && bytes < TURN_BYTES) bytes += queue[take++]!.bytes;
  const batches = queue.slice(0, take);
  let changed: boolean[][];
  try {
    changed = db.transaction(() => applyAll(batches))();
  } catch (err) {
    failed(err);
    return;
  }
  queue.splice(0, take);
  recovered();
  setIndexCurrent(false);
  const committed = batches.map((b, i) => ({ id: b.id, changed: changed[i]!, chunks: b.ops.flatMap((op) => (op.t === 'chunk' && op.publish ? [op.data] : [])) }));
  // The bytes to publish go back to the main thread without a copy, as output events.
  parentPort!.postMessage({ t: 'committed', batches: committed } satisfies WriterEvent, committed.flatMap((b) => b.chunks.map((c) => c.buffer as ArrayBuffer)));
  schedule();
}

/** Applies the batches' ops in order, chunks merged into rows (see ROW_BYTES); per op, whether it changed a row. */
function applyAll(batches: Batch[]): boolean[][] {
  const rows = new Map<string, { cmdId: string; stream: StreamName; offset: number; parts: Uint8Array[]; bytes: number }>();
  const store = (key: string): void => {
    const row = rows.get(key)!;
    rows.delete(key);
    const data = row.parts.length === 1 ? row.parts[0]! : Buffer.concat(row.parts, row.bytes);
    output.append({ cmdId: row.cmdId, stream: row.stream, offset: row.offset, data: Buffer.from(data.buffer, data.byteOffset, data.byteLength) });
  };
  const changed = batches.map((b) => b.ops.map((op) => {
    if (op.t !== 'chunk') {
      // An ending or a start follows the output before it.
      for (const key of [...rows.keys()]) store(key);
      return apply(op);
    }
    const key = `${op.cmdId}\u0000${op.stream}`;
    const row = rows.get(key);
    if (row && (row.offset + row.bytes !== op.offset || row.bytes + op.data.byteLength > ROW_BYTES)) store(key);
    const open = rows.get(key);
    if (open) {
      open.parts.push(op.data);
      open.bytes += op.data.byteLength;
    } else {
      rows.set(key, { cmdId: op.cmdId, stream: op.stream, offset: op.offset, parts: [op.data], bytes: op.data.byteLength });
    }
    return true;
  }));
  for (const key of [...rows.keys()]) store(key);
  return changed;
}

function apply(op: Exclude<WriteOp, { t: 'chunk' }>): boolean {
  switch (op.t) {
    case 'end':
      return commands.markEnded(op.cmdId, op.end);
    case 'started':
      return commands.markStarted(op.cmdId, op.pid, op.startedAt);
    case 'heartbeat':
      agents.heartbeat(op.agentId, op.load, op.at);
      return true;
  }
}

/** Indexing waits while output streams in: it must never slow the writes that acks wait for. */
function indexWhenQuiet(): void {
  const quiet = performance.now() - lastWrite;
  if (quiet >= INDEX_WHEN_QUIET_MS) return indexStep();
  quietTimer ??= setTimeout(() => {
    quietTimer = null;
    schedule();
  }, INDEX_WHEN_QUIET_MS - quiet);
}

/** With nothing queued, only a real write shows that writes work again: one settings row. */
function probe(): void {
  try {
    run({ sql: "INSERT INTO settings (key, value_json) VALUES ('store.last_probe', ?) ON CONFLICT (key) DO UPDATE SET value_json = excluded.value_json", params: [JSON.stringify(new Date().toISOString())] });
  } catch (err) {
    failed(err);
    return;
  }
  recovered();
  schedule();
}

function indexStep(): void {
  let more: boolean;
  try {
    more = search.step();
  } catch (err) {
    failed(err);
    return;
  }
  if (more) schedule();
  else setIndexCurrent(true);
}

function setIndexCurrent(current: boolean): void {
  if (indexCurrent === current) return;
  indexCurrent = current;
  report({ t: 'index', current });
}

function failed(err: unknown): void {
  const error = describe(err);
  if (error !== failure) {
    failure = error;
    report({ t: 'health', ok: false, error });
  }
  if (retry === null) {
    retry = setTimeout(turn, retryMs);
    retryMs = Math.min(retryMs * 2, RETRY_MAX_MS);
  }
}

function recovered(): void {
  retryMs = RETRY_MIN_MS;
  if (failure === null) return;
  failure = null;
  report({ t: 'health', ok: true, error: null });
}

/** Shutdown: one last try to store what is queued (what fails is resent by the agents later). */
function close(): void {
  if (retry) clearTimeout(retry);
  if (quietTimer) clearTimeout(quietTimer);
  if (gatherTimer) clearTimeout(gatherTimer);
  retry = null;
  if (db === null) return;
  try {
    while (queue.length > 0) {
      const batch = queue.shift()!;
      db.transaction(() => applyAll([batch]))();
    }
  } catch {
    // Not acked, so not lost: the agents still hold it.
  }
  db.close();
  db = null;
}

function describe(err: unknown): string {
  const code = String((err as { code?: unknown }).code ?? '');
  const message = (err as Error).message ?? String(err);
  if (code === 'SQLITE_FULL' || /ENOSPC|disk is full/i.test(message)) return `disk full: ${dirname(file)}`;
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return `database locked by another process: ${file}`;
  if (code.startsWith('SQLITE_IOERR')) return `I/O error (${code}) on ${file}: ${message}`;
  return code ? `${code}: ${message}` : message;
}
