// One agent connection on the master: handshake, validation of every frame, dispatch.
// Anything malformed gets one clear ERROR frame and the connection is closed; the master and
// every other agent carry on.
import { createPublicKey, verify } from 'node:crypto';
import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import {
  agentMessageSchema, encodeFrame, FrameDecoder, IDENTITY_EKM_LABEL, parseMessage, ProtocolError, PROTOCOL_VERSION,
  type AgentMessage, type ExecSpec, type HelloMessage, type MasterMessage,
} from '../../agent/protocol.ts';
import type { Logger } from '../observe/log.ts';
import type { CommandSigner } from '../security/command-signer.ts';
import type { Presented } from '../security/enrolment.ts';
import { fingerprint } from '../security/pki.ts';
import { addressOf } from './connection-guard.ts';

/** What a session hands its messages to (the registry and the command dispatcher). */
export interface SessionHandler {
  /** Accepts or refuses (throws ProtocolError) the agent; returns the frames that follow WELCOME. */
  onHello(session: AgentSession, hello: HelloMessage): void;
  onMessage(session: AgentSession, message: Exclude<AgentMessage, HelloMessage>, payload: Buffer): void;
  onClose(session: AgentSession): void;
  /** Logs a refusal (once per burst). */
  onRefused(session: AgentSession, err: ProtocolError): void;
}

export class AgentSession {
  readonly remote: string;
  readonly remoteIp: string;
  agentId: string | null = null;
  hello: HelloMessage | null = null;
  lastHeard = Date.now();
  /** RENEW_CERT was sent on this connection: one CERT_REQUEST is expected. */
  renewalOffered = false;
  private readonly socket: Socket;
  private readonly decoder = new FrameDecoder();
  private readonly handler: SessionHandler;
  private readonly log: Logger;
  private readonly signer: CommandSigner;
  private closing = false;

  constructor(socket: Socket, handler: SessionHandler, log: Logger, signer: CommandSigner) {
    this.socket = socket;
    this.handler = handler;
    this.signer = signer;
    ({ ip: this.remoteIp, remote: this.remote } = addressOf(socket));
    this.log = log.child({ remote: this.remote });
    socket.setNoDelay(true);
    socket.setKeepAlive(true, 10_000);
    socket.on('data', (data: Buffer) => this.onData(data));
    socket.on('error', (err: NodeJS.ErrnoException) => this.log.debug({ agent_id: this.agentId, err: err.code ?? err.message }, 'agent socket error'));
    socket.on('close', () => {
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

  /** EXEC and KILL go out signed for this agent, with a fresh nonce and issue time each time. */
  exec(spec: ExecSpec): void {
    this.send(this.signer.exec(this.agentId!, spec));
  }

  kill(cmdId: string, graceMs: number): void {
    this.send(this.signer.kill(this.agentId!, cmdId, graceMs));
  }

  /**
   * The identity this connection proved: a certificate from this master's CA, or the agent's
   * own key (its HELLO signs the TLS session's exported keying material). Throws the reason
   * when it proved none.
   */
  presented(hello: HelloMessage): Presented {
    if (!('getPeerX509Certificate' in this.socket)) return { kind: 'none' };
    const tls = this.socket as TLSSocket;
    const cert = tls.getPeerX509Certificate();
    if (cert) {
      if (!tls.authorized) {
        const why = String(tls.authorizationError);
        throw new ProtocolError('untrusted_certificate', why === 'CERT_HAS_EXPIRED'
          ? `the agent's certificate expired on ${cert.validTo}; enrol the agent again`
          : `the agent's certificate was not issued by this master (${why})`);
      }
      return { kind: 'certificate', cn: /(?:^|\n)CN=([^\n]*)/.exec(cert.subject)?.[1] ?? '', fingerprint: fingerprint(cert.publicKey.export({ type: 'spki', format: 'der' })), expiresAt: Date.parse(cert.validTo) };
    }
    if (!hello.identity) throw new ProtocolError('identity_required', 'the agent presented neither a certificate from this master nor its own key');
    let ok = false;
    let spki: Buffer;
    try {
      spki = Buffer.from(hello.identity.public_key, 'base64');
      const ekm = tls.exportKeyingMaterial(32, IDENTITY_EKM_LABEL, Buffer.from(hello.agent_id));
      ok = verify(null, ekm, createPublicKey({ key: spki, format: 'der', type: 'spki' }), Buffer.from(hello.identity.signature, 'base64'));
    } catch {
      ok = false;
    }
    if (!ok) throw new ProtocolError('bad_identity', "the agent's identity signature does not match its key on this connection");
    return { kind: 'key', fingerprint: fingerprint(spki!) };
  }

  /** Sends a clear error, then closes this connection only. */
  refuse(err: ProtocolError): void {
    if (this.closing) return;
    this.handler.onRefused(this, err);
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
        // Say "wrong version" even when a future HELLO no longer fits this version's schema.
        const header = frame.header as { t?: unknown; protocol?: unknown } | null;
        if (!this.hello && header?.t === 'hello' && typeof header.protocol === 'number' && header.protocol !== PROTOCOL_VERSION) {
          throw new ProtocolError('protocol_mismatch', `the master speaks protocol ${PROTOCOL_VERSION}, this agent speaks ${header.protocol}: install the agent of this master's version`);
        }
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
    this.agentId = hello.agent_id;
    this.hello = hello; // active from here; a refusal below closes it again
    this.handler.onHello(this, hello);
  }
}
