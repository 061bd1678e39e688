// A hand-driven master end: accepts one real agent process and lets a test send exact frames
// (duplicate EXECs, unknown KILLs, RESENDs) and read what the agent answers.
import { createServer, type Server, type Socket } from 'node:net';
import { createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { encodeFrame, FrameDecoder, PROTOCOL_VERSION, type ExecSpec, type MasterMessage } from '../../agent/protocol.ts';
import { CommandSigner } from '../../main/security/command-signer.ts';
import { waitFor } from './processes.ts';

export class RawMaster {
  private readonly server: Server;
  socket: Socket | null = null;
  readonly received: { header: any; payload: Buffer }[] = [];
  connections = 0;
  port = 0;
  /** Of the agent on the current connection (from its hello). */
  agentId: string | null = null;
  /** Signs like the real master; a test can also send unsigned or altered frames. */
  readonly signer: CommandSigner;
  readonly signingKey: KeyObject;

  constructor(opts: { welcome?: boolean } = {}) {
    const { privateKey } = generateKeyPairSync('ed25519');
    this.signingKey = privateKey;
    this.signer = new CommandSigner(privateKey, createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }).toString());
    this.server = createServer((socket) => {
      this.agentId = null;
      this.connections++;
      this.socket = socket;
      const decoder = new FrameDecoder();
      socket.on('error', () => undefined);
      socket.on('data', (d: Buffer) => {
        for (const frame of decoder.push(d)) {
          this.received.push(frame);
          const header = frame.header as { t: string; agent_id?: string; commands?: { cmd_id: string }[] };
          if (header.t === 'hello') this.agentId = header.agent_id ?? null;
          if (header.t === 'hello' && opts.welcome !== false) {
            const content = { heartbeat_ms: 500, resume: (header.commands ?? []).map((c) => ({ cmd_id: c.cmd_id, stdout: 0, stderr: 0 })), forget: [] };
            this.send({ t: 'welcome', protocol: PROTOCOL_VERSION, signing_key: this.signer.publicPem, server_time: Date.now(), ...this.signer.welcome(this.agentId!, content) });
          }
        }
      });
    });
  }

  async listen(): Promise<number> {
    await new Promise<void>((ok) => this.server.listen(0, '127.0.0.1', ok));
    this.port = (this.server.address() as { port: number }).port;
    return this.port;
  }

  send(message: MasterMessage): void {
    this.socket?.write(encodeFrame(message));
  }

  exec(spec: ExecSpec): void {
    this.send(this.signer.exec(this.agentId!, spec));
  }

  kill(cmdId: string, graceMs: number): void {
    this.send(this.signer.kill(this.agentId!, cmdId, graceMs));
  }

  of(type: string, cmdId?: string): any[] {
    return this.received.filter((f) => f.header.t === type && (cmdId === undefined || f.header.cmd_id === cmdId)).map((f) => f.header);
  }

  /** Concatenated payloads of OUTPUT frames for one command and stream, by offset order received. */
  output(cmdId: string, stream = 'stdout'): { offset: number; data: Buffer }[] {
    return this.received.filter((f) => f.header.t === 'output' && f.header.cmd_id === cmdId && f.header.stream === stream).map((f) => ({ offset: f.header.offset, data: f.payload }));
  }

  async waitFor(type: string, cmdId?: string, count = 1): Promise<any[]> {
    return waitFor(() => (this.of(type, cmdId).length >= count ? this.of(type, cmdId) : undefined), 10_000, `${count} ${type} frame(s)`);
  }

  async close(): Promise<void> {
    this.socket?.destroy();
    await new Promise<void>((ok) => this.server.close(() => ok()));
  }
}
