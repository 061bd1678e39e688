// The job's stage runs in order: command, exit code, duration, one-line summary, decision, and
// one xterm pane per command (opened on demand; the live one opens by itself).
import { useEffect, useState } from 'react';
import type { JobDto, StageRunDto } from '../../preload/api.ts';
import { useApi } from '../app-context.tsx';
import { clock, duration } from '../format.ts';
import { OutputPane } from '../terminal/output-pane.tsx';
import { useNow } from '../use-now.ts';

const isLive = (job: JobDto) => ['queued', 'running', 'needs_resolve'].includes(job.status);

export function StageTimeline({ job, find }: { job: JobDto; find?: string }) {
  const api = useApi();
  const now = useNow();
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const running = job.stages.findLast((s) => s.cmd_id && s.ended_at === null)?.cmd_id ?? null;

  // The running command's pane opens by itself, so output shows as it happens. It stays open
  // when the job moves on (closing a pane someone is reading would be worse than a long page).
  useEffect(() => {
    if (running && isLive(job)) setOpen((o) => (o.has(running) ? o : new Set(o).add(running)));
  }, [running]); // eslint-disable-line react-hooks/exhaustive-deps

  const toggle = (cmdId: string) => setOpen((o) => {
    const next = new Set(o);
    if (!next.delete(cmdId)) next.add(cmdId);
    return next;
  });

  if (job.stages.length === 0) return <p className="empty">No stage has run yet{job.waiting_for ? `: ${job.waiting_for}` : '.'}</p>;
  return (
    <ol className="timeline">
      {job.stages.map((run, i) => (
        <li key={`${i}-${run.cmd_id ?? ''}`} className={`stage-run purpose-${run.purpose}${run.ended_at ? '' : ' running'}`} data-stage={run.stage} data-cmd-id={run.cmd_id ?? ''}>
          <div className="stage-head">
            <span className="stage-name mono">{run.stage}{run.attempt > 1 ? ` #${run.attempt}` : ''}</span>
            {run.purpose !== 'stage' && <span className="badge">{run.purpose}</span>}
            <ExitCode run={run} />
            <span className="muted">{clock(run.started_at)} · {duration(run.started_at, run.ended_at, now)}</span>
            <span className="spacer" />
            {run.cmd_id && (
              <button type="button" className="pane-toggle" aria-expanded={open.has(run.cmd_id)} onClick={() => toggle(run.cmd_id!)}>
                {open.has(run.cmd_id) ? 'Hide output' : 'Show output'}
              </button>
            )}
          </div>
          <code className="stage-command">{run.command}</code>
          {run.summary && <div className="stage-summary">{run.summary}</div>}
          {run.decision && <div className="muted small">→ {run.next_stage ?? ''} {run.decision}</div>}
          {run.cmd_id && open.has(run.cmd_id) && <OutputPane api={api} cmdId={run.cmd_id} initialQuery={find} />}
        </li>
      ))}
    </ol>
  );
}

function ExitCode({ run }: { run: StageRunDto }) {
  if (run.ended_at === null) return <span className="badge status-running">running</span>;
  if (run.exit_code === null) return <span className="badge status-error">no exit code</span>;
  return <span className={`badge ${run.exit_code === 0 ? 'status-done' : 'status-error'}`}>exit {run.exit_code}</span>;
}
