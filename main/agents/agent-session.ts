// One agent connection on the master: handshake, validation of every frame, dispatch.
// Anything malformed gets one clear ERROR frame and the connection is closed; the master and
// every other agent carry on.
import type { Socket } from 'node:net';
import {
  agentMessageSchema, encodeFrame, FrameDecoder, parseMessage, ProtocolError, PROTOCOL_VERSION,
  type AgentMessage, type HelloMessage, type MasterMessage,
} from '../../agent/protocol.ts';
import type { Logger } from '../observe/log.ts';

/** What a session hands its messages to (the registry and the command dispatcher). */
export interface SessionHandler {
  /** Accepts or refuses (throws ProtocolError) the agent; returns the frames that follow WELCOME. */
  onHello(session: AgentSession, hello: HelloMessage): void;
  onMessage(session: AgentSession, message: Exclude<AgentMessage, HelloMessage>, payload: Buffer): void;
  onClose(session: AgentSession): void;
}

const HANDSHAKE_TIMEOUT_MS = 10_000;

export class AgentSession {
  readonly remote: string;
  agentId: string | null = null;
  hello: HelloMessage | null = null;
  lastHeard = Date.now();
  private readonly socket: Socket;
  private readonly decoder = new FrameDecoder();
  private readonly handler: SessionHandler;
  private readonly log: Logger;
  private closing = false;
  private handshakeTimer: NodeJS.Timeout | null;

  constructor(socket: Socket, handler: SessionHandler, log: Logger) {
    this.socket = socket;
    this.handler = handler;
    this.remote = `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? '?'}`;
    this.log = log.child({ remote: this.remote });
    socket.setNoDelay(true);
    socket.setKeepAlive(true, 10_000);
    this.handshakeTimer = setTimeout(() => this.refuse(new ProtocolError('handshake_timeout', `no hello within ${HANDSHAKE_TIMEOUT_MS / 1000} s`)), HANDSHAKE_TIMEOUT_MS);
    socket.on('data', (data: Buffer) => this.onData(data));
    socket.on('error', (err: NodeJS.ErrnoException) => this.log.debug({ agent_id: this.agentId, err: err.code ?? err.message }, 'agent socket error'));
    socket.on('close', () => {
      if (this.handshakeTimer) clearTimeout(this.handshakeTimer);
      this.closing = true;
      this.handler.onClose(this);
    });
  }

  get active(): boolean {
    return this.hello !== null && !this.closing;
  }

  send(message: MasterMessage): void {
    if (this.closing || this.socket.destroyed) return;
    this.socket.write(encodeFrame(message));
  }

  /** Sends a clear error, then closes this connection only. */
  refuse(err: ProtocolError): void {
    if (this.closing) return;
    this.log.warn({ agent_id: this.agentId, code: err.code }, `agent connection refused: ${err.message}`);
    this.send({ t: 'error', code: err.code, message: err.message });
    this.closing = true;
    this.socket.end();
    setTimeout(() => this.socket.destroy(), 1000).unref();
  }

  /** Drops the connection without a word (master shutting down, store failure). */
  destroy(): void {
    this.closing = true;
    this.socket.destroy();
  }

  private onData(data: Buffer): void {
    if (this.closing) return;
    this.lastHeard = Date.now();
    try {
      for (const frame of this.decoder.push(data)) {
        const message = parseMessage(agentMessageSchema, frame.header);
        if (this.closing) return;
        if (message.t === 'hello') this.onHello(message);
        else if (!this.hello) throw new ProtocolError('expected_hello', `the first message must be "hello", got "${message.t}"`);
        else this.handler.onMessage(this, message, frame.payload);
      }
    } catch (err) {
      if (err instanceof ProtocolError) this.refuse(err);
      else {
        this.log.error({ err, agent_id: this.agentId }, 'internal error handling an agent frame');
        this.refuse(new ProtocolError('internal_error', 'the master failed to handle a message; reconnect'));
      }
    }
  }

  private onHello(hello: HelloMessage): void {
    if (this.hello) throw new ProtocolError('unexpected_hello', 'hello was already received on this connection');
    if (hello.protocol !== PROTOCOL_VERSION) {
      throw new ProtocolError('protocol_mismatch', `the master speaks protocol ${PROTOCOL_VERSION}, this agent speaks ${hello.protocol}: install the agent of this master's version`);
    }
    if (this.handshakeTimer) clearTimeout(this.handshakeTimer);
    this.handshakeTimer = null;
    this.agentId = hello.agent_id;
    this.hello = hello; // active from here; a refusal below closes it again
    this.handler.onHello(this, hello);
  }
}
