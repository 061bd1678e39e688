// Agents: status, host, version, labels, load and running commands, from their heartbeats.
import { useMemo } from 'react';
import { useActions, useApp } from '../app-context.tsx';
import { ago, bytes } from '../format.ts';
import { useNow } from '../use-now.ts';

export function AgentsScreen() {
  const agents = useApp((s) => s.agents);
  const error = useApp((s) => s.agentsError);
  const { decideAgent } = useActions();
  const now = useNow();
  const list = useMemo(() => Object.values(agents).sort((a, b) => a.agent_id.localeCompare(b.agent_id)), [agents]);
  return (
    <section className="screen" aria-labelledby="agents-title">
      <header className="screen-head"><h1 id="agents-title">Agents</h1></header>
      {error && <p className="error">Cannot load agents: {error}</p>}
      {list.length === 0 ? <p className="empty">No agent has connected yet. Start one with <code>node dist/agent.cjs --master HOST:9090 --agent-id NAME</code>.</p> : (
        <table className="table">
          <thead><tr><th>Agent</th><th>Status</th><th>Host</th><th>Version</th><th>Platform</th><th>Labels</th><th>Load (1/5/15 min)</th><th>Memory free</th><th>Running</th><th>Last heartbeat</th><th>Enrolment</th></tr></thead>
          <tbody>
            {list.map((a) => (
              <tr key={a.agent_id} data-agent-id={a.agent_id}>
                <td className="mono">{a.agent_id}</td>
                <td><span className={`badge agent-${a.status}`}>{a.status}</span></td>
                <td>{a.hostname}</td>
                <td>{a.version}</td>
                <td>{a.platform}/{a.arch}</td>
                <td>{a.labels.length ? a.labels.map((l) => <span key={l} className="badge label">{l}</span>) : <span className="muted">none</span>}</td>
                <td>{a.load ? a.load.load.map((n) => n.toFixed(2)).join(' / ') : '—'}</td>
                <td>{a.load ? `${bytes(a.load.mem_free)} of ${bytes(a.load.mem_total)}` : '—'}</td>
                <td>{a.running}</td>
                <td>{ago(a.last_heartbeat, now)}</td>
                <td>
                  <span className={`badge enrolment-${a.enrolment}`} title={a.key_fingerprint ? `key SHA-256 ${a.key_fingerprint}` : undefined}>{a.enrolment}</span>
                  {a.enrolment === 'denied' && a.denied_fingerprint && <div className="muted small mono">other key: {a.denied_fingerprint}</div>}
                  {(a.enrolment === 'pending' || a.enrolment === 'denied') && (
                    <div className="row">
                      <button type="button" onClick={() => void decideAgent(a.agent_id, true)}>Accept</button>
                      <button type="button" className="danger" onClick={() => void decideAgent(a.agent_id, false)}>Reject</button>
                    </div>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
