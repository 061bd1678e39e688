// Entry: picks the transport (window.api from the Electron preload, else REST + WebSocket to
// the master that served this page), builds the store, wires live events, renders.
import { createRoot, type Root } from 'react-dom/client';
import type { ClientApi, StreamName } from '../preload/api.ts';
import { notifyJob, trackTitle } from './alerts/browser-alerts.ts';
import { ApiCallError } from './api/api-call-error.ts';
import { createBrowserApi } from './api/browser-api.ts';
import { desktopApi } from './api/desktop-api.ts';
import { forgetToken, rememberToken, takePageToken } from './api/page-token.ts';
import { App } from './app.tsx';
import { Context } from './app-context.tsx';
import { createAppStore } from './store/app-store.ts';
import { connectLive, reloadAll } from './store/live-updates.ts';
import { parseHash } from './store/ui-slice.ts';
import { startTheme } from './theme.ts';
import { TokenForm } from './token-form.tsx';

declare global {
  interface Window {
    /** Set by the Electron preload only. */
    api?: ClientApi;
  }
}

startTheme();
const root = createRoot(document.getElementById('root')!);

function start(api: ClientApi, desktop: boolean, downloadUrl: ((cmdId: string, stream: StreamName) => Promise<string>) | undefined, onConnection?: (listen: (state: 'connecting' | 'open' | 'closed') => void) => void): void {
  const store = createAppStore(api);
  const title = trackTitle(store);
  connectLive(store, api, {
    onAlert: (job) => {
      title.announce(job);
      if (!desktop) notifyJob(job, store.getState().notifyPrefs);
    },
  });
  window.addEventListener('hashchange', () => store.getState().setRoute(parseHash(location.hash)));
  if (onConnection) {
    let wasOpen = false;
    onConnection((state) => {
      store.getState().setConnection(state);
      // Events were missed while the link was down: read everything visible again.
      if (state === 'open' && wasOpen) reloadAll(store);
      if (state === 'open') wasOpen = true;
    });
  } else {
    store.getState().setConnection('open');
  }
  void store.getState().loadJobs();
  void store.getState().loadAgents();
  void store.getState().loadBootstraps();
  void store.getState().loadNotifyPrefs();
  render(root, <Context.Provider value={{ store, api, downloadUrl }}><App browserNotifications={!desktop} /></Context.Provider>);
}

function render(target: Root, node: React.ReactNode): void {
  target.render(node);
}

async function startBrowser(token: string): Promise<void> {
  const { api, events } = createBrowserApi(location.origin, token);
  try {
    await api.jobs.list({ limit: 1 }); // checks the token before showing anything
  } catch (err) {
    if (err instanceof ApiCallError && (err.status === 401 || err.status === 403)) {
      forgetToken();
      render(root, <TokenForm problem="The API token was not accepted." onToken={(t) => { rememberToken(t); void startBrowser(t); }} />);
      return;
    }
    throw err;
  }
  // A ticket per download: the token itself never goes into a URL.
  const downloadUrl = async (cmdId: string, stream: StreamName) => {
    const res = await fetch(`/api/commands/${encodeURIComponent(cmdId)}/download-ticket`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ stream }) });
    const body = (await res.json()) as { url?: string; error?: string };
    if (!res.ok || !body.url) throw new ApiCallError(res.status, body.error ?? `download ticket: HTTP ${res.status}`);
    return body.url;
  };
  start(api, false, downloadUrl, (listen) => {
    listen(events.state);
    events.onState(listen);
  });
}

if (window.api) {
  start(desktopApi(window.api), true, undefined);
} else {
  const token = takePageToken();
  if (token) void startBrowser(token);
  else render(root, <TokenForm onToken={(t) => { rememberToken(t); void startBrowser(t); }} />);
}
