// The agent link carried over the SSH connection, for hosts that cannot reach the master's
// agent port (firewall, NAT): the host's sshd listens on 127.0.0.1:<port> (ssh2 forwardIn) and
// every connection there is piped to the master's agent listener. TLS stays end to end.
import { connect } from 'node:net';
import type { Client } from 'ssh2';

export class ReverseTunnel {
  readonly remotePort: number;
  private readonly client: Client;

  private constructor(client: Client, remotePort: number) {
    this.client = client;
    this.remotePort = remotePort;
  }

  static open(client: Client, masterPort: number, onError: (err: Error) => void): Promise<ReverseTunnel> {
    return new Promise((resolve, reject) => {
      client.forwardIn('127.0.0.1', 0, (err, port) => {
        if (err) return reject(new Error(`the host refused a reverse tunnel (is AllowTcpForwarding off in its sshd_config?): ${err.message}`));
        const tunnel = new ReverseTunnel(client, port);
        client.on('tcp connection', (details, accept) => {
          if (details.destPort !== port) return;
          const channel = accept();
          const socket = connect(masterPort, '127.0.0.1');
          socket.on('error', (e) => {
            onError(e);
            channel.close();
          });
          channel.on('error', () => socket.destroy());
          channel.pipe(socket).pipe(channel);
          channel.on('close', () => socket.destroy());
          socket.on('close', () => channel.close());
        });
        resolve(tunnel);
      });
    });
  }

  close(): void {
    this.client.end();
  }
}
