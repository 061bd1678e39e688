// One stream of one command as numbered lines: live while it runs, the end of what is stored
// when it has ended (earlier parts on demand), ANSI colours, per-line times, links to a line,
// and a search over the whole stored stream on the master. Only the rows in view are drawn,
// and output reaches the screen at most once per frame, never through React state per chunk.
import { useEffect, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import type { ClientApi, OutputSearchResult, StreamName } from '../../preload/api.ts';
import { errorText } from '../api/api-call-error.ts';
import { bytes } from '../format.ts';
import { ansiSpans, stripAnsi } from './ansi.ts';
import { LogFeed } from './log-feed.ts';

export const LINE_HEIGHT = 18;
const OVERSCAN = 10;
/** Redraws at most this often: a fast stream does not need 60 frames a second of new rows. */
const REDRAW_MS = 100;
const SCROLLBAR_ROOM = 16;

export type TimeMode = 'clock' | 'elapsed' | 'off';

interface Props {
  api: ClientApi;
  cmdId: string;
  stream: StreamName;
  /** Hash of this output; a line's link adds "/L<n>". */
  linkBase: string;
  /** A line to open at and highlight (from a link). */
  line?: number;
  /** A search to run on open (e.g. from History). */
  query?: string;
  times: TimeMode;
  /** Start of the command (ms), for elapsed times. */
  startedAt: number | null;
  /** Bytes of the stream stored when the caller read the command. */
  stored: number;
  /** Height of the scroll box in px. */
  height: number;
}

export function LogView({ api, cmdId, stream, linkBase, line, query: initialQuery = '', times, startedAt, stored, height }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const feedRef = useRef<LogFeed | null>(null);
  const [, setVersion] = useState(0);
  const [scrollTop, setScrollTop] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [focus, setFocus] = useState<number | null>(line ?? null);
  const [query, setQuery] = useState(initialQuery);
  const [matchCase, setMatchCase] = useState(false);
  const [result, setResult] = useState<(OutputSearchResult & { text: string; matchCase: boolean; index: number }) | null>(null);
  const [searching, setSearching] = useState(false);
  const [copied, setCopied] = useState(false);
  /** Rows to keep in place after earlier lines were put above them. */
  const anchor = useRef<{ first: number; top: number } | null>(null);
  const scrollTo = useRef<number | null>(null);
  const lastBottom = useRef(-1);

  useEffect(() => {
    const feed = new LogFeed(api, cmdId, stream);
    feedRef.current = feed;
    let frame = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let last = 0;
    const draw = () => {
      frame = 0;
      timer = undefined;
      last = performance.now();
      setVersion((v) => v + 1);
    };
    feed.onChange = () => {
      if (frame || timer) return;
      const wait = last + REDRAW_MS - performance.now();
      if (wait <= 0) frame = requestAnimationFrame(draw);
      else timer = setTimeout(() => (frame = requestAnimationFrame(draw)), wait);
    };
    feed.onError = (err) => setError(errorText(err));
    const opening = line ? api.commands.lineOffset(cmdId, stream, line).then(({ offset }) => offset, () => undefined) : Promise.resolve(undefined);
    void opening.then((offset) => {
      if (line && offset !== undefined) {
        feed.following = false;
        scrollTo.current = line;
      }
      return feed.open(offset, stored);
    }).catch((err: unknown) => setError(errorText(err)));
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
      feed.dispose();
      feedRef.current = null;
    };
  }, [api, cmdId, stream]); // eslint-disable-line react-hooks/exhaustive-deps

  // A new link to a line of this output: show it, loading its part when it is not held.
  useEffect(() => {
    if (!line || line === focus) return;
    setFocus(line);
    void jumpTo(line, null);
  }, [line]); // eslint-disable-line react-hooks/exhaustive-deps

  useEffect(() => {
    if (initialQuery) void search(initialQuery);
  }, []); // eslint-disable-line react-hooks/exhaustive-deps

  const feed = feedRef.current;
  const buffer = feed?.buffer;
  const count = buffer?.count ?? 0;
  // Heights known without asking the layout; the rows leave room for a horizontal scrollbar.
  const rowsHeight = count * LINE_HEIGHT + SCROLLBAR_ROOM;
  const boxHeight = Math.min(height, Math.max(rowsHeight, LINE_HEIGHT + SCROLLBAR_ROOM));

  useLayoutEffect(() => {
    const el = box.current;
    if (!el || !buffer) return;
    if (anchor.current) {
      el.scrollTop = anchor.current.top + (anchor.current.first - buffer.first) * LINE_HEIGHT;
      anchor.current = null;
      // Read back (the box may have clamped it, firing no scroll event): the rows follow it.
      setScrollTop(el.scrollTop);
    } else if (scrollTo.current !== null && buffer.count > 0 && scrollTo.current >= buffer.first && scrollTo.current <= buffer.last) {
      el.scrollTop = Math.max(0, (scrollTo.current - buffer.first) * LINE_HEIGHT - height / 3);
      scrollTo.current = null;
      setScrollTop(el.scrollTop);
    } else if (feed.following) {
      // Set, never read: reading the scroll position would force a layout on every frame.
      const bottom = Math.max(0, rowsHeight - boxHeight);
      if (lastBottom.current !== bottom) {
        lastBottom.current = bottom;
        el.scrollTop = bottom;
      }
    }
  });

  const onScroll = () => {
    const el = box.current!;
    // The scroll this view made to follow the output: nothing to draw again.
    if (feed?.following && el.scrollTop === lastBottom.current) return;
    setScrollTop(el.scrollTop);
    // From the heights we set, not scrollHeight: reading that would force another layout.
    if (feed) feed.following = feed.atEnd && el.scrollTop >= rowsHeight - boxHeight - LINE_HEIGHT - SCROLLBAR_ROOM;
  };

  async function jumpTo(target: number, offset: number | null): Promise<void> {
    const f = feedRef.current;
    if (!f) return;
    f.following = false;
    scrollTo.current = target;
    if (f.buffer.count > 0 && target >= f.buffer.first && target <= f.buffer.last) return setVersion((v) => v + 1);
    const at = offset ?? (await api.commands.lineOffset(cmdId, stream, target).then((r) => r.offset, (err: unknown) => (setError(errorText(err)), null)));
    if (at !== null) await f.openAt(Math.max(0, at - 64 * 1024));
  }

  async function search(text: string, exact = matchCase): Promise<void> {
    if (!text) return setResult(null);
    setSearching(true);
    try {
      const found = await api.commands.search(cmdId, stream, text, 1000, exact);
      setResult({ ...found, text, matchCase: exact, index: 0 });
      const first = found.matches[0];
      if (first) {
        setFocus(first.line);
        await jumpTo(first.line, first.offset);
      }
    } catch (err) {
      setError(errorText(err));
    } finally {
      setSearching(false);
    }
  }

  const step = (delta: number) => {
    if (!result || result.matches.length === 0) return;
    const index = (result.index + delta + result.matches.length) % result.matches.length;
    const match = result.matches[index]!;
    setResult({ ...result, index });
    setFocus(match.line);
    void jumpTo(match.line, match.offset);
  };

  const current = result !== null && result.text === query && result.matchCase === matchCase;
  const onSearchKey = (e: React.KeyboardEvent) => {
    if (e.key !== 'Enter') return;
    if (current) step(e.shiftKey ? -1 : 1);
    else void search(query);
  };
  const toggleCase = () => {
    setMatchCase(!matchCase);
    if (result) void search(query, !matchCase);
  };

  const loadEarlier = () => {
    if (!feed || !buffer) return;
    anchor.current = { first: buffer.first, top: box.current?.scrollTop ?? 0 };
    feed.following = false;
    void feed.loadEarlier();
  };

  const copy = async () => {
    if (!buffer) return;
    const selection = document.getSelection()?.toString();
    const text = selection || Array.from({ length: buffer.count }, (_, i) => stripAnsi(buffer.text(buffer.first + i))).join('\n') + (buffer.open ? '' : '\n');
    await navigator.clipboard.writeText(text);
    setCopied(true);
    setTimeout(() => setCopied(false), 1500);
  };

  // While following, the rows drawn are those at the bottom, where the box is about to scroll.
  const top = feed?.following && !anchor.current && scrollTo.current === null ? Math.max(0, rowsHeight - boxHeight) : scrollTop;
  const from = Math.max(0, Math.floor(top / LINE_HEIGHT) - OVERSCAN);
  const to = Math.min(count, Math.ceil((top + height) / LINE_HEIGHT) + OVERSCAN);
  const rows: ReactNode[] = [];
  const mark = result ? { text: result.text, matchCase: result.matchCase } : null;
  for (let i = from; i < to && buffer; i++) {
    const n = buffer.first + i;
    const at = times === 'off' ? null : buffer.time(n);
    rows.push(
      // Keyed by slot, not line: scrolling reuses the row elements instead of replacing them.
      <div key={i % (to - from + 1)} className={`log-row${n === focus ? ' focused' : ''}`} style={{ top: i * LINE_HEIGHT }} data-line={n}>
        <a className="log-ln" href={`${linkBase}/L${n}`} onClick={() => void copyLink(`${linkBase}/L${n}`)} title="Link to this line (copied)">{n}</a>
        {times !== 'off' && <span className="log-time" title={at === null ? 'no time stored' : new Date(at).toISOString()}>{at === null ? '' : times === 'clock' ? clockTime(at) : elapsed(at, startedAt)}</span>}
        <span className="log-text">{lineContent(buffer.text(n), buffer.state(n), mark)}</span>
      </div>,
    );
  }
  const hidden = buffer && buffer.startOffset > 0;
  const later = feed && !feed.atEnd;
  return (
    <div className="log" data-stream={stream} data-shown={buffer?.endOffset ?? 0} data-start={buffer?.startOffset ?? 0} data-first-line={buffer?.first ?? 1}>
      <div className="pane-tools">
        <input className="pane-search" type="search" placeholder={`Search all of ${stream}`} aria-label="Search the whole output" value={query} onChange={(e) => setQuery(e.target.value)} onKeyDown={onSearchKey} />
        <button type="button" onClick={() => step(-1)} title="Previous match (Shift+Enter)" disabled={!result?.count}>↑</button>
        <button type="button" onClick={() => (current ? step(1) : void search(query))} title="Next match (Enter)">↓</button>
        <button type="button" className="match-case" aria-pressed={matchCase} onClick={toggleCase} title={matchCase ? 'Matching case: click to ignore it' : 'Ignoring case: click to match it'}>Aa</button>
        <span className="pane-note search-count" role="status">{searching ? 'searching…' : result ? matchText(result) : ''}</span>
        <span className="spacer" />
        {error && <span className="pane-error">output: {error}</span>}
        <button type="button" onClick={() => void copy()} title="Copy the selection, or every line loaded">{copied ? 'Copied' : 'Copy'}</button>
      </div>
      {hidden && (
        <div className="log-more log-earlier">
          {buffer.first > 1 ? `Lines 1–${buffer.first - 1}` : 'Earlier output'} ({bytes(buffer.startOffset)}) not loaded.{' '}
          <button type="button" onClick={loadEarlier}>Load earlier</button>
        </div>
      )}
      <div className="log-box" ref={box} style={{ height: boxHeight }} onScroll={onScroll}>
        <div className="log-rows" style={{ height: rowsHeight }}>{rows}</div>
        {count === 0 && <div className="log-empty">{feed ? (buffer && buffer.endOffset === 0 && feed.known === 0 ? 'No output.' : 'Loading…') : 'Loading…'}</div>}
      </div>
      {later && (
        <div className="log-more log-later">
          {bytes(feed.known - buffer!.endOffset)} more after line {buffer!.last}.{' '}
          <button type="button" onClick={() => void feed.loadLater()}>Load later</button>{' '}
          <button type="button" onClick={() => void feed.openAtEnd()}>Jump to the end</button>
        </div>
      )}
    </div>
  );
}

