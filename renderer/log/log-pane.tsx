// A stage run's output: a tab per stream (with its size), the time column's mode, raw
// downloads, and the LogView of the chosen stream.
import { useEffect, useState } from 'react';
import type { ClientApi, CommandDto, StreamName } from '../../preload/api.ts';
import { errorText } from '../api/api-call-error.ts';
import { bytes } from '../format.ts';
import { LogView, type TimeMode } from './log-view.tsx';

const TIME_KEY = 'p4i.logTimes';
const TIME_MODES: TimeMode[] = ['clock', 'elapsed', 'off'];
const TIME_LABEL: Record<TimeMode, string> = { clock: 'Time: clock', elapsed: 'Time: elapsed', off: 'Time: off' };

interface Props {
  api: ClientApi;
  cmdId: string;
  /** Hash of this output without the stream, e.g. "#/jobs/ID/stage/3". */
  linkBase: string;
  /** The stream and line a link asked for. */
  at?: { stream: StreamName; line: number };
  query?: string;
  /** Open on stderr when it has output (a failed run). */
  preferErrors?: boolean;
  /** A single-use URL the browser may download raw output from (null in the desktop window). */
  downloadUrl: ((stream: StreamName) => Promise<string>) | null;
  /** The command as the caller already has it (else it is read first). */
  known?: CommandDto;
}

export function LogPane({ api, cmdId, linkBase, at, query, preferErrors = false, downloadUrl, known }: Props) {
  const [command, setCommand] = useState<CommandDto | null>(known ?? null);
  const [chosen, setChosen] = useState<StreamName | null>(at?.stream ?? null);
  const [downloadError, setDownloadError] = useState<string | null>(null);
  const [times, setTimes] = useState<TimeMode>(() => (TIME_MODES.find((m) => m === localStorage.getItem(TIME_KEY)) ?? 'clock'));

  useEffect(() => {
    let live = true;
    if (!known) void api.commands.get(cmdId).then((c) => live && setCommand(c), () => undefined);
    const off = api.onEvent((e) => {
      if (e.type === 'command' && e.command.cmd_id === cmdId) setCommand(e.command);
    });
    return () => {
      live = false;
      off();
    };
  }, [api, cmdId]); // eslint-disable-line react-hooks/exhaustive-deps

  useEffect(() => {
    if (at) setChosen(at.stream);
  }, [at?.stream, at?.line]); // eslint-disable-line react-hooks/exhaustive-deps

  const stream: StreamName = chosen ?? (command && command.stderr_bytes > 0 && (preferErrors || command.stdout_bytes === 0) ? 'stderr' : 'stdout');
  const nextTimes = () => {
    const mode = TIME_MODES[(TIME_MODES.indexOf(times) + 1) % TIME_MODES.length]!;
    localStorage.setItem(TIME_KEY, mode);
    setTimes(mode);
  };
  const download = async (url: (stream: StreamName) => Promise<string>) => {
    setDownloadError(null);
    try {
      // A link made for this one click: its URL is good for one download only.
      const link = document.createElement('a');
      link.href = await url(stream);
      link.download = '';
      document.body.append(link);
      link.click();
      link.remove();
    } catch (err) {
      setDownloadError(errorText(err));
    }
  };
  const size = (s: StreamName) => (command ? (s === 'stdout' ? command.stdout_bytes : command.stderr_bytes) : 0);
  return (
    <div className="pane" data-cmd-id={cmdId}>
      <div className="pane-head" role="tablist" aria-label="Output streams">
        {(['stdout', 'stderr'] as const).map((s) => (
          <button key={s} type="button" role="tab" aria-selected={stream === s} className={`stream-tab${stream === s ? ' active' : ''}`} onClick={() => setChosen(s)}>
            {s} <span className="muted">{bytes(size(s))}</span>
          </button>
        ))}
        <span className="spacer" />
        <button type="button" className="time-mode" onClick={nextTimes} title="Per-line time: clock, elapsed since the start, or hidden">{TIME_LABEL[times]}</button>
        {downloadError && <span className="pane-error">download: {downloadError}</span>}
        {downloadUrl && <button type="button" className="download" onClick={() => void download(downloadUrl)}>Download {stream}</button>}
      </div>
      {command && (
        <LogView
          key={stream}
          api={api}
          cmdId={cmdId}
          stream={stream}
          linkBase={`${linkBase}${stream === 'stderr' ? '/stderr' : ''}`}
          line={at && at.stream === stream && at.line > 0 ? at.line : undefined}
          query={query}
          times={times}
          startedAt={command.started_at ? Date.parse(command.started_at) : null}
          stored={size(stream)}
          height={420}
        />
      )}
    </div>
  );
}
