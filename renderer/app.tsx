// The page: navigation, connection state, and the current screen.
import { useApp } from './app-context.tsx';
import { selectNeedsResolve } from './store/jobs-slice.ts';
import { routeHash, type Route } from './store/ui-slice.ts';
import { AgentsScreen } from './screens/agents-screen.tsx';
import { HistoryScreen } from './screens/history-screen.tsx';
import { JobScreen } from './screens/job-screen.tsx';
import { JobsScreen } from './screens/jobs-screen.tsx';
import { NeedsResolveScreen } from './screens/needs-resolve-screen.tsx';
import { SettingsScreen } from './screens/settings-screen.tsx';
import { useState } from 'react';

const NAV: { route: Route; label: string }[] = [
  { route: { screen: 'jobs' }, label: 'Jobs' },
  { route: { screen: 'resolve' }, label: 'Needs resolve' },
  { route: { screen: 'agents' }, label: 'Agents' },
  { route: { screen: 'history' }, label: 'History' },
  { route: { screen: 'settings' }, label: 'Settings' },
];

export function App({ browserNotifications }: { browserNotifications: boolean }) {
  const route = useApp((s) => s.route);
  const connection = useApp((s) => s.connection);
  const waiting = useApp(selectNeedsResolve);
  const current = route.screen === 'job' ? 'jobs' : route.screen;
  return (
    <div className="app">
      <nav className="nav" aria-label="Screens">
        <span className="brand">P4 Integrator</span>
        {NAV.map(({ route: r, label }) => (
          <a key={r.screen} href={routeHash(r)} className={current === r.screen ? 'active' : ''} aria-current={current === r.screen ? 'page' : undefined}>
            {label}
            {r.screen === 'resolve' && waiting > 0 && <span className="count" aria-label={`${waiting} waiting`}>{waiting}</span>}
          </a>
        ))}
        <span className="spacer" />
        {browserNotifications && <NotificationSwitch />}
        <span className={`link link-${connection}`} title="Live updates from the master">{connection === 'open' ? 'live' : connection === 'connecting' ? 'connecting…' : 'offline: reconnecting'}</span>
      </nav>
      <main>
        {route.screen === 'jobs' && <JobsScreen />}
        {route.screen === 'job' && <JobScreen key={route.jobId} jobId={route.jobId} find={route.find} at={route.at} />}
        {route.screen === 'resolve' && <NeedsResolveScreen />}
        {route.screen === 'agents' && <AgentsScreen />}
        {route.screen === 'history' && <HistoryScreen />}
        {route.screen === 'settings' && <SettingsScreen />}
      </main>
    </div>
  );
}

/** Browsers ask for notification permission only after a click. */
function NotificationSwitch() {
  const [permission, setPermission] = useState(typeof Notification === 'undefined' ? 'denied' : Notification.permission);
  if (permission !== 'default') return null;
  return <button type="button" onClick={() => void Notification.requestPermission().then(setPermission)}>Enable notifications</button>;
}
