// A real TCP relay on loopback between an agent and the master, so a test can cut the
// connection at any moment (both sockets destroyed, as when a cable is pulled).
import { connect, createServer, type Server, type Socket } from 'node:net';

export class TcpProxy {
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private refusing = false;
  port = 0;
  /** Bytes relayed from the agent to the master so far. */
  upstreamBytes = 0;

  constructor(targetPort: number) {
    this.server = createServer((client) => {
      if (this.refusing) return client.destroy();
      const upstream = connect(targetPort, '127.0.0.1');
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => undefined);
      }
      client.on('data', (d: Buffer) => (this.upstreamBytes += d.length));
      client.pipe(upstream);
      upstream.pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
  }

  async listen(): Promise<number> {
    await new Promise<void>((ok) => this.server.listen(0, '127.0.0.1', ok));
    this.port = (this.server.address() as { port: number }).port;
    return this.port;
  }

  /** Cuts every open connection; with `refuse`, new ones are dropped until restore(). */
  cut(refuse = false): void {
    this.refusing = refuse;
    for (const s of this.sockets) s.destroy();
  }

  restore(): void {
    this.refusing = false;
  }

  async close(): Promise<void> {
    this.cut(true);
    await new Promise<void>((ok) => this.server.close(() => ok()));
  }
}
