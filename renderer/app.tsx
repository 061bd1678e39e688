// The page: navigation, connection state, and the current screen.
import { useApp } from './app-context.tsx';
import { HealthBanner } from './components/health-banner.tsx';
import { selectNeedsResolve } from './store/jobs-slice.ts';
import { routeHash, type Route } from './store/ui-slice.ts';
import { AgentsScreen } from './screens/agents-screen.tsx';
import { CommandsScreen } from './screens/commands-screen.tsx';
import { HistoryScreen } from './screens/history-screen.tsx';
import { JobScreen } from './screens/job-screen.tsx';
import { JobsScreen } from './screens/jobs-screen.tsx';
import { NeedsResolveScreen } from './screens/needs-resolve-screen.tsx';
import { SettingsScreen } from './screens/settings-screen.tsx';
import { useState } from 'react';
import { ShortcutHelp, useShortcuts } from './shortcuts.tsx';
import { setThemeChoice, themeChoice, type ThemeChoice } from './theme.ts';

const NAV: { route: Route; label: string }[] = [
  { route: { screen: 'jobs' }, label: 'Jobs' },
  { route: { screen: 'resolve' }, label: 'Needs resolve' },
  { route: { screen: 'agents' }, label: 'Agents' },
  { route: { screen: 'commands' }, label: 'Commands' },
  { route: { screen: 'history' }, label: 'History' },
  { route: { screen: 'settings' }, label: 'Settings' },
];

export function App({ browserNotifications }: { browserNotifications: boolean }) {
  const route = useApp((s) => s.route);
  const connection = useApp((s) => s.connection);
  const waiting = useApp(selectNeedsResolve);
  const current = route.screen === 'job' ? 'jobs' : route.screen;
  const { help, closeHelp, toggleHelp } = useShortcuts();
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
        <ThemeSwitch />
        <button type="button" className="help-button" title="Keyboard shortcuts (?)" aria-label="Keyboard shortcuts" onClick={toggleHelp}>?</button>
        <span className={`link link-${connection}`} title="Live updates from the master">{connection === 'open' ? 'live' : connection === 'connecting' ? 'connecting…' : 'offline: reconnecting'}</span>
      </nav>
      <HealthBanner />
      <main>
        {route.screen === 'jobs' && <JobsScreen />}
        {route.screen === 'job' && <JobScreen key={route.jobId} jobId={route.jobId} find={route.find} at={route.at} />}
        {route.screen === 'resolve' && <NeedsResolveScreen />}
        {route.screen === 'agents' && <AgentsScreen />}
        {route.screen === 'history' && <HistoryScreen />}
        {route.screen === 'settings' && <SettingsScreen />}
        {route.screen === 'commands' && <CommandsScreen cmdId={route.cmdId} at={route.at} />}
      </main>
      {help && <ShortcutHelp onClose={closeHelp} />}
    </div>
  );
}

const THEME_LABEL: Record<ThemeChoice, string> = { system: 'Theme: system', light: 'Theme: light', dark: 'Theme: dark' };
const THEME_NEXT: Record<ThemeChoice, ThemeChoice> = { system: 'light', light: 'dark', dark: 'system' };

function ThemeSwitch() {
  const [choice, setChoice] = useState(themeChoice);
  return (
    <button type="button" className="theme-switch" title="Light, dark, or as the system is" onClick={() => {
      const next = THEME_NEXT[choice];
      setThemeChoice(next);
      setChoice(next);
    }}>{THEME_LABEL[choice]}</button>
  );
}

/** Browsers ask for notification permission only after a click. */
function NotificationSwitch() {
  const [permission, setPermission] = useState(typeof Notification === 'undefined' ? 'denied' : Notification.permission);
  if (permission !== 'default') return null;
  return <button type="button" onClick={() => void Notification.requestPermission().then(setPermission)}>Enable notifications</button>;
}
