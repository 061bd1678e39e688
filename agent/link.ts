// The agent's side of the connection: connect (TCP or mutual TLS), frame, detect a silent
// master, and reconnect forever with capped exponential backoff and jitter (a random delay in
// the upper half of the current ceiling, so agents cut off together do not return together).
import { isIP, connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { CHUNK_BYTES, DEFAULT_HEARTBEAT_MS, encodeFrame, encodeFrameInto, MASTER_CN, FrameDecoder, masterMessageSchema, MISSED_BEATS_LIMIT, parseMessage, ProtocolError, type AgentMessage, type MasterMessage, type OutputMessage } from './protocol.ts';
import type { Logger } from './log.ts';

/**
 * OUTPUT frames being written at once, each in a buffer of its own that is reused once the
 * socket has written it: streaming holds at most this many chunks, whatever the command prints.
 */
const FRAMES_IN_FLIGHT = 4;
/** A frame buffer: the length fields, an OUTPUT header (well under 512 bytes), one chunk. */
const FRAME_BUFFER_BYTES = 8 + 512 + CHUNK_BYTES;

/** The pinned CA, and this agent's certificate and key when it has them. */
export interface TlsFiles {
  ca: Buffer;
  cert: Buffer | null;
  key: Buffer | null;
}

export interface LinkOptions {
  host: string;
  port: number;
  /** Read on every connect (a renewed certificate is picked up); null = plain TCP. */
  tls: (() => TlsFiles) | null;
  reconnectBaseMs: number;
  reconnectMaxMs: number;
  log: Logger;
  /** Called on every new connection; returns the HELLO to send first. */
  hello(socket: Socket): AgentMessage;
  onMessage(message: MasterMessage, payload: Buffer): void;
  onDisconnected(): void;
  /** The socket can take more data again (after a write returned false or all frame buffers were in use). */
  onDrain(): void;
}

export class AgentLink {
  private readonly opts: LinkOptions;
  private socket: Socket | null = null;
  /** The current connection's OUTPUT frame buffers: free ones, and how many exist. */
  private frames: { free: Buffer[]; made: number; starved: boolean } = { free: [], made: 0, starved: false };
  private attempt = 0;
  private retryTimer: NodeJS.Timeout | null = null;
  private silenceTimer: NodeJS.Timeout | null = null;
  private lastHeard = 0;
  private heartbeatMs = DEFAULT_HEARTBEAT_MS;
  private stopped = false;
  /** True once the master's WELCOME arrived on the current socket. */
  ready = false;

  constructor(opts: LinkOptions) {
    this.opts = opts;
  }

  start(): void {
    this.connect();
  }

  /** Sends a frame; false means the socket is full and onDrain will follow. */
  send(message: AgentMessage, payload?: Buffer): boolean {
    if (!this.socket || this.socket.destroyed) return false;
    return this.socket.write(encodeFrame(message, payload));
  }

  /**
   * Sends an OUTPUT frame whose payload `read(into, at, room)` writes straight into a reused
   * frame buffer and whose length it returns. Returns that length, or null when the socket
   * is full or every frame buffer is still being written (onDrain follows either way).
   */
  sendOutput(message: OutputMessage, read: (into: Buffer, at: number, room: number) => number): number | null {
    const socket = this.socket;
    const frames = this.frames;
    if (!socket || socket.destroyed || socket.writableNeedDrain) return null;
    let buffer = frames.free.pop();
    if (!buffer && frames.made < FRAMES_IN_FLIGHT) {
      buffer = Buffer.allocUnsafeSlow(FRAME_BUFFER_BYTES);
      frames.made++;
    }
    if (!buffer) {
      frames.starved = true;
      return null;
    }
    let length = 0;
    const frameLength = encodeFrameInto(buffer, message, (into, at, room) => (length = read(into, at, room)));
    socket.write(buffer.subarray(0, frameLength), () => {
      frames.free.push(buffer);
      if (frames.starved && this.socket === socket) {
        frames.starved = false;
        this.opts.onDrain();
      }
    });
    return length;
  }

  setHeartbeat(ms: number): void {
    this.heartbeatMs = ms;
  }

  /** Flushes what was written, then closes; no reconnect. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.silenceTimer) clearInterval(this.silenceTimer);
    const socket = this.socket;
    if (!socket || socket.destroyed) return;
    await new Promise<void>((resolve) => {
      socket.once('close', () => resolve());
      socket.end();
      setTimeout(() => socket.destroy(), 2000).unref();
    });
  }

  private connect(): void {
    if (this.stopped) return;
    const { host, port } = this.opts;
    const tls = this.opts.tls?.() ?? null;
    const socket = tls
      ? tlsConnect({
        host, port, ca: tls.ca, ...(tls.cert && tls.key ? { cert: tls.cert, key: tls.key } : {}), minVersion: 'TLSv1.3',
        ...(isIP(host) ? {} : { servername: host }),
        // The CA is this master's own and pinned: its server certificate is what identifies it.
        checkServerIdentity: (_host, cert) => (cert.subject?.CN === MASTER_CN ? undefined : new Error(`the server's certificate is for "${cert.subject?.CN}", not the P4 Integrator master`)),
      })
      : netConnect({ host, port });
    this.socket = socket;
    this.frames = { free: [], made: 0, starved: false }; // the old socket's may still be written
    this.ready = false;
    const decoder = new FrameDecoder();
    socket.setNoDelay(true);
    socket.setKeepAlive(true, 10_000);
    socket.once(tls ? 'secureConnect' : 'connect', () => {
      this.opts.log.info('connected to master', { master: `${host}:${port}` });
      this.lastHeard = Date.now();
      this.watchSilence(socket);
      try {
        this.send(this.opts.hello(socket));
      } catch (err) {
        this.opts.log.error('cannot send hello', { reason: (err as Error).message });
        socket.destroy();
      }
    });
    socket.on('data', (data: Buffer) => {
      this.lastHeard = Date.now();
      try {
        for (const frame of decoder.push(data)) {
          let message: MasterMessage;
          try {
            message = parseMessage(masterMessageSchema, frame.header);
          } catch (err) {
            // A newer master may know messages this agent does not: say so and carry on.
            if (!(err instanceof ProtocolError) || err.code !== 'unknown_message') throw err;
            this.opts.log.warn('ignoring a message this agent does not know', { reason: err.message });
            continue;
          }
          if (message.t === 'welcome') this.ready = true;
          this.opts.onMessage(message, frame.payload);
          // Only a WELCOME the agent accepted resets the backoff (a refused one must not spin).
          if (message.t === 'welcome') this.attempt = 0;
        }
      } catch (err) {
        const reason = err instanceof ProtocolError ? `${err.code}: ${err.message}` : String(err);
        this.opts.log.error('bad data from master; reconnecting', { reason });
        if (err instanceof ProtocolError) this.send({ t: 'error', code: err.code, message: err.message });
        socket.end();
        setTimeout(() => socket.destroy(), 500).unref();
      }
    });
    socket.on('drain', () => this.opts.onDrain());
    socket.on('error', (err: NodeJS.ErrnoException) => {
      this.opts.log.warn('master link error', { error: err.code ? `${err.code}: ${err.message}` : err.message });
    });
    socket.on('close', () => {
      if (this.silenceTimer) clearInterval(this.silenceTimer);
      if (this.socket !== socket) return;
      this.socket = null;
      const wasReady = this.ready;
      this.ready = false;
      if (wasReady) this.opts.onDisconnected();
      this.scheduleReconnect();
    });
  }

  /** A master that stays silent for three beats is gone even if TCP has not noticed. */
  private watchSilence(socket: Socket): void {
    if (this.silenceTimer) clearInterval(this.silenceTimer);
    this.silenceTimer = setInterval(() => {
      if (Date.now() - this.lastHeard > this.heartbeatMs * MISSED_BEATS_LIMIT) {
        this.opts.log.warn('master silent; reconnecting', { silent_ms: Date.now() - this.lastHeard });
        socket.destroy();
      }
    }, Math.min(this.heartbeatMs, 1000));
  }

  private scheduleReconnect(): void {
    if (this.stopped) return;
    const ceiling = Math.min(this.opts.reconnectMaxMs, this.opts.reconnectBaseMs * 2 ** Math.min(this.attempt, 20));
    const delay = Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
    this.attempt++;
    this.retryTimer = setTimeout(() => this.connect(), delay);
  }
}
