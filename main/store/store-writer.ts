// The main thread's handle on the writer thread (writer-thread.ts), which owns the only
// connection that writes the SQLite file. Output and command endings are queued without
// waiting; `onCommit` runs once they are committed (never before, and never if they are not).
// Other writes wait for their commit, which takes at most one writer turn.
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import type { Disposable } from '../base/disposable.ts';
import type { RunResult } from './database.ts';
import type { SqlWrite, SyncReply, SyncRequest, WriteOp, WriterData, WriterEvent } from './writer-protocol.ts';

/** Run from source, the thread is the .ts file; in the desktop bundle it is its own bundle. */
const THREAD = import.meta.url.endsWith('.ts') ? new URL('./writer-thread.ts', import.meta.url) : new URL('../dist/desktop/writer-thread.cjs', import.meta.url);
/** A writer that does not answer within this long has died. */
const SYNC_TIMEOUT_MS = 60_000;

export interface StoreHealth {
  ok: boolean;
  /** Why writes fail, e.g. "disk full: /path/to/data". */
  error: string | null;
}

/** A write the store could not commit (disk full, locked, I/O error). */
export class StoreUnavailableError extends Error {}

export class StoreWriter implements Disposable {
  private readonly worker: Worker;
  private readonly port: MessagePort;
  private readonly flag = new Int32Array(new SharedArrayBuffer(4));
  private readonly commits = new Map<number, (changed: boolean[], chunks: Uint8Array[]) => void>();
  private readonly healthListeners = new Set<(health: StoreHealth) => void>();
  private nextId = 1;
  private closed = false;
  health: StoreHealth = { ok: true, error: null };
  /** False while stored output is not yet in the search index. */
  indexCurrent = true;

  constructor(file: string) {
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    this.worker = new Worker(THREAD, { workerData: { file, signal: this.flag.buffer, port: port2 } satisfies WriterData, transferList: [port2] });
    this.worker.on('message', (event: WriterEvent) => this.onEvent(event));
    this.worker.on('error', (err) => this.setHealth({ ok: false, error: `store writer stopped: ${err.message}` }));
    this.worker.unref();
    this.port.unref();
    this.call({ t: 'open' });
  }

  /**
   * Queues writes; `onCommit` gets, per op, whether it changed a row, and the bytes of the
   * chunks marked `publish` back.
   * Each chunk's `data` must own its whole ArrayBuffer: it is transferred to the writer (no copy,
   * and nothing of it stays on this thread's heap while it waits).
   */
  write(ops: WriteOp[], onCommit: (changed: boolean[], chunks: Uint8Array[]) => void): void {
    if (this.closed) return;
    const id = this.nextId++;
    this.commits.set(id, onCommit);
    this.worker.postMessage({ t: 'write', id, ops }, ops.flatMap((op) => (op.t === 'chunk' ? [op.data.buffer as ArrayBuffer] : [])));
  }

  /** Commits statements in one transaction and waits for it. Throws StoreUnavailableError. */
  execute(writes: SqlWrite[]): RunResult[] {
    return this.call({ t: 'sql', writes });
  }

  /** Indexes all stored output now (tests, benchmarks). */
  indexAll(): void {
    this.call({ t: 'index-all' });
    this.indexCurrent = true;
  }

  onHealth(listener: (health: StoreHealth) => void): () => void {
    this.healthListeners.add(listener);
    return () => this.healthListeners.delete(listener);
  }

  /** Stores what is queued if it can, then stops the thread. */
  dispose(): void {
    if (this.closed) return;
    try {
      this.call({ t: 'close' });
    } finally {
      this.closed = true;
      void this.worker.terminate();
    }
  }

  private call(request: SyncRequest): RunResult[] {
    if (this.closed) throw new StoreUnavailableError('the store is closed');
    Atomics.store(this.flag, 0, 0);
    this.port.postMessage(request);
    if (Atomics.wait(this.flag, 0, 0, SYNC_TIMEOUT_MS) === 'timed-out') throw new StoreUnavailableError('the store writer did not answer');
    const reply = receiveMessageOnPort(this.port)?.message as SyncReply | undefined;
    if (!reply) throw new StoreUnavailableError('the store writer did not answer');
    if (!reply.ok) throw new StoreUnavailableError(`store unavailable: ${reply.error}`);
    return reply.results;
  }

  private onEvent(event: WriterEvent): void {
    switch (event.t) {
      case 'committed':
        for (const { id, changed, chunks } of event.batches) {
          const done = this.commits.get(id);
          this.commits.delete(id);
          done?.(changed, chunks);
        }
        return;
      case 'health':
        return this.setHealth({ ok: event.ok, error: event.error });
      case 'index':
        this.indexCurrent = event.current;
        return;
    }
  }

  private setHealth(health: StoreHealth): void {
    this.health = health;
    for (const listener of this.healthListeners) listener(health);
  }
}
