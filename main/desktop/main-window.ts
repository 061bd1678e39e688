// The one app window: isolated, sandboxed, no Node, CSP from the page itself, no navigation
// away and no new windows. Closing it hides it; the master keeps running in the tray.
import { app, BrowserWindow, session, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { pathToFileURL } from 'node:url';
import { NAVIGATE_CHANNEL } from '../../preload/channels.ts';

export class MainWindow {
  private window: BrowserWindow | null = null;
  private quitting = false;
  private readonly pageUrl: string;
  private readonly page: string;
  private readonly preload: string;

  constructor(page: string, preload: string) {
    this.page = page;
    this.pageUrl = pathToFileURL(page).href;
    this.preload = preload;
    app.on('before-quit', () => (this.quitting = true));
  }

  /** Only the top frame of our window, showing our page, may call the API. */
  isTrusted = (event: IpcMainInvokeEvent): boolean => {
    const frame = event.senderFrame;
    return Boolean(this.window && event.sender === this.window.webContents && frame && frame === event.sender.mainFrame && frame.url.split('#')[0] === this.pageUrl);
  };

  send(channel: string, payload: unknown): void {
    if (this.window && !this.window.isDestroyed()) this.window.webContents.send(channel, payload);
  }

  show(hash?: string): void {
    const win = this.window ?? this.create();
    if (hash) this.send(NAVIGATE_CHANNEL, hash);
    if (win.isMinimized()) win.restore();
    win.show();
    win.focus();
  }

  private create(): BrowserWindow {
    const win = new BrowserWindow({
      width: 1280,
      height: 860,
      show: false,
      title: 'P4 Integrator',
      webPreferences: { preload: this.preload, contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, spellcheck: false },
    });
    win.once('ready-to-show', () => win.show());
    win.on('close', (event) => {
      if (this.quitting) return;
      event.preventDefault();
      win.hide();
    });
    win.on('closed', () => (this.window = null));
    void win.loadFile(this.page);
    this.window = win;
    return win;
  }
}

/** For every web contents the app ever makes: no navigation, no new windows, no webviews, no permissions. */
export function hardenWebContents(): void {
  app.on('web-contents-created', (_event, contents: WebContents) => {
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
    contents.on('will-navigate', (event) => event.preventDefault());
    contents.on('will-redirect', (event) => event.preventDefault());
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });
  session.defaultSession.setPermissionRequestHandler((_contents, permission, callback) => callback(permission === 'clipboard-sanitized-write'));
}
