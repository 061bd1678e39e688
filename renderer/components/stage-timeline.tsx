// The job's stage runs as collapsible sections, in order: the running one is open and the page
// follows it (until the user scrolls the page), finished ones close, the one the job failed at
// opens at its error output. Watcher checks and probes fold into the section of their stage.
import { useEffect, useRef, useState } from 'react';
import type { JobDto, StageRunDto } from '../../preload/api.ts';
import { useApi, useDownloadUrl } from '../app-context.tsx';
import { duration } from '../format.ts';
import { stripAnsi } from '../log/ansi.ts';
import { LogPane } from '../log/log-pane.tsx';
import { lineHash, type LineRef } from '../store/ui-slice.ts';
import { useNow } from '../use-now.ts';
import { LocalTime } from './local-time.tsx';

const isLive = (job: JobDto) => ['queued', 'running', 'needs_resolve', 'blocked'].includes(job.status);

/** A stage run with the checks and probes made for it; `index` is 1-based in job.stages. */
export interface StageGroup {
  run: StageRunDto;
  index: number;
  extras: { run: StageRunDto; index: number }[];
}

export function groupStages(stages: StageRunDto[]): StageGroup[] {
  const groups: StageGroup[] = [];
  stages.forEach((run, i) => {
    // A resolve taken from the app, and a chain's listing of its changes, stand on their own line.
    const home = run.purpose === 'stage' || run.purpose === 'action' || run.purpose === 'plan' ? undefined : groups.findLast((g) => g.run.stage === run.stage && g.run.purpose !== 'action');
    if (home) home.extras.push({ run, index: i + 1 });
    else groups.push({ run, index: i + 1, extras: [] });
  });
  return groups;
}

export function runFailed(run: StageRunDto): boolean {
  return run.ended_at !== null && run.exit_code !== 0;
}

/** The group the job failed at: the last one, when the job ended in error. */
function failedGroup(job: JobDto, groups: StageGroup[]): number | null {
  if (job.status !== 'error') return null;
  return groups.findLast((g) => runFailed(g.run))?.index ?? groups.at(-1)?.index ?? null;
}

interface Props {
  job: JobDto;
  find?: string;
  at?: LineRef;
  /** The page scrolls to the running stage while true. */
  follow: boolean;
}

export function StageTimeline({ job, find, at, follow }: Props) {
  const now = useNow();
  const groups = groupStages(job.stages);
  const running = isLive(job) ? groups.findLast((g) => g.run.ended_at === null || g.extras.some((e) => e.run.ended_at === null))?.index ?? null : null;
  const failed = failedGroup(job, groups);
  /** What the user opened or closed by hand; everything else follows the job. */
  const [chosen, setChosen] = useState<ReadonlyMap<number, boolean>>(new Map());
  const refs = useRef(new Map<number, HTMLLIElement>());
  const hit = useFindHit(job, find);
  const target = at ?? hit ?? undefined;
  const linked = target ? groups.find((g) => g.index === target.run || g.extras.some((e) => e.index === target.run))?.index : undefined;

  const isOpen = (g: StageGroup) => chosen.get(g.index) ?? (g.index === running || g.index === failed || g.index === linked);

  useEffect(() => {
    if (running === null || !follow) return;
    refs.current.get(running)?.scrollIntoView({ block: 'start', behavior: 'smooth' });
  }, [running, follow]);

  useEffect(() => {
    if (linked !== undefined) refs.current.get(linked)?.scrollIntoView({ block: 'start' });
  }, [linked]);

  if (job.stages.length === 0) return <p className="empty">No stage has run yet{job.waiting_for ? `: ${job.waiting_for}` : '.'}</p>;
  const toggle = (g: StageGroup) => setChosen((m) => new Map(m).set(g.index, !isOpen(g)));
  return (
    <ol className="timeline">
      {groups.map((g) => {
        const open = isOpen(g);
        const { run } = g;
        return (
          <li
            key={g.index}
            ref={(el) => void (el ? refs.current.set(g.index, el) : refs.current.delete(g.index))}
            id={`stage-${g.index}`}
            className={`stage-run purpose-${run.purpose}${run.ended_at ? '' : ' running'}${runFailed(run) ? ' failed' : ''}${open ? ' open' : ''}`}
            data-stage={run.stage}
            data-cmd-id={run.cmd_id ?? ''}
            data-holds={[run, ...g.extras.map((e) => e.run)].map((r) => r.cmd_id ?? '').join(' ')}
          >
            <button type="button" className="stage-head pane-toggle" aria-expanded={open} onClick={() => toggle(g)}>
              <span className="chevron" aria-hidden>{open ? '▾' : '▸'}</span>
              <span className="stage-name mono">{run.stage}{run.attempt > 1 ? ` #${run.attempt}` : ''}</span>
              {(run.purpose === 'action' || run.purpose === 'plan') && <span className="badge purpose-badge">{run.purpose === 'action' ? 'resolve from the app' : 'list changes'}</span>}
              <Outcome run={run} />
              {g.extras.length > 0 && <span className="badge">{g.extras.length} {g.extras.every((e) => e.run.purpose === 'check') ? 'check' : 'probe'}{g.extras.length === 1 ? '' : 's'}</span>}
              {/* The run the job failed at: its error is the job's Error above, said once. */}
              {run.summary && !(g.index === failed && job.error) && <span className="stage-summary ellipsis">{stripAnsi(run.summary)}</span>}
              <span className="spacer" />
              <span className="muted stage-time"><LocalTime iso={run.started_at} /> · {duration(run.started_at, run.ended_at, now)}</span>
            </button>
            {open && <StageBody job={job} group={g} find={find} at={target} now={now} />}
          </li>
        );
      })}
    </ol>
  );
}

