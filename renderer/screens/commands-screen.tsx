// Commands: every command the master has sent (job stages and ad-hoc `POST /api/commands`),
// newest first, filtered by state and agent; one opens with its live output and a Kill button.
import { useEffect, useState } from 'react';
import type { CommandDto, CommandQuery, CommandState } from '../../preload/api.ts';
import { errorText } from '../api/api-call-error.ts';
import { useApi, useDownloadUrl } from '../app-context.tsx';
import { LocalTime } from '../components/local-time.tsx';
import { bytes, duration } from '../format.ts';
import { LogPane } from '../log/log-pane.tsx';
import type { LineRef } from '../store/ui-slice.ts';
import { useNow } from '../use-now.ts';

const PAGE = 100;
const STATES: CommandState[] = ['queued', 'running', 'exited', 'failed_to_start', 'killed', 'timed_out', 'lost'];
const LIVE: ReadonlySet<CommandState> = new Set(['queued', 'running']);

export function commandLine(c: CommandDto): string {
  return Array.isArray(c.command) ? c.command.join(' ') : c.command;
}

export function CommandsScreen({ cmdId, at }: { cmdId?: string; at?: LineRef }) {
  const api = useApi();
  const now = useNow();
  const [filter, setFilter] = useState<{ state: CommandState | ''; agent_id: string }>({ state: '', agent_id: '' });
  const [list, setList] = useState<CommandDto[]>([]);
  const [more, setMore] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const load = async (older = false) => {
    const query: CommandQuery = { limit: PAGE };
    if (filter.state) query.state = filter.state;
    if (filter.agent_id.trim()) query.agent_id = filter.agent_id.trim();
    if (older && list.length) query.before = list.at(-1)!.created_at;
    try {
      const page = await api.commands.list(query);
      setList((l) => (older ? [...l, ...page] : page));
      setMore(page.length === PAGE);
      setError(null);
    } catch (err) {
      setError(errorText(err));
    }
  };

  useEffect(() => {
    void load();
  }, [filter]); // eslint-disable-line react-hooks/exhaustive-deps

  // Live: a command's new state replaces its row; a new command comes first.
  useEffect(() => api.onEvent((e) => {
    if (e.type !== 'command') return;
    setList((l) => (l.some((c) => c.cmd_id === e.command.cmd_id) ? l.map((c) => (c.cmd_id === e.command.cmd_id ? e.command : c)) : [e.command, ...l]));
  }), [api]);

  const selected = cmdId ? list.find((c) => c.cmd_id === cmdId) : undefined;
  return (
    <section className="screen" aria-labelledby="commands-title">
      <header className="screen-head">
        <h1 id="commands-title">Commands</h1>
        <div className="filters">
          <select aria-label="State" value={filter.state} onChange={(e) => setFilter({ ...filter, state: e.target.value as CommandState | '' })}>
            <option value="">All states</option>
            {STATES.map((s) => <option key={s} value={s}>{s.replaceAll('_', ' ')}</option>)}
          </select>
          <input type="search" aria-label="Agent" placeholder="Agent id" value={filter.agent_id} onChange={(e) => setFilter({ ...filter, agent_id: e.target.value })} />
        </div>
      </header>
      {error && <p className="error" role="alert">{error}</p>}
      {cmdId && <CommandDetail key={cmdId} cmdId={cmdId} known={selected} at={at} />}
      {list.length === 0 ? <p className="empty">No command{filter.state || filter.agent_id ? ' matches' : ' yet'}.</p> : (
        <table className="table commands-table">
          <thead><tr><th>Command</th><th>State</th><th>Agent</th><th className="num">Exit</th><th className="num">Output</th><th>Created</th><th>Duration</th></tr></thead>
          <tbody>
            {list.map((c) => (
              <tr key={c.cmd_id} className={`row-link${c.cmd_id === cmdId ? ' selected' : ''}`} data-cmd-id={c.cmd_id} onClick={() => (location.hash = `#/commands/${encodeURIComponent(c.cmd_id)}`)}>
                <td className="mono ellipsis wide" title={commandLine(c)}>{commandLine(c)}</td>
                <td><span className={`badge command-${c.state}`}>{c.state.replaceAll('_', ' ')}</span></td>
                <td>{c.agent_id}</td>
                <td className="num mono">{c.exit_code ?? c.signal ?? '—'}</td>
                <td className="num nowrap">{bytes(c.stdout_bytes + c.stderr_bytes)}</td>
                <td className="nowrap"><LocalTime iso={c.created_at} /></td>
                <td className="nowrap">{duration(c.started_at, c.ended_at, now)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {more && <button type="button" onClick={() => void load(true)}>Load older commands</button>}
    </section>
  );
}

function CommandDetail({ cmdId, known, at }: { cmdId: string; known?: CommandDto; at?: LineRef }) {
  const api = useApi();
  const downloadUrl = useDownloadUrl();
  const [command, setCommand] = useState<CommandDto | null>(known ?? null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    void api.commands.get(cmdId).then(setCommand, (err: unknown) => setError(errorText(err)));
    return api.onEvent((e) => {
      if (e.type === 'command' && e.command.cmd_id === cmdId) setCommand(e.command);
    });
  }, [api, cmdId]);
  if (!command) return <p className={error ? 'error' : 'muted'}>{error ?? 'Loading…'}</p>;
  const kill = async () => {
    try {
      await api.commands.kill(cmdId);
    } catch (err) {
      setError(errorText(err));
    }
  };
  return (
    <div className="card command-detail" data-cmd-id={cmdId} data-state={command.state}>
      <div className="row">
        <code className="stage-command">{commandLine(command)}</code>
        <span className={`badge command-${command.state}`}>{command.state.replaceAll('_', ' ')}</span>
        {command.exit_code !== null && <span className="badge">exit {command.exit_code}</span>}
        {command.reason && <span className="muted small">{command.reason}</span>}
        <span className="spacer" />
        {LIVE.has(command.state) && <button type="button" className="danger" onClick={() => confirm('Kill this command and its process group?') && void kill()}>Kill</button>}
      </div>
      {error && <p className="error" role="alert">{error}</p>}
      <LogPane
        api={api}
        cmdId={cmdId}
        linkBase={`#/commands/${encodeURIComponent(cmdId)}`}
        at={at}
        known={command}
        downloadUrl={downloadUrl ? (stream) => downloadUrl(cmdId, stream) : null}
      />
    </div>
  );
}

