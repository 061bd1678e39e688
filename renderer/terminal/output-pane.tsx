// One xterm pane for one command: live while it runs, replayed from the store after. Output
// reaches xterm only through the feed → decoder → batcher chain, never through React state.
import { FitAddon } from '@xterm/addon-fit';
import { SearchAddon } from '@xterm/addon-search';
import { Terminal } from '@xterm/xterm';
import { useEffect, useRef, useState } from 'react';
import type { MasterApi, StreamName } from '../../preload/api.ts';
import { errorText } from '../api/api-call-error.ts';
import { OutputFeed } from './output-feed.ts';
import { STDERR_END, STDERR_START, TERMINAL_OPTIONS } from './terminal-theme.ts';
import { WriteBatcher } from './write-batcher.ts';

const RESIZE_DEBOUNCE_MS = 100;

interface Props {
  api: MasterApi;
  cmdId: string;
  /** Pre-filled search (e.g. the History's output search). */
  initialQuery?: string;
}

export function OutputPane({ api, cmdId, initialQuery = '' }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const terminal = useRef<Terminal | null>(null);
  const search = useRef<SearchAddon | null>(null);
  const [query, setQuery] = useState(initialQuery);
  const [found, setFound] = useState<boolean | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);

  useEffect(() => {
    const term = new Terminal(TERMINAL_OPTIONS);
    const fit = new FitAddon();
    const finder = new SearchAddon();
    term.loadAddon(fit);
    term.loadAddon(finder);
    term.open(host.current!);
    fit.fit();
    terminal.current = term;
    search.current = finder;

    // data-shown: bytes on screen, set whenever xterm has caught up with everything received
    // (how tests, and curious users in devtools, see progress).
    const pane = host.current!.parentElement!;
    let shown = 0;
    const batcher: WriteBatcher = new WriteBatcher({
      write: (data, parsed) => term.write(data, () => {
        parsed();
        if (batcher.backlog === 0) pane.dataset.shown = String(shown);
      }),
    });
    const decoders: Record<StreamName, TextDecoder> = { stdout: new TextDecoder(), stderr: new TextDecoder() };
    const feed = new OutputFeed(api, cmdId, {
      hasRoom: () => batcher.hasRoom(),
      push: (stream, data) => {
        shown += data.length;
        const text = decoders[stream].decode(data, { stream: true });
        batcher.push(stream === 'stderr' && text ? STDERR_START + text + STDERR_END : text);
      },
    });
    batcher.onDrain = () => feed.resume();
    feed.onError = (err) => setError(errorText(err));
    feed.start();

    let resizeTimer: ReturnType<typeof setTimeout> | undefined;
    const observer = new ResizeObserver(() => {
      clearTimeout(resizeTimer);
      resizeTimer = setTimeout(() => fit.fit(), RESIZE_DEBOUNCE_MS);
    });
    observer.observe(host.current!);
    return () => {
      clearTimeout(resizeTimer);
      observer.disconnect();
      feed.dispose();
      batcher.dispose();
      term.dispose();
      terminal.current = null;
      search.current = null;
    };
  }, [api, cmdId]);

  const find = (backwards = false) => {
    if (!search.current || !query) return setFound(null);
    setFound(backwards ? search.current.findPrevious(query) : search.current.findNext(query));
  };

  const copy = async () => {
    const term = terminal.current;
    if (!term) return;
    const text = term.hasSelection() ? term.getSelection() : bufferText(term);
    await navigator.clipboard.writeText(text);
    setCopied(true);
    setTimeout(() => setCopied(false), 1500);
  };

  return (
    <div className="pane" data-cmd-id={cmdId}>
      <div className="pane-tools">
        <input
          className="pane-search"
          type="search"
          placeholder="Find in output"
          aria-label="Find in output"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          onKeyDown={(e) => e.key === 'Enter' && find(e.shiftKey)}
        />
        <button type="button" onClick={() => find(true)} title="Previous match">↑</button>
        <button type="button" onClick={() => find()} title="Next match">↓</button>
        {found === false && <span className="pane-note">not found</span>}
        <span className="spacer" />
        {error && <span className="pane-error">output: {error}</span>}
        <button type="button" onClick={() => void copy()}>{copied ? 'Copied' : 'Copy'}</button>
      </div>
      <div className="pane-terminal" ref={host} />
    </div>
  );
}

function bufferText(term: Terminal): string {
  const buffer = term.buffer.active;
  const lines: string[] = [];
  for (let i = 0; i < buffer.length; i++) lines.push(buffer.getLine(i)?.translateToString(true) ?? '');
  return lines.join('\n').replace(/\n+$/, '\n');
}
