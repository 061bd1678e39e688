// GET /metrics for Prometheus on its own port (default 9091), loopback unless configured.
import { createServer, type Server } from 'node:http';
import type { Logger } from './log.ts';
import type { Metrics } from './metrics.ts';
import type { Disposable } from '../base/disposable.ts';

export class MetricsServer implements Disposable {
  private readonly server: Server;

  constructor(metrics: Metrics, log: Logger) {
    this.server = createServer((req, res) => {
      if (req.method !== 'GET' || req.url?.split('?')[0] !== '/metrics') {
        res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'only GET /metrics is served here' }));
        return;
      }
      metrics.registry.metrics().then(
        (text) => res.writeHead(200, { 'content-type': metrics.registry.contentType }).end(text),
        (err: unknown) => {
          log.error({ error: err }, 'collecting metrics failed');
          res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'collecting metrics failed' }));
        },
      );
    });
  }

  listen(port: number, host: string): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', (err: NodeJS.ErrnoException) => reject(new Error(err.code === 'EADDRINUSE' ? `metrics port ${host}:${port} is already in use (another master?): choose another with --metrics-port` : `cannot serve metrics on ${host}:${port}: ${err.message}`)));
      this.server.listen(port, host, () => {
        const address = this.server.address();
        resolve(typeof address === 'object' && address ? address.port : port);
      });
    });
  }

  dispose(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
