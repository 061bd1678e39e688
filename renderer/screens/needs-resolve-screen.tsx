// Every job waiting for the user, with its conflicts and how to resolve them.
import { useMemo } from 'react';
import { useApp } from '../app-context.tsx';
import { ConflictPanel } from '../components/conflict-panel.tsx';

export function NeedsResolveScreen() {
  const jobs = useApp((s) => s.jobs);
  const waiting = useMemo(() => Object.values(jobs).filter((j) => j.status === 'needs_resolve').sort((a, b) => a.created_at.localeCompare(b.created_at)), [jobs]);
  return (
    <section className="screen" aria-labelledby="resolve-title">
      <header className="screen-head"><h1 id="resolve-title">Needs resolve</h1></header>
      {waiting.length === 0 && <p className="empty">No job needs you right now.</p>}
      {waiting.map((j) => (
        <article key={j.job_id} className="card">
          <h2>
            <a href={`#/jobs/${encodeURIComponent(j.job_id)}`} className="mono">{j.job_id}</a> · <span className="mono">{j.spec.branch_spec}</span>
          </h2>
          <ConflictPanel job={j} />
        </article>
      ))}
    </section>
  );
}
