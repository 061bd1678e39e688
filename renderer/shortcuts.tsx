// Keyboard shortcuts: "/" search, j/k move through the rows of a list (Enter opens), g + a
// letter goes to a screen, "?" lists them. Keys typed into a field are left alone.
import { useEffect, useState } from 'react';
import { navigate, type Route } from './store/ui-slice.ts';

const SCREENS: Record<string, { route: Route; label: string }> = {
  j: { route: { screen: 'jobs' }, label: 'Jobs' },
  r: { route: { screen: 'resolve' }, label: 'Needs resolve' },
  a: { route: { screen: 'agents' }, label: 'Agents' },
  c: { route: { screen: 'commands' }, label: 'Commands' },
  h: { route: { screen: 'history' }, label: 'History' },
  s: { route: { screen: 'settings' }, label: 'Settings' },
};

export const SHORTCUTS: [string, string][] = [
  ['/', 'Search (the output search on a job page)'],
  ['j / k', 'Next / previous row of the list'],
  ['Enter', 'Open the selected row'],
  ...Object.entries(SCREENS).map(([key, { label }]): [string, string] => [`g ${key}`, `Go to ${label}`]),
  ['?', 'Show this list'],
  ['Esc', 'Close it'],
];

function typing(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el && (el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName));
}

function moveSelection(delta: number): void {
  const rows = Array.from(document.querySelectorAll<HTMLElement>('main tr.row-link'));
  if (rows.length === 0) return;
  const current = rows.findIndex((r) => r.classList.contains('kbd-selected'));
  const next = rows[Math.min(rows.length - 1, Math.max(0, current === -1 ? 0 : current + delta))]!;
  rows[current]?.classList.remove('kbd-selected');
  next.classList.add('kbd-selected');
  next.scrollIntoView({ block: 'nearest' });
}

export function useShortcuts(): { help: boolean; closeHelp: () => void; toggleHelp: () => void } {
  const [help, setHelp] = useState(false);
  useEffect(() => {
    let pendingG = false;
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      if (e.key === 'Escape') return setHelp(false);
      if (typing(e.target)) return;
      if (pendingG) {
        pendingG = false;
        const target = SCREENS[e.key];
        if (target) {
          e.preventDefault();
          navigate(target.route);
        }
        return;
      }
      switch (e.key) {
        case 'g':
          pendingG = true;
          return;
        case '/': {
          const field = document.querySelector<HTMLInputElement>('main .stage-run.open .pane-search, main .command-detail .pane-search, main input[type=search]');
          if (field) {
            e.preventDefault();
            field.focus();
          }
          return;
        }
        case 'j':
        case 'k':
          e.preventDefault();
          return moveSelection(e.key === 'j' ? 1 : -1);
        case 'Enter':
          // Enter on a focused button or link is that control's own.
          if (!(e.target as HTMLElement | null)?.closest?.('button, a')) document.querySelector<HTMLElement>('main tr.kbd-selected')?.click();
          return;
        case '?':
          return setHelp((h) => !h);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  return { help, closeHelp: () => setHelp(false), toggleHelp: () => setHelp((h) => !h) };
}

export function ShortcutHelp({ onClose }: { onClose: () => void }) {
  return (
    <div className="shortcut-help" role="dialog" aria-label="Keyboard shortcuts" onClick={onClose}>
      <div className="card" onClick={(e) => e.stopPropagation()}>
        <h2>Keyboard shortcuts</h2>
        <table className="table">
          <tbody>{SHORTCUTS.map(([k, what]) => <tr key={k}><td><kbd>{k}</kbd></td><td>{what}</td></tr>)}</tbody>
        </table>
      </div>
    </div>
  );
}