/**
 * With a text to find (History's output search), the first stage run whose output holds it,
 * asked of the master stream by stream; that section opens at the match.
 */
function useFindHit(job: JobDto, find: string | undefined): LineRef | null {
  const api = useApi();
  const [hit, setHit] = useState<LineRef | null>(null);
  const runs = job.stages.map((s, i) => ({ cmdId: s.cmd_id, run: i + 1 })).filter((r) => r.cmdId);
  const key = runs.map((r) => r.cmdId).join(' ');
  useEffect(() => {
    if (!find) return;
    let live = true;
    void (async () => {
      for (const { cmdId, run } of runs) {
        for (const stream of ['stdout', 'stderr'] as const) {
          const found = await api.commands.search(cmdId!, stream, find, 1).catch(() => null);
          if (!live) return;
          if (found && found.count > 0) return setHit({ run, stream, line: 0 });
        }
      }
    })();
    return () => {
      live = false;
    };
  }, [find, key]); // eslint-disable-line react-hooks/exhaustive-deps
  return find ? hit : null;
}

function StageBody({ job, group, find, at, now }: { job: JobDto; group: StageGroup; find?: string; at?: LineRef; now: number }) {
  const api = useApi();
  const downloadUrl = useDownloadUrl();
  const [openExtras, setOpenExtras] = useState<ReadonlySet<number>>(new Set(at && group.extras.some((e) => e.index === at.run) ? [at.run] : []));
  const { run } = group;
  const pane = (r: StageRunDto, index: number) => r.cmd_id && (
    <LogPane
      api={api}
      cmdId={r.cmd_id}
      linkBase={lineHash(job.job_id, { run: index, stream: 'stdout', line: 0 })}
      at={at && at.run === index ? at : undefined}
      query={find}
      preferErrors={runFailed(r)}
      downloadUrl={downloadUrl ? (stream) => downloadUrl(r.cmd_id!, stream) : null}
    />
  );
  return (
    <div className="stage-body">
      <code className="stage-command">{run.command}</code>
      {run.decision && !saidAbove(run.decision, [run.summary, job.error]) && <div className="muted small stage-decision">→ {run.next_stage ?? ''} {stripAnsi(run.decision)}</div>}
      {pane(run, group.index)}
      {group.extras.length > 0 && (
        <ol className="extras">
          {group.extras.map(({ run: e, index }) => (
            <li key={index} className={`stage-run purpose-${e.purpose}${e.ended_at ? '' : ' running'}`} data-stage={e.stage} data-cmd-id={e.cmd_id ?? ''}>
              <button type="button" className="stage-head pane-toggle" aria-expanded={openExtras.has(index)} onClick={() => setOpenExtras((s) => {
                const next = new Set(s);
                if (!next.delete(index)) next.add(index);
                return next;
              })}>
                <span className="chevron" aria-hidden>{openExtras.has(index) ? '▾' : '▸'}</span>
                <span className="badge">{e.purpose}</span>
                <span className="stage-name mono">{e.stage}{e.attempt > 1 ? ` #${e.attempt}` : ''}</span>
                <Outcome run={e} />
                {e.summary && <span className="stage-summary ellipsis">{e.summary}</span>}
                <span className="spacer" />
                <span className="muted stage-time"><LocalTime iso={e.started_at} /> · {duration(e.started_at, e.ended_at, now)}</span>
              </button>
              {openExtras.has(index) && <div className="stage-body"><code className="stage-command">{e.command}</code>{pane(e, index)}</div>}
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}

/** True when `text` (ANSI aside) is already part of one of these, so it need not be said again. */
function saidAbove(text: string, shown: (string | null)[]): boolean {
  const plain = stripAnsi(text).trim();
  return shown.some((s) => s !== null && stripAnsi(s).includes(plain));
}

function Outcome({ run }: { run: StageRunDto }) {
  if (run.ended_at === null) return <span className="badge status-running">running</span>;
  if (run.exit_code === null) return <span className="badge status-error">no exit code</span>;
  return <span className={`badge ${run.exit_code === 0 ? 'status-done' : 'status-error'}`}>exit {run.exit_code}</span>;
}
