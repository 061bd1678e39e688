// A job in NEEDS_RESOLVE: per conflicting file what p4 said (chunks), who made the source change
// and who last changed the target, a lock holder, the commands to paste on the agent's host
// (with Copy), and the three actions (each confirmed with what it throws away); Continue
// (checks now) with its answer, and when the watcher last checked by itself.
import type { AgentDto, ConflictDto, JobDto, ResolveAction } from '../../preload/api.ts';
import { useActions, useApp } from '../app-context.tsx';
import { ago, clock } from '../format.ts';
import { useNow } from '../use-now.ts';
import type { JobSummary } from '../store/jobs-slice.ts';

const REASON: Record<string, string> = {
  conflict: 'content conflict',
  binary: 'binary file',
  'non-content': 'non-content (type, move or delete)',
  locked: 'locked by another client',
};

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/** A host name as DNS spells it: the agent reports its own, so nothing else goes into a line to paste. */
const HOST_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9.-]{0,252})$/;

/** `ssh HOST` when the agent runs on another machine than the master (by its address when its name is odd). */
function sshLine(agent: AgentDto | undefined): string | null {
  if (!agent || !agent.remote_ip || LOOPBACK.has(agent.remote_ip)) return null;
  return `ssh ${HOST_NAME.test(agent.hostname) ? agent.hostname : agent.remote_ip}`;
}

const change = (c: { change: number; user: string; description: string }): string => `change ${c.change} by ${c.user} (“${c.description.split('\n')[0]}”)`;

/** What each action keeps and what it throws away, for its confirmation. */
export function confirmText(c: ConflictDto, action: ResolveAction): string {
  const source = c.source ? ` — ${change(c.source)}` : '';
  const target = c.target_last ? ` — last ${change(c.target_last)}` : '';
  if (action === 'theirs') return `Take theirs for ${c.depot_file}?\n\nThe source version replaces the file. LOST: the target's own changes to this file${target}.`;
  if (action === 'yours') return `Keep yours for ${c.depot_file}?\n\nThe target stays as it is and the file counts as integrated. LOST: the source's changes to this file${source}.`;
  return `Accept the merge for ${c.depot_file}?\n\nBoth sides' changes are combined as p4 merged them (${c.chunks ? `${c.chunks.theirs} theirs, ${c.chunks.yours} yours, ${c.chunks.both} both` : 'no chunk counts'}). LOST: nothing of either side; edits of the workspace file that p4 did not merge are replaced.`;
}

/** Why `merged` cannot be offered for this file, or null. */
function mergedRefusal(c: ConflictDto): string | null {
  if (c.reason === 'binary') return 'binary files cannot be merged: take theirs or keep yours';
  if ((c.chunks?.conflicting ?? 0) > 0) return `${c.chunks!.conflicting} conflicting chunk(s) left: edit the file and keep yours, or take theirs`;
  return null;
}

function Copy({ text }: { text: string }) {
  return <button type="button" className="copy" title="Copy to the clipboard" onClick={() => void navigator.clipboard?.writeText(text)}>Copy</button>;
}

