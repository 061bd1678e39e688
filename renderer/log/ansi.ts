// ANSI text for the screen: SGR colour and weight become styled spans, every other escape
// sequence (cursor moves, titles) is dropped, and a carriage return keeps only what was
// printed after it, as a terminal would show a progress line.

/** SGR state: foreground and background as CSS classes or rgb(), bold, dim, italic, underline. */
export interface SgrState {
  fg: string | null;
  bg: string | null;
  bold: boolean;
  dim: boolean;
  italic: boolean;
  underline: boolean;
}

export interface Span {
  text: string;
  /** CSS classes ("fg-1 bold"), or "" for plain text. */
  className: string;
  /** Inline colours for 256-colour and true-colour codes. */
  style?: { color?: string; backgroundColor?: string };
}

export const PLAIN: SgrState = Object.freeze({ fg: null, bg: null, bold: false, dim: false, italic: false, underline: false });

// ESC [ params final, ESC ] ... BEL/ST, or a lone two-character escape.
const ESCAPE = /\u001b(?:\[([0-9;:?]*)([@-~])|\][^\u0007\u001b]*(?:\u0007|\u001b\\)|[@-Z\\-_])/g;

/** The visible text of a line, escapes removed. */
export function stripAnsi(text: string): string {
  return lastOverwrite(text).replace(ESCAPE, '');
}

/** Splits a line into styled spans, starting from `state`; also returns the state at its end. */
export function ansiSpans(line: string, state: SgrState = PLAIN): { spans: Span[]; end: SgrState } {
  const text = lastOverwrite(line);
  const spans: Span[] = [];
  let current = state;
  let at = 0;
  const emit = (piece: string) => {
    if (piece) spans.push(spanOf(piece, current));
  };
  if (!text.includes('\u001b')) return { spans: text ? [spanOf(text, current)] : [], end: current };
  ESCAPE.lastIndex = 0;
  for (let m = ESCAPE.exec(text); m; m = ESCAPE.exec(text)) {
    emit(text.slice(at, m.index));
    at = m.index + m[0].length;
    if (m[2] === 'm') current = applySgr(current, m[1] ?? '');
  }
  emit(text.slice(at));
  return { spans, end: current };
}

/** The SGR state after a line, without building spans (cheap when the line has no escape). */
export function stateAfter(line: string, state: SgrState): SgrState {
  if (!line.includes('\u001b')) return state;
  let current = state;
  ESCAPE.lastIndex = 0;
  for (let m = ESCAPE.exec(line); m; m = ESCAPE.exec(line)) if (m[2] === 'm') current = applySgr(current, m[1] ?? '');
  return current;
}

export function isPlain(state: SgrState): boolean {
  return state === PLAIN || (!state.fg && !state.bg && !state.bold && !state.dim && !state.italic && !state.underline);
}

function lastOverwrite(line: string): string {
  const cr = line.lastIndexOf('\r', line.length - 2);
  const text = line.endsWith('\r') ? line.slice(0, -1) : line;
  return cr === -1 ? text : text.slice(cr + 1);
}

function spanOf(text: string, s: SgrState): Span {
  const classes: string[] = [];
  const style: Span['style'] = {};
  if (s.fg?.startsWith('fg-')) classes.push(s.fg);
  else if (s.fg) style.color = s.fg;
  if (s.bg?.startsWith('bg-')) classes.push(s.bg);
  else if (s.bg) style.backgroundColor = s.bg;
  if (s.bold) classes.push('bold');
  if (s.dim) classes.push('dim');
  if (s.italic) classes.push('italic');
  if (s.underline) classes.push('underline');
  return style.color || style.backgroundColor ? { text, className: classes.join(' '), style } : { text, className: classes.join(' ') };
}

function applySgr(state: SgrState, params: string): SgrState {
  const codes = params === '' ? [0] : params.split(/[;:]/).map((p) => (p === '' ? 0 : Number(p)));
  const s = { ...state };
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i]!;
    if (c === 0) Object.assign(s, PLAIN);
    else if (c === 1) s.bold = true;
    else if (c === 2) s.dim = true;
    else if (c === 3) s.italic = true;
    else if (c === 4) s.underline = true;
    else if (c === 22) s.bold = s.dim = false;
    else if (c === 23) s.italic = false;
    else if (c === 24) s.underline = false;
    else if (c >= 30 && c <= 37) s.fg = `fg-${c - 30}`;
    else if (c >= 90 && c <= 97) s.fg = `fg-${c - 90 + 8}`;
    else if (c === 39) s.fg = null;
    else if (c >= 40 && c <= 47) s.bg = `bg-${c - 40}`;
    else if (c >= 100 && c <= 107) s.bg = `bg-${c - 100 + 8}`;
    else if (c === 49) s.bg = null;
    else if (c === 38 || c === 48) {
      const { colour, used } = extendedColour(codes, i + 1);
      i += used;
      const value = typeof colour === 'number' ? `${c === 38 ? 'fg' : 'bg'}-${colour}` : colour;
      if (c === 38) s.fg = value;
      else s.bg = value;
    }
  }
  return s;
}

/** 38;5;n (256 colours: the first 16 are the palette's, as a number) and 38;2;r;g;b (true colour). */
function extendedColour(codes: number[], at: number): { colour: string | number | null; used: number } {
  if (codes[at] === 5) {
    const n = codes[at + 1] ?? 0;
    if (n < 16) return { colour: n, used: 2 };
    if (n < 232) {
      const v = (k: number) => (k === 0 ? 0 : 55 + k * 40);
      const i = n - 16;
      return { colour: `rgb(${v(Math.floor(i / 36))}, ${v(Math.floor(i / 6) % 6)}, ${v(i % 6)})`, used: 2 };
    }
    const g = 8 + (n - 232) * 10;
    return { colour: `rgb(${g}, ${g}, ${g})`, used: 2 };
  }
  if (codes[at] === 2) return { colour: `rgb(${codes[at + 1] ?? 0}, ${codes[at + 2] ?? 0}, ${codes[at + 3] ?? 0})`, used: 4 };
  return { colour: null, used: 0 };
}
