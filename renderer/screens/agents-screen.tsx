// Agents: status, host, version, labels, load and running commands from their heartbeats,
// certificate expiry, enrolment approvals (pending and denied agents with their key
// fingerprints), SSH bootstraps (the Bootstrap dialog, recent attempts, stop and restart).
import { useEffect, useMemo } from 'react';
import type { AgentDto, BootstrapDto } from '../../preload/api.ts';
import { useActions, useApp } from '../app-context.tsx';
import { ago, bytes, clock, duration } from '../format.ts';
import { bootstrappedAgents, TERMINAL_BOOTSTRAP } from '../store/bootstraps-slice.ts';
import { useNow } from '../use-now.ts';
import { BootstrapDialog } from './bootstrap-dialog.tsx';

const DAY_MS = 86_400_000;
/**
 * `agent` events keep the list current (heartbeats, enrolment decisions, and pending or denied
 * connections); while this screen is open the list is also read again this often, a safety net
 * for events lost on the way (e.g. an older master that did not publish pending agents).
 */
const AGENTS_REREAD_MS = 15_000;

export function AgentsScreen() {
  const agents = useApp((s) => s.agents);
  const error = useApp((s) => s.agentsError);
  const bootstraps = useApp((s) => s.bootstraps);
  const bootstrapsError = useApp((s) => s.bootstrapsError);
  const dialog = useApp((s) => s.bootstrapDialog);
  const { openBootstrapDialog, agentOverSsh, loadBootstraps, loadAgents } = useActions();
  const now = useNow();
  useEffect(() => {
    void loadBootstraps();
    void loadAgents();
    const timer = setInterval(() => void loadAgents(), AGENTS_REREAD_MS);
    return () => clearInterval(timer);
  }, [loadBootstraps, loadAgents]);
  const list = useMemo(() => Object.values(agents).sort((a, b) => a.agent_id.localeCompare(b.agent_id)), [agents]);
  const waiting = list.filter((a) => a.enrolment === 'pending' || a.enrolment === 'denied');
  const overSsh = useMemo(() => bootstrappedAgents(bootstraps), [bootstraps]);
  const recent = useMemo(() => Object.values(bootstraps).sort((a, b) => b.created_at.localeCompare(a.created_at)).slice(0, 8), [bootstraps]);
  /** An SSH action in flight per agent (its buttons wait for it). */
  const busy = useMemo(() => new Set(Object.values(bootstraps).filter((b) => !TERMINAL_BOOTSTRAP.has(b.state)).map((b) => b.agent_id)), [bootstraps]);
  return (
    <section className="screen" aria-labelledby="agents-title">
      <header className="screen-head">
        <h1 id="agents-title">Agents</h1>
        <button type="button" className="primary" onClick={() => openBootstrapDialog()}>Bootstrap agent…</button>
      </header>
      {error && <p className="error">Cannot load agents: {error}</p>}
      {bootstrapsError && <p className="error">{bootstrapsError}</p>}
      {waiting.length > 0 && <Approvals agents={waiting} />}
      {list.length === 0 ? (
        <p className="empty">No agent has connected yet. Bootstrap one over SSH, or start one with <code>node dist/agent.cjs --master HOST:9090 --agent-id NAME</code>.</p>
      ) : (
        <table className="table agents">
          <thead><tr><th>Agent</th><th>Status</th><th>Host</th><th>Version</th><th>Platform</th><th>Labels</th><th>Load (1/5/15 min)</th><th>Memory free</th><th>Running</th><th>Last heartbeat</th><th>Certificate</th><th>Enrolment</th><th /></tr></thead>
          <tbody>
            {list.map((a) => (
              <tr key={a.agent_id} data-agent-id={a.agent_id} data-status={a.status}>
                <td className="mono">{a.agent_id}</td>
                <td><span className={`badge agent-${a.status}`}>{a.status}</span></td>
                <td>{a.hostname || '—'}{a.remote_ip && a.remote_ip !== a.hostname && <div className="muted small">{a.remote_ip}</div>}</td>
                <td>{a.version || '—'}</td>
                <td>{a.platform ? `${a.platform}/${a.arch}` : '—'}</td>
                <td className="labels">{a.labels.length ? a.labels.map((l) => <span key={l} className="badge label">{l}</span>) : <span className="muted">none</span>}</td>
                <td>{a.load ? a.load.load.map((n) => n.toFixed(2)).join(' / ') : '—'}</td>
                <td>{a.load ? `${bytes(a.load.mem_free)} of ${bytes(a.load.mem_total)}` : '—'}</td>
                <td>{a.running}</td>
                <td>{ago(a.last_heartbeat, now)}</td>
                <td className="cert"><CertExpiry agent={a} now={now} /></td>
                <td>
                  <span className={`badge enrolment-${a.enrolment}`} title={a.key_fingerprint ? `key SHA-256 ${a.key_fingerprint}` : undefined}>{a.enrolment}</span>
                </td>
                <td className="agent-actions">
                  {overSsh.has(a.agent_id) && (
                    <div className="row">
                      <button type="button" disabled={busy.has(a.agent_id)} onClick={() => void agentOverSsh(a.agent_id, 'restart')}>Restart</button>
                      <button type="button" className="danger" disabled={busy.has(a.agent_id) || a.status === 'offline'} onClick={() => void agentOverSsh(a.agent_id, 'stop')}>Stop</button>
                    </div>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {recent.length > 0 && <RecentBootstraps list={recent} now={now} onOpen={(id) => openBootstrapDialog(id)} />}
      {dialog.open && <BootstrapDialog following={dialog.following} />}
    </section>
  );
}

function CertExpiry({ agent, now }: { agent: AgentDto; now: number }) {
  if (!agent.cert_expires_at) return <span className="muted">none</span>;
  const left = Date.parse(agent.cert_expires_at) - now;
  const days = Math.floor(left / DAY_MS);
  const text = left <= 0 ? 'expired' : days < 1 ? 'expires today' : `${days} day${days === 1 ? '' : 's'} left`;
  return (
    <span className={left <= 0 ? 'error' : days < 7 ? 'warn' : undefined} title={`expires ${clock(agent.cert_expires_at)}`}>
      {text}
      <div className="muted small">{new Date(agent.cert_expires_at).toLocaleDateString()}</div>
    </span>
  );
}

/** Pending agents (a new key) and denied ones (another key presented for a known agent_id). */
function Approvals({ agents }: { agents: AgentDto[] }) {
  const { decideAgent } = useActions();
  return (
    <div className="card approvals" aria-labelledby="approvals-title">
      <h2 id="approvals-title">Waiting for your approval ({agents.length})</h2>
      <p className="muted small">Compare each key fingerprint with the one the agent printed on its host (its log says <code>key SHA-256 …</code>) before accepting.</p>
      {agents.map((a) => (
        <div key={a.agent_id} className={`approval approval-${a.enrolment}`} data-agent-id={a.agent_id}>
          <div className="approval-head">
            <span className="mono approval-id">{a.agent_id}</span>
            <span className={`badge enrolment-${a.enrolment}`}>{a.enrolment === 'pending' ? 'new agent' : 'key mismatch'}</span>
            <span className="muted small">{a.remote_ip ?? a.hostname} · first seen {clock(a.first_seen)} · last seen {clock(a.last_seen)}</span>
          </div>
          {a.enrolment === 'pending' ? (
            <dl className="facts fingerprints">
              <dt>Key SHA-256</dt><dd className="mono fingerprint" data-kind="key">{a.key_fingerprint ?? 'unknown'}</dd>
            </dl>
          ) : (
            <>
              <p className="warn small">Another key was presented for this agent id: someone may be impersonating it, or the agent was reinstalled.</p>
              <dl className="facts fingerprints">
                <dt>Enrolled key</dt><dd className="mono fingerprint" data-kind="key">{a.key_fingerprint ?? 'unknown'}</dd>
                <dt>Presented key</dt><dd className="mono fingerprint" data-kind="denied">{a.denied_fingerprint ?? 'unknown'}</dd>
              </dl>
            </>
          )}
          <div className="row">
            <button type="button" className="primary" onClick={() => void decideAgent(a.agent_id, true)}>Accept</button>
            <button type="button" className="danger" onClick={() => void decideAgent(a.agent_id, false)}>Reject</button>
            <span className="muted small">{a.enrolment === 'pending' ? 'Accept lets this key connect as the agent; Reject keeps it out.' : 'Accept keeps trusting the enrolled key and clears the alert; Reject shuts this agent id out.'}</span>
          </div>
        </div>
      ))}
    </div>
  );
}

const STATE_TEXT: Record<BootstrapDto['state'], string> = {
  running: 'running',
  waiting_input: 'needs an answer',
  needs_host_key: 'host key to approve',
  done: 'done',
  failed: 'failed',
  cancelled: 'cancelled',
};

function RecentBootstraps({ list, now, onOpen }: { list: BootstrapDto[]; now: number; onOpen: (id: string) => void }) {
  return (
    <>
      <h2>Recent bootstraps</h2>
      <table className="table bootstraps">
        <thead><tr><th>Started</th><th>Action</th><th>Agent</th><th>Target</th><th>State</th><th>Duration</th><th /></tr></thead>
        <tbody>
          {list.map((b) => (
            <tr key={b.bootstrap_id} data-bootstrap-id={b.bootstrap_id} data-state={b.state} className="row-link" onClick={() => onOpen(b.bootstrap_id)}>
              <td>{clock(b.created_at)}</td>
              <td>{b.action}</td>
              <td className="mono">{b.agent_id}</td>
              <td className="mono">{b.target ? `${b.target.user}@${b.target.host_name}:${b.target.port}` : b.request.host}</td>
              <td><span className={`badge bootstrap-${b.state}`}>{STATE_TEXT[b.state]}</span>{b.error && <div className="error small ellipsis" title={b.error}>{b.error}</div>}</td>
              <td>{duration(b.created_at, b.ended_at, now)}</td>
              <td><button type="button" onClick={(e) => (e.stopPropagation(), onOpen(b.bootstrap_id))}>{TERMINAL_BOOTSTRAP.has(b.state) ? 'Details' : 'Follow'}</button></td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