function ConflictCard({ job, conflict: c, ssh }: { job: JobSummary | JobDto; conflict: ConflictDto; ssh: string | null }) {
  const busy = useApp((s) => Boolean(s.busy[job.job_id]));
  const { resolveConflict } = useActions();
  const act = (action: ResolveAction) => confirm(confirmText(c, action)) && void resolveConflict(job.job_id, c.file, action);
  const refusal = mergedRefusal(c);
  const commands: [string, string][] = [['merge', c.commands.resolve], ['take theirs', c.commands.accept_theirs], ['keep yours', c.commands.accept_yours]];
  return (
    <li className="conflict-row" data-file={c.file}>
      <div className="conflict-head">
        <span className="mono depot-file">{c.depot_file}</span> <span className="badge">{REASON[c.reason] ?? c.reason}</span>
        {c.chunks && (
          <span className="chunks muted">
            {c.chunks.conflicting} conflicting · {c.chunks.theirs} theirs · {c.chunks.yours} yours · {c.chunks.both} both
          </span>
        )}
      </div>
      <div className="muted small mono">{c.file}</div>
      <dl className="conflict-facts">
        {c.source && <><dt>Source</dt><dd className="source">{c.source.depot_file}#{c.source.rev}, {change(c.source)}</dd></>}
        {c.target_last && <><dt>Target last</dt><dd className="target-last">{change(c.target_last)}</dd></>}
        {c.locked_by && <><dt>Locked by</dt><dd className="locked-by">{c.locked_by}</dd></>}
      </dl>
      <div className="conflict-commands">
        {ssh && <div className="command-line"><code className="copyable">{ssh}</code><Copy text={ssh} /></div>}
        {commands.map(([label, line]) => (
          <div key={label} className="command-line"><span className="muted small">{label}</span><code className="copyable">{line}</code><Copy text={line} /></div>
        ))}
      </div>
      {c.reason !== 'locked' && (
        <div className="row conflict-actions">
          <button type="button" disabled={busy} onClick={() => act('theirs')}>Take theirs</button>
          <button type="button" disabled={busy} onClick={() => act('yours')}>Keep yours</button>
          <button type="button" disabled={busy || refusal !== null} title={refusal ?? 'p4 resolve -am'} onClick={() => act('merged')}>Accept merged</button>
          {refusal && <span className="muted small">{refusal}</span>}
        </div>
      )}
    </li>
  );
}

export function ConflictPanel({ job }: { job: JobSummary | JobDto }) {
  const answer = useApp((s) => s.continueAnswers[job.job_id]);
  const resolved = useApp((s) => s.resolveAnswers[job.job_id]);
  const busy = useApp((s) => Boolean(s.busy[job.job_id]));
  const error = useApp((s) => s.actionErrors[job.job_id]);
  const agent = useApp((s) => (job.agent_id ? s.agents[job.agent_id] : undefined));
  const { continueJob } = useActions();
  const now = useNow();
  const ssh = sshLine(agent);
  return (
    <div className="conflicts" data-job-id={job.job_id}>
      <p>
        {job.conflicts.length} file{job.conflicts.length === 1 ? '' : 's'} to resolve in change <b>{job.changelist}</b>, workspace <code>{job.spec.workspace}</code> on{' '}
        <b>{agent?.hostname ?? job.agent_id}</b>. Resolve here or in a terminal: the job goes on by itself once nothing is left.
      </p>
      <ul className="conflict-list">
        {job.conflicts.map((c) => <ConflictCard key={c.file} job={job} conflict={c} ssh={ssh} />)}
      </ul>
      <div className="row">
        <button type="button" className="primary" disabled={busy} onClick={() => void continueJob(job.job_id)}>{busy ? 'Working…' : 'Continue'}</button>
        <span className="muted last-check">Last check: {job.last_check_at ? `${clock(job.last_check_at)} (${ago(job.last_check_at, now)})` : 'not yet'}</span>
      </div>
      {error && <p className="error" role="alert">{error}</p>}
      {resolved && <p className="resolve-answer mono small" role="status">{resolved}</p>}
      {answer && (
        <div className="continue-answer" role="status">
          {answer.conflicts_resolved
            ? 'All conflicts are resolved: the job goes on.'
            : `Not yet: ${answer.remaining_conflicts} conflict${answer.remaining_conflicts === 1 ? '' : 's'} remaining (checked ${clock(answer.at)}).`}
          {answer.conflict_files.length > 0 && (
            <ul>{answer.conflict_files.map((c) => <li key={c.file} className="mono">{c.file} — {REASON[c.reason] ?? c.reason}</li>)}</ul>
          )}
        </div>
      )}
    </div>
  );
}
