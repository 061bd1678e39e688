// Electron entry (bundled to dist/desktop/main.cjs): one instance, the master in this process
// (no HTTP face: the window talks over IPC), one window, the tray. Closing the window keeps
// the master running; Quit in the tray stops it. A master that cannot start says why in a
// dialog and the app quits.
import { app, dialog } from 'electron';
import { join } from 'node:path';
import { EVENT_CHANNEL } from '../../preload/channels.ts';
import { defaultConfigPath, loadConfig } from '../config.ts';
import { startMaster, type Master } from '../master.ts';
import { closeLogger, createLogger, type Logger } from '../observe/log.ts';
import { desktopOptions } from './desktop-options.ts';
import { registerApi } from './ipc-bridge.ts';
import { hardenWebContents, MainWindow } from './main-window.ts';
import { osKeychain } from './os-keychain.ts';
import { explainStartFailure } from './start-failure.ts';
import { TrayAlerts } from './tray-alerts.ts';

/** Windows shows notifications only for an app with this id (also electron-builder's appId). */
const APP_ID = 'com.p4integrator.desktop';
const here = __dirname; // dist/desktop
const window = new MainWindow(join(here, '..', 'renderer', 'index.html'), join(here, 'preload.cjs'));
let log: Logger = createLogger();
let logFile: string | null = null;
let master: Master | null = null;

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  if (process.platform === 'win32') app.setAppUserModelId(APP_ID);
  app.on('second-instance', () => window.show());
  // macOS: a click on the Dock icon after the window was closed opens it again.
  app.on('activate', () => {
    if (master) window.show();
  });
  // Keep running in the tray when the window closes.
  app.on('window-all-closed', () => undefined);
  app.on('will-quit', (event) => {
    if (!master) return;
    event.preventDefault();
    const closing = master;
    master = null;
    void closing.close().finally(() => closeLogger(log)).finally(() => app.exit(0));
  });
  void app.whenReady().then(start).catch(failed);
}

async function start(): Promise<void> {
  hardenWebContents();
  // The same config file as `npm run master` (ports, data dir, TLS, limits, logs, pipeline).
  const desktop = desktopOptions(loadConfig(null), {
    userData: app.getPath('userData'),
    logs: app.getPath('logs'),
    bundleDir: here,
    resources: app.isPackaged ? process.resourcesPath : null,
  }, process.argv, process.platform);
  logFile = desktop.log.file ?? null;
  log = createLogger(desktop.log);
  master = await startMaster({ ...desktop.options, keychain: osKeychain(process.platform), log });
  registerApi(master.api, window.isTrusted, log);
  const tray = new TrayAlerts(here, process.platform, { open: (hash) => window.show(hash), quit: () => app.quit() });
  await tray.seed(master.api);
  master.api.onEvent((event) => {
    window.send(EVENT_CHANNEL, event);
    tray.onEvent(event);
  });
  window.show();
}

/** The reason and the fix in a native dialog (nobody reads a log at first start), then quit. */
async function failed(err: unknown): Promise<void> {
  log.fatal({ err }, 'the master could not start');
  const failure = explainStartFailure(err, { configFile: defaultConfigPath(), logFile });
  dialog.showErrorBox(failure.title, failure.message);
  const started = master;
  master = null;
  await started?.close();
  await closeLogger(log);
  app.exit(1);
}
