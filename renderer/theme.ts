// Light or dark: follows the system unless the user chose one (kept in this browser).
export type ThemeChoice = 'system' | 'light' | 'dark';

const KEY = 'p4i.theme';
const DARK = '(prefers-color-scheme: dark)';

export function themeChoice(): ThemeChoice {
  const saved = localStorage.getItem(KEY);
  return saved === 'light' || saved === 'dark' ? saved : 'system';
}

/** Applies the saved choice now and whenever the system's preference changes. */
export function startTheme(): void {
  apply(themeChoice());
  matchMedia(DARK).addEventListener('change', () => apply(themeChoice()));
}

export function setThemeChoice(choice: ThemeChoice): void {
  if (choice === 'system') localStorage.removeItem(KEY);
  else localStorage.setItem(KEY, choice);
  apply(choice);
}

function apply(choice: ThemeChoice): void {
  const dark = choice === 'dark' || (choice === 'system' && matchMedia(DARK).matches);
  document.documentElement.dataset.theme = dark ? 'dark' : 'light';
}
