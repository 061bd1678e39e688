// A hand-driven agent connection: sends exactly the bytes a test wants and records what the
// master answers, to test the master's handling of bad and hostile input.
import { generateKeyPairSync, sign } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import { encodeFrame, IDENTITY_EKM_LABEL, FrameDecoder, PROTOCOL_VERSION, type AnyMessage, type HelloMessage } from '../../agent/protocol.ts';

export class RawAgent {
  readonly socket: Socket;
  readonly received: any[] = [];
  readonly closed: Promise<void>;
  private readonly decoder = new FrameDecoder();

  private constructor(socket: Socket) {
    this.socket = socket;
    socket.on('data', (d: Buffer) => {
      for (const frame of this.decoder.push(d)) this.received.push(frame.header);
    });
    socket.on('error', () => undefined);
    this.closed = new Promise((ok) => socket.on('close', () => ok()));
  }

  static async connect(port: number, localAddress?: string): Promise<RawAgent> {
    const socket = connect({ port, host: '127.0.0.1', ...(localAddress ? { localAddress } : {}) });
    await new Promise<void>((ok, fail) => {
      socket.once('connect', ok);
      socket.once('error', fail);
    });
    return new RawAgent(socket);
  }

  /** TLS to the master's port, then a hello with a fresh key of its own: a new agent waiting for approval. */
  static async stranger(port: number, ca: Buffer, agentId: string, localAddress?: string): Promise<RawAgent> {
    const socket = tlsConnect({ host: '127.0.0.1', port, ca, ...(localAddress ? { localAddress } : {}), checkServerIdentity: () => undefined });
    const raw = new RawAgent(socket);
    await new Promise<void>((ok, fail) => {
      socket.once('secureConnect', ok);
      socket.once('error', fail);
      socket.once('close', () => fail(new Error('closed before the TLS handshake finished')));
    });
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const ekm = (socket as TLSSocket).exportKeyingMaterial(32, IDENTITY_EKM_LABEL, Buffer.from(agentId));
    raw.send(hello(agentId, { identity: { public_key: publicKey.export({ type: 'spki', format: 'der' }).toString('base64'), signature: sign(null, ekm, privateKey).toString('base64') } }));
    return raw;
  }

  send(message: AnyMessage | Record<string, unknown>, payload?: Buffer): void {
    this.socket.write(encodeFrame(message as AnyMessage, payload));
  }

  write(bytes: Buffer): void {
    this.socket.write(bytes);
  }

  /** The first ERROR frame the master sent before closing. */
  error(): { code: string; message: string } | undefined {
    return this.received.find((m) => m.t === 'error');
  }
}

export function hello(agentId: string, overrides: Partial<HelloMessage> = {}): HelloMessage {
  return {
    t: 'hello', protocol: PROTOCOL_VERSION, agent_id: agentId, hostname: 'raw', version: 'test', pid: 1,
    platform: 'linux', arch: 'x64', workspace: '/tmp', boot_id: 'raw-boot', commands: [], ...overrides,
  };
}
