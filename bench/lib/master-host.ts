// Child-process entry: runs a real master (startMaster, the same composition root as
// `npm run master`) in its own process, and measures its event loop from inside with
// perf_hooks.monitorEventLoopDelay (same 10 ms resolution as the master's own
// nodejs_eventloop_lag_* metrics). The parent talks to it over the IPC channel:
//   {t:'lag-reset'} → {t:'lag-reset'}; {t:'lag'} → {t:'lag', p50, p99, max, mean, count} (ms)
// On start it sends {t:'ready', url, token, agentPort, metricsPort, dataDir}.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { startMaster, type MasterOptions } from '../../main/master.ts';

const options = JSON.parse(process.argv[2] ?? '{}') as Partial<MasterOptions>;
const histogram = monitorEventLoopDelay({ resolution: 10 });
histogram.enable();

const master = await startMaster(options);
const send = (m: unknown): void => {
  process.send?.(m);
};
send({ t: 'ready', url: master.url, token: master.token, agentPort: master.agentPort, metricsPort: master.metricsPort, dataDir: master.dataDir });

process.on('message', (m: { t: string }) => {
  if (m.t === 'lag-reset') {
    histogram.reset();
    send({ t: 'lag-reset' });
  } else if (m.t === 'lag') {
    const ms = (ns: number): number => ns / 1e6;
    send({ t: 'lag', p50: ms(histogram.percentile(50)), p99: ms(histogram.percentile(99)), max: ms(histogram.max), mean: ms(histogram.mean), count: histogram.count });
  }
});

let closing = false;
const shutdown = async (): Promise<void> => {
  if (closing) return;
  closing = true;
  await master.close();
  process.exit(0);
};
process.on('SIGTERM', () => void shutdown());
process.on('SIGINT', () => void shutdown());
process.on('disconnect', () => void shutdown());
