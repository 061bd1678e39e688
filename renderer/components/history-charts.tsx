// History in pictures, from the jobs the API returned: how long jobs took and how they ended,
// over time and per branch spec, and what blocked them most often (conflicting files, causes).
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import { stripAnsi } from '../log/ansi.ts';
import type { JobSummary } from '../store/jobs-slice.ts';

const PALETTE = ['#2f6fde', '#1f8a4c', '#b7791f', '#8e44ad', '#16a2b8', '#d35400'];
const OUTCOME_COLOUR: Record<string, string> = { done: '#1f8a4c', error: '#c9302c', cancelled: '#8792a2' };
const TOP = 6;
const DAY = 86_400;

export function HistoryCharts({ jobs }: { jobs: JobSummary[] }) {
  const ended = jobs.filter((j) => j.ended_at && j.started_at);
  if (ended.length === 0) return null;
  return (
    <div className="history-charts">
      <figure className="card chart">
        <figcaption>Job duration by branch spec or stream (minutes)</figcaption>
        <Plot {...durationChart(ended)} />
      </figure>
      <figure className="card chart">
        <figcaption>Outcomes per day</figcaption>
        <Plot {...outcomeChart(ended)} />
      </figure>
      <figure className="card chart">
        <figcaption>Most frequent blockers</figcaption>
        <Ranking title="Conflicting files" rows={count(jobs.flatMap((j) => j.conflicts.map((c) => c.file)))} empty="No conflicts." />
        <Ranking title="Causes of failed jobs" rows={count(jobs.filter((j) => j.status === 'error' && j.error).map((j) => cause(j)))} empty="No failed job." />
      </figure>
    </div>
  );
}

function Plot({ options, data }: { options: Omit<uPlot.Options, 'width' | 'height'>; data: uPlot.AlignedData }) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = host.current!;
    const plot = new uPlot({ ...options, width: el.clientWidth, height: 200 }, data, el);
    const observer = new ResizeObserver(() => plot.setSize({ width: el.clientWidth, height: 200 }));
    observer.observe(el);
    return () => {
      observer.disconnect();
      plot.destroy();
    };
  }, [options, data]);
  return <div className="plot" ref={host} />;
}

const axisStyle = { stroke: 'currentColor', grid: { stroke: '#8792a233', width: 1 }, ticks: { stroke: '#8792a244', width: 1 } };

/** One point series per branch spec (the most frequent ones), x = when the job started. */
function durationChart(jobs: JobSummary[]) {
  const specs = count(jobs.map((j) => j.spec.branch_spec)).slice(0, TOP).map(([name]) => name);
  const sorted = [...jobs].sort((a, b) => Date.parse(a.started_at!) - Date.parse(b.started_at!));
  const xs = sorted.map((j) => Date.parse(j.started_at!) / 1000);
  const series = specs.map((spec) => sorted.map((j) => (j.spec.branch_spec === spec ? (Date.parse(j.ended_at!) - Date.parse(j.started_at!)) / 60_000 : null)));
  const options: Omit<uPlot.Options, 'width' | 'height'> = {
    series: [{}, ...specs.map((spec, i) => ({ label: spec, stroke: PALETTE[i % PALETTE.length], width: 0, points: { show: true, size: 7, fill: PALETTE[i % PALETTE.length] }, value: (_u: uPlot, v: number | null) => (v === null ? '—' : `${v.toFixed(1)} min`) }))],
    axes: [axisStyle, { ...axisStyle, size: 56 }],
    scales: { x: { time: true, auto: false, range: padded(xs, 3600) } },
    cursor: { points: { size: 9 } },
  };
  return { options, data: [xs, ...series] as uPlot.AlignedData };
}

/** Jobs ended per day, by outcome, as stacked bars (each bar drawn as the sum up to its outcome). */
function outcomeChart(jobs: JobSummary[]) {
  const outcomes = ['done', 'error', 'cancelled'] as const;
  const days = new Map<number, Record<string, number>>();
  for (const j of jobs) {
    const day = Math.floor(Date.parse(j.ended_at!) / 1000 / DAY) * DAY;
    const row = days.get(day) ?? { done: 0, error: 0, cancelled: 0 };
    row[j.status] = (row[j.status] ?? 0) + 1;
    days.set(day, row);
  }
  const xs = [...days.keys()].sort((a, b) => a - b);
  const raw = outcomes.map((o) => xs.map((x) => days.get(x)![o] ?? 0));
  const stacked = raw.map((_, k) => xs.map((_x, i) => raw.slice(0, k + 1).reduce((sum, r) => sum + r[i]!, 0)));
  const bars = uPlot.paths.bars!({ size: [0.6, 40] });
  // The tallest (all outcomes) first, so each shorter sum is drawn over it.
  const order = [2, 1, 0] as const;
  const options: Omit<uPlot.Options, 'width' | 'height'> = {
    series: [{}, ...order.map((k) => ({ label: outcomes[k], fill: OUTCOME_COLOUR[outcomes[k]], stroke: OUTCOME_COLOUR[outcomes[k]], paths: bars, points: { show: false }, value: (_u: uPlot, _v: number | null, _s: number, i: number | null) => (i === null ? '—' : String(raw[k]![i] ?? 0)) }))],
    axes: [axisStyle, { ...axisStyle, size: 44 }],
    scales: { x: { time: true, auto: false, range: padded(xs, DAY) } },
  };
  return { options, data: [xs, ...order.map((k) => stacked[k]!)] as uPlot.AlignedData };
}

/** The x range of the data with room on both sides (a single point would span years otherwise). */
function padded(xs: number[], pad: number): uPlot.Range.MinMax {
  const min = Math.min(...xs);
  const max = Math.max(...xs);
  const room = Math.max(pad, (max - min) * 0.05);
  return [min - room, max + room];
}

/**
 * What a failed job died of: the error's first clause (what follows "; " says what was left
 * behind), numbers and paths blurred so alike errors count together.
 */
function cause(job: JobSummary): string {
  const text = stripAnsi(job.error ?? '').split(/\n|; /)[0]!.replace(/\/\/[^\s]+|\/[^\s]+/g, '…').replace(/\d+/g, 'N').trim();
  return `${job.stage === 'ERROR' ? '' : `${job.stage}: `}${text.length > 90 ? `${text.slice(0, 90)}…` : text}`;
}

function count(values: string[]): [string, number][] {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1]);
}

function Ranking({ title, rows, empty }: { title: string; rows: [string, number][]; empty: string }) {
  const top = rows.slice(0, TOP);
  const max = top[0]?.[1] ?? 1;
  return (
    <div className="ranking">
      <h3>{title}</h3>
      {top.length === 0 ? <p className="muted small">{empty}</p> : (
        <ol>
          {top.map(([name, n]) => (
            <li key={name} title={name}>
              <span className="rank-bar" style={{ width: `${(n / max) * 100}%` }} />
              <span className="rank-name mono">{name}</span>
              <span className="rank-count">{n}</span>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
