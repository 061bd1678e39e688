// Settings: ports, data directory, agent address and the effective pipeline (the master's,
// read-only), and which job events notify (the master keeps the choices for every face).
import { Fragment, useEffect } from 'react';
import type { SettingsDto } from '../../preload/api.ts';
import { NOTIFY_STATUSES } from '../alerts/notify-prefs.ts';
import { useActions, useApp } from '../app-context.tsx';

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

/** Where agents can connect from, and what that means. */
function AgentAddress({ settings }: { settings: SettingsDto }) {
  const local = LOOPBACK.has(settings.agent_host);
  return (
    <>
      <dt>Agent port</dt><dd>{settings.agent_port}</dd>
      <dt>Agent address</dt>
      <dd data-agent-host={settings.agent_host}>
        <span className="mono">{settings.agent_host}</span>
        <p className="muted small">
          {local
            ? 'This machine only: agents started over SSH reach it through a reverse tunnel; no firewall prompt, nothing else on the network can connect.'
            : 'Reachable from the network: agents connect directly; the system firewall may ask to allow it; anyone who reaches the port can present a certificate (TLS and approval still apply).'}
          {' '}Set <span className="mono">server.host</span> in the config file to change it{local ? ' (0.0.0.0: every address)' : ' (127.0.0.1: this machine only)'}.
        </p>
      </dd>
    </>
  );
}

function NotificationPrefs() {
  const prefs = useApp((s) => s.notifyPrefs);
  const error = useApp((s) => s.notifyError);
  const { setNotifyPref } = useActions();
  const permission = typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
  return (
    <fieldset className="card notify-prefs">
      <legend>Notifications</legend>
      <p className="muted small">A notification when a job enters one of these states{window.api ? ' (the desktop app notifies from its tray)' : ''}; kept by the master, so the desktop app and every browser follow the same choices.</p>
      {NOTIFY_STATUSES.map(({ status, label, hint }) => (
        <label key={status} className="check" data-status={status}>
          <input type="checkbox" name={`notify-${status}`} checked={prefs[status]} onChange={(e) => void setNotifyPref(status, e.target.checked)} />
          <span className="mono">{label}</span> <span className="muted small">{hint}</span>
        </label>
      ))}
      {error && <p className="error small">Cannot save the choice: {error}</p>}
      {!window.api && permission !== 'granted' && <p className="warn small">This browser {permission === 'denied' ? 'blocks notifications for this page' : permission === 'unsupported' ? 'has no notifications' : 'has not been allowed to notify yet (use “Enable notifications” at the top)'}.</p>}
    </fieldset>
  );
}

const times = (n: number) => `${n} time${n === 1 ? '' : 's'}`;
const seconds = (ms: number) => `${ms / 1000} s`;

/** The master's limit names in words (the name itself shows on hover, for the pipeline file). */
const LIMIT_WORDS: Record<string, { label: string; value: (v: number) => string }> = {
  ncFixRounds: { label: 'Fix-script rounds per job', value: (v) => `up to ${v}` },
  lockRetries: { label: 'Submit retries while another client holds a lock', value: times },
  lockDelayMs: { label: 'Wait between those retries', value: seconds },
  connectionRetries: { label: 'Retries when the Perforce server cannot be reached', value: times },
  connectionDelayMs: { label: 'First wait before such a retry (doubles each time)', value: seconds },
  timeoutRetries: { label: 'Retries of a timed-out stage that is safe to repeat', value: times },
  timeoutDelayMs: { label: 'Wait before such a retry', value: seconds },
  resubmits: { label: 'Times a submit may send the job back to resolve', value: times },
  resolveChecks: { label: 'Resolve checks per job', value: (v) => `up to ${v}` },
  watchFailures: { label: 'Failed checks in a row while waiting for a resolve before giving up', value: (v) => `${v}` },
};

export function SettingsScreen() {
  const settings = useApp((s) => s.settings);
  const error = useApp((s) => s.settingsError);
  const { loadSettings } = useActions();
  useEffect(() => {
    void loadSettings();
  }, [loadSettings]);
  if (error) return <section className="screen"><NotificationPrefs /><p className="error">Cannot load settings: {error}</p></section>;
  if (!settings) return <section className="screen"><NotificationPrefs /><p className="muted">Loading…</p></section>;
  return (
    <section className="screen" aria-labelledby="settings-title">
      <header className="screen-head"><h1 id="settings-title">Settings</h1></header>
      <NotificationPrefs />
      <dl className="facts">
        <dt>Version</dt><dd>{settings.version}</dd>
        <dt>Data directory</dt><dd className="mono">{settings.data_dir}</dd>
        <AgentAddress settings={settings} />
        <dt>Local agent</dt><dd>{settings.local_agent ? 'on: jobs can run on this machine' : 'off'}</dd>
        <dt>HTTP port</dt><dd>{settings.http_port ?? 'off (desktop app)'}</dd>
        <dt>Pipeline file</dt><dd className="mono">{settings.pipeline_file}</dd>
      </dl>
      <h2>Stage templates</h2>
      <table className="table templates">
        <thead><tr><th>Stage</th><th>Command</th><th>Timeout</th><th>Source</th></tr></thead>
        <tbody>
          {settings.templates.map((t) => (
            <tr key={t.stage}>
              <td className="mono">{t.stage}</td>
              <td><code>{t.command}</code></td>
              <td>{settings.timeouts_s[t.stage] !== undefined ? `${settings.timeouts_s[t.stage]} s` : '—'}</td>
              <td>{t.custom ? 'pipeline.yaml' : 'built in'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Retries and limits</h2>
      <dl className="facts retry-limits">
        {Object.entries(settings.retry_limits).map(([k, v]) => (
          <Fragment key={k}>
            <dt title={k}>{LIMIT_WORDS[k]?.label ?? k}</dt>
            <dd>{LIMIT_WORDS[k]?.value(v) ?? v}</dd>
          </Fragment>
        ))}
      </dl>
    </section>
  );
}
