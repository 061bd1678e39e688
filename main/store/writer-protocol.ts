// Messages between the main thread and the store's writer thread. Output and command endings
// travel as typed operations, queued and committed in order; the repositories' other writes
// travel as statements that the main thread waits for (they are few and small).
import type { AgentLoad, StreamName } from '../../preload/api.ts';
import type { CommandEnd } from './command-repo.ts';
import type { RunResult } from './database.ts';

/** What the hot path asks of the store; nothing here is specific to SQLite. */
export type WriteOp =
  /** `publish`: the bytes come back with the commit (for a live output event), else they stay in the writer. */
  | { t: 'chunk'; cmdId: string; stream: StreamName; offset: number; data: Uint8Array; publish: boolean }
  | { t: 'end'; cmdId: string; end: CommandEnd }
  | { t: 'started'; cmdId: string; pid: number | null; startedAt: number }
  | { t: 'heartbeat'; agentId: string; load: AgentLoad; at: number };

export interface SqlWrite {
  sql: string;
  params: unknown[];
}

/** Requests the main thread waits for (on a shared flag), answered on their own port. */
export type SyncRequest =
  | { t: 'open' }
  | { t: 'sql'; writes: SqlWrite[] }
  | { t: 'index-all' }
  | { t: 'close' };

export type SyncReply = { ok: true; results: RunResult[] } | { ok: false; error: string };

/**
 * What the writer reports to the main thread. `changed`: per op, whether it changed a row;
 * `chunks`: the bytes of the chunks to publish, handed back (transferred, not copied) for the
 * live output events.
 */
export type WriterEvent =
  | { t: 'committed'; batches: { id: number; changed: boolean[]; chunks: Uint8Array[] }[] }
  | { t: 'health'; ok: boolean; error: string | null }
  | { t: 'index'; current: boolean };

export interface WriterData {
  file: string;
  /** One Int32: set to 1 by the writer when a sync reply is on the port. */
  signal: SharedArrayBuffer;
  port: import('node:worker_threads').MessagePort;
}
