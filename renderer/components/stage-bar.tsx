// The job's stage runs on one time axis, like a CI run graph: each run a block as long as it
// took, waits between runs as gaps, retries and checks marked. A block opens its section.
import type { JobDto } from '../../preload/api.ts';
import { duration } from '../format.ts';
import { runFailed } from './stage-timeline.tsx';

export function StageBar({ job, now }: { job: JobDto; now: number }) {
  if (job.stages.length === 0) return null;
  const start = Date.parse(job.started_at ?? job.stages[0]!.started_at);
  // Steps after the job's end (inspect, clean-up) stay on the axis too.
  const end = Math.max(job.ended_at ? Date.parse(job.ended_at) : now, ...job.stages.map((r) => (r.ended_at ? Date.parse(r.ended_at) : now)));
  const span = Math.max(end - start, 1);
  const pct = (ms: number) => `${Math.min(100, Math.max(0, ((ms - start) / span) * 100)).toFixed(3)}%`;
  return (
    <div className="stage-bar" role="img" aria-label={`Stages over ${duration(job.started_at, job.ended_at, now)}`}>
      {job.stages.map((run, i) => {
        const from = Date.parse(run.started_at);
        const to = run.ended_at ? Date.parse(run.ended_at) : now;
        const state = run.ended_at === null ? 'running' : runFailed(run) ? 'failed' : 'ok';
        const title = `${run.stage}${run.attempt > 1 ? ` (attempt ${run.attempt})` : ''}${run.purpose === 'stage' ? '' : ` ${run.purpose}`}: ${duration(run.started_at, run.ended_at, now)}${run.exit_code !== null ? `, exit ${run.exit_code}` : ''}`;
        return (
          <a
            key={i}
            href={`#stage-${i + 1}`}
            onClick={(e) => {
              e.preventDefault();
              document.getElementById(`stage-${i + 1}`)?.scrollIntoView({ block: 'start' });
            }}
            className={`bar-run bar-${state} bar-${run.purpose}${run.attempt > 1 ? ' bar-retry' : ''}`}
            style={{ left: pct(from), width: `max(3px, calc(${pct(to)} - ${pct(from)}))` }}
            title={title}
            data-stage={run.stage}
          >
            <span>{run.stage}{run.attempt > 1 ? ` #${run.attempt}` : ''}</span>
          </a>
        );
      })}
      <span className="bar-axis bar-axis-start">0 s</span>
      <span className="bar-axis bar-axis-end">{duration(new Date(start).toISOString(), new Date(end).toISOString(), now)}</span>
    </div>
  );
}
