// Colours and limits shared by every pane.
import type { ITerminalOptions } from '@xterm/xterm';

/** Lines a pane keeps; older output stays in the store (History, search, REST). */
export const SCROLLBACK_LINES = 10_000;

export const TERMINAL_OPTIONS: ITerminalOptions = {
  scrollback: SCROLLBACK_LINES,
  convertEol: true,
  disableStdin: true,
  cursorBlink: false,
  cursorStyle: 'bar',
  cursorInactiveStyle: 'none',
  fontSize: 12,
  fontFamily: 'ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace',
  theme: { background: '#11151c', foreground: '#d8dee9', selectionBackground: '#3b4b63', red: '#ff6b6b' },
};

/** stderr is shown in red; SGR 39 restores the default colour afterwards. */
export const STDERR_START = '\u001b[31m';
export const STDERR_END = '\u001b[39m';
