// What the desktop app starts its master with: the config file (the same one as the headless
// master) over the desktop's own defaults. The defaults suit a first run on a workstation:
// data and logs in the OS's folders for the app, agents on 127.0.0.1 only (bootstrapped agents
// come through the SSH reverse tunnel), the local agent on where it can run, no HTTP face and
// no metrics port (neither clashes with a headless master on the same machine).
import { join } from 'node:path';
import type { LoadedConfig } from '../config.ts';
import type { MasterOptions } from '../master.ts';
import type { LogOptions } from '../observe/log.ts';
import { localAgentUnsupported } from '../agents/local-agent.ts';

export interface DesktopPaths {
  /** app.getPath('userData'): the data directory unless the config names one. */
  userData: string;
  /** app.getPath('logs'): master.jsonl unless the config names a log file. */
  logs: string;
  /** The folder of the bundle (dist/desktop). */
  bundleDir: string;
  /** process.resourcesPath of a packaged app; null when run from the source tree. */
  resources: string | null;
}

export const DESKTOP_LOG_FILE = 'master.jsonl';

export function desktopOptions(config: LoadedConfig, paths: DesktopPaths, argv: readonly string[], platform: NodeJS.Platform): { options: Partial<MasterOptions>; log: Partial<LogOptions> } {
  const c = config.options;
  return {
    options: {
      ...c,
      dataDir: c.dataDir ?? paths.userData,
      agentHost: c.agentHost ?? '127.0.0.1',
      metricsPort: c.metricsPort ?? null,
      // On by default so a first run can run a job at once; where it cannot run, off unless asked
      // for (asking for it there is a start failure that says why).
      localAgent: argv.includes('--local-agent') || (c.localAgent ?? localAgentUnsupported(platform) === null),
      pipeline: config.pipeline,
      httpPort: null,
      rendererDir: null,
      agentBundle: paths.resources ? join(paths.resources, 'agent', 'agent.cjs') : join(paths.bundleDir, '..', 'agent.cjs'),
      ...(paths.resources ? { nodeRuntimesDir: join(paths.resources, 'node-runtimes') } : {}),
    },
    log: { file: join(paths.logs, DESKTOP_LOG_FILE), ...config.log },
  };
}