function matchText(r: OutputSearchResult & { index: number }): string {
  if (r.count === 0) return 'not found';
  const listed = r.matches.length < r.count ? ` (first ${r.matches.length} listed)` : '';
  return `${r.index + 1} of ${r.count}${listed}`;
}

interface Mark {
  text: string;
  matchCase: boolean;
}

function lineContent(text: string, state: ReturnType<LogFeed['buffer']['state']>, mark: Mark | null): ReactNode[] {
  const { spans } = ansiSpans(text, state);
  return spans.map((s, i) => (
    <span key={i} className={s.className || undefined} style={s.style}>{mark ? highlight(s.text, mark) : s.text}</span>
  ));
}

/** The matches in `text` marked, in either case unless the search matched case (as the master does: ASCII letters). */
function highlight(text: string, mark: Mark): ReactNode {
  const hay = mark.matchCase ? text : asciiLower(text);
  const needle = mark.matchCase ? mark.text : asciiLower(mark.text);
  if (!hay.includes(needle)) return text;
  const out: ReactNode[] = [];
  let at = 0;
  for (let p = hay.indexOf(needle); p !== -1; p = hay.indexOf(needle, p + needle.length)) {
    out.push(text.slice(at, p), <mark key={p}>{text.slice(p, p + needle.length)}</mark>);
    at = p + needle.length;
  }
  out.push(text.slice(at));
  return out;
}

function asciiLower(text: string): string {
  return text.replace(/[A-Z]+/g, (s) => s.toLowerCase());
}

const CLOCK = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
const clockCache = new Map<number, string>();

/** Formatting is slow and rows share few distinct seconds: each second is formatted once. */
function clockTime(ms: number): string {
  const second = Math.floor(ms / 1000);
  let text = clockCache.get(second);
  if (text === undefined) {
    if (clockCache.size > 10_000) clockCache.clear();
    text = CLOCK.format(ms);
    clockCache.set(second, text);
  }
  return text;
}

function elapsed(ms: number, startedAt: number | null): string {
  if (startedAt === null) return '';
  const s = Math.max(0, Math.round((ms - startedAt) / 1000));
  return `+${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

async function copyLink(hash: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(`${location.origin}${location.pathname}${hash}`);
  } catch {
    // No clipboard permission: the link is still in the address bar.
  }
}
