// One WebSocket to /api/events shared by every subscriber; reconnects with backoff. Messages
// are checked before they reach the app: a malformed one is dropped, never half-used. Output
// comes only for the commands watched (watchOutput); each new connection subscribes to them again.
import type { MasterEvent, StreamName } from '../../preload/api.ts';
import { WatchCounts } from '../../preload/watch-counts.ts';

export type ConnectionState = 'connecting' | 'open' | 'closed';

const MIN_BACKOFF_MS = 250;
const MAX_BACKOFF_MS = 5000;

export class EventSocket {
  private readonly url: string;
  private readonly listeners = new Set<(event: MasterEvent) => void>();
  private readonly stateListeners = new Set<(state: ConnectionState) => void>();
  private socket: WebSocket | null = null;
  private backoff = MIN_BACKOFF_MS;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private closed = false;
  private readonly watching = new WatchCounts((message) => {
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(message));
  });
  state: ConnectionState = 'closed';

  constructor(url: string) {
    this.url = url;
  }

  subscribe(listener: (event: MasterEvent) => void): () => void {
    this.listeners.add(listener);
    if (!this.socket && !this.timer) this.connect();
    return () => void this.listeners.delete(listener);
  }

  /** Live output of this command from now on, until the returned function is called. */
  watchOutput(cmdId: string): () => void {
    return this.watching.watch(cmdId);
  }

  onState(listener: (state: ConnectionState) => void): () => void {
    this.stateListeners.add(listener);
    return () => void this.stateListeners.delete(listener);
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.socket?.close();
  }

  private setState(state: ConnectionState): void {
    if (state === this.state) return;
    this.state = state;
    for (const l of this.stateListeners) l(state);
  }

  private connect(): void {
    this.timer = null;
    if (this.closed) return;
    this.setState('connecting');
    const socket = new WebSocket(this.url);
    socket.binaryType = 'arraybuffer';
    this.socket = socket;
    socket.onopen = () => {
      this.backoff = MIN_BACKOFF_MS;
      // Sent even when empty: from its first subscription on, the master sends only watched output.
      socket.send(JSON.stringify(this.watching.all()));
      this.setState('open');
    };
    socket.onmessage = (message) => {
      const event = typeof message.data === 'string' ? parseEvent(message.data) : message.data instanceof ArrayBuffer ? parseOutputFrame(message.data) : null;
      if (!event) return;
      for (const l of this.listeners) l(event);
    };
    socket.onclose = () => {
      this.socket = null;
      this.setState('closed');
      if (this.closed) return;
      this.timer = setTimeout(() => this.connect(), this.backoff);
      this.backoff = Math.min(this.backoff * 2, MAX_BACKOFF_MS);
    };
  }
}

const STREAMS: readonly StreamName[] = ['stdout', 'stderr'];

export function parseEvent(text: string): MasterEvent | null {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof raw !== 'object' || raw === null) return null;
  const e = raw as Record<string, unknown>;
  const isObject = (v: unknown) => typeof v === 'object' && v !== null;
  switch (e.type) {
    case 'output':
      if (typeof e.cmd_id !== 'string' || !STREAMS.includes(e.stream as StreamName) || !Number.isSafeInteger(e.offset) || typeof e.data_b64 !== 'string') return null;
      return { type: 'output', cmd_id: e.cmd_id, stream: e.stream as StreamName, offset: e.offset as number, data: fromBase64(e.data_b64), ...(Number.isSafeInteger(e.at) ? { at: e.at as number } : {}) };
    case 'job':
      return isObject(e.job) && typeof (e.job as { job_id?: unknown }).job_id === 'string' ? (raw as MasterEvent) : null;
    case 'agent':
      return isObject(e.agent) && typeof (e.agent as { agent_id?: unknown }).agent_id === 'string' ? (raw as MasterEvent) : null;
    case 'command':
      return isObject(e.command) && typeof (e.command as { cmd_id?: unknown }).cmd_id === 'string' ? (raw as MasterEvent) : null;
    case 'bootstrap':
      return isObject(e.bootstrap) && typeof (e.bootstrap as { bootstrap_id?: unknown }).bootstrap_id === 'string' ? (raw as MasterEvent) : null;
    case 'store':
      return isObject(e.store) && typeof (e.store as { ok?: unknown }).ok === 'boolean' ? (raw as MasterEvent) : null;
    default:
      return null;
  }
}

const decoder = new TextDecoder();

/** An output event sent as a binary frame (`output=binary`): JSON length, JSON, then the bytes. */
export function parseOutputFrame(frame: ArrayBuffer): MasterEvent | null {
  if (frame.byteLength < 4) return null;
  const length = new DataView(frame).getUint32(0);
  if (4 + length > frame.byteLength) return null;
  let e: Record<string, unknown>;
  try {
    e = JSON.parse(decoder.decode(new Uint8Array(frame, 4, length))) as Record<string, unknown>;
  } catch {
    return null;
  }
  if (typeof e !== 'object' || e === null || e.type !== 'output' || typeof e.cmd_id !== 'string' || !STREAMS.includes(e.stream as StreamName) || !Number.isSafeInteger(e.offset)) return null;
  return { type: 'output', cmd_id: e.cmd_id, stream: e.stream as StreamName, offset: e.offset as number, data: new Uint8Array(frame, 4 + length), ...(Number.isSafeInteger(e.at) ? { at: e.at as number } : {}) };
}

export function fromBase64(b64: string): Uint8Array {
  const native = (Uint8Array as unknown as { fromBase64?: (s: string) => Uint8Array }).fromBase64;
  if (native) return native(b64);
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}
