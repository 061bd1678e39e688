// Electron entry (bundled to dist/desktop/main.cjs): one instance, the master in this process
// (no HTTP face: the window talks over IPC), one window, the tray. Closing the window keeps
// the master running; Quit in the tray stops it.
import { app } from 'electron';
import { join } from 'node:path';
import { EVENT_CHANNEL } from '../../preload/channels.ts';
import { loadConfig } from '../config.ts';
import { startMaster, type Master } from '../master.ts';
import { createLogger } from '../observe/log.ts';
import { registerApi } from './ipc-bridge.ts';
import { hardenWebContents, MainWindow } from './main-window.ts';
import { TrayAlerts } from './tray-alerts.ts';

const log = createLogger();
const here = __dirname; // dist/desktop
const window = new MainWindow(join(here, '..', 'renderer', 'index.html'), join(here, 'preload.cjs'));
let master: Master | null = null;

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => window.show());
  // Keep running in the tray when the window closes.
  app.on('window-all-closed', () => undefined);
  app.on('will-quit', (event) => {
    if (!master) return;
    event.preventDefault();
    const closing = master;
    master = null;
    void closing.close().finally(() => app.exit(0));
  });
  void app.whenReady().then(start).catch((err: unknown) => {
    log.fatal({ err }, 'the master could not start');
    app.exit(1);
  });
}

async function start(): Promise<void> {
  hardenWebContents();
  // The same config file as `npm run master` (ports, data dir, TLS, limits, pipeline).
  const config = loadConfig(null);
  master = await startMaster({
    ...config.options,
    pipeline: config.pipeline,
    httpPort: null,
    localAgent: process.argv.includes('--local-agent') || (config.options.localAgent ?? false),
    agentBundle: app.isPackaged ? join(process.resourcesPath, 'agent', 'agent.cjs') : join(here, '..', 'agent.cjs'),
    ...(app.isPackaged ? { nodeRuntimesDir: join(process.resourcesPath, 'node-runtimes') } : {}),
    rendererDir: null,
    log,
  });
  registerApi(master.api, window.isTrusted, log);
  const tray = new TrayAlerts({ idle: join(here, 'tray.png'), alert: join(here, 'tray-alert.png') }, { open: (hash) => window.show(hash), quit: () => app.quit() });
  await tray.seed(master.api);
  master.api.onEvent((event) => {
    window.send(EVENT_CHANNEL, event);
    tray.onEvent(event);
  });
  window.show();
}
