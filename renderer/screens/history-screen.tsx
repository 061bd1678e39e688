// History: every job in the master's database (no agent needed), searched by job fields and
// by the text its commands printed.
import { useEffect } from 'react';
import type { JobStatus } from '../../preload/api.ts';
import { useActions, useApp } from '../app-context.tsx';
import { HistoryCharts } from '../components/history-charts.tsx';
import { JobsTable } from '../components/jobs-table.tsx';
import { STATUS_LABEL } from '../format.ts';

export function HistoryScreen() {
  const query = useApp((s) => s.historyQuery);
  const answered = useApp((s) => s.historyAnswered);
  const results = useApp((s) => s.historyResults);
  const loading = useApp((s) => s.historyLoading);
  const error = useApp((s) => s.historyError);
  const more = useApp((s) => s.historyMore);
  const { setHistoryQuery, searchHistory } = useActions();

  useEffect(() => {
    void searchHistory();
  }, [searchHistory]);

  return (
    <section className="screen" aria-labelledby="history-title">
      <header className="screen-head"><h1 id="history-title">History</h1></header>
      <form className="filters" role="search" onSubmit={(e) => { e.preventDefault(); void searchHistory(); }}>
        <input type="search" name="q" aria-label="Search job fields" placeholder="#number, title, branch, workspace, agent" value={query.q} onChange={(e) => setHistoryQuery({ q: e.target.value })} />
        <input type="search" name="text" aria-label="Search output" placeholder="Output contains…" value={query.text} onChange={(e) => setHistoryQuery({ text: e.target.value })} />
        <input type="search" inputMode="numeric" name="changelist" className="narrow" aria-label="Changelist" placeholder="Change" value={query.changelist} onChange={(e) => setHistoryQuery({ changelist: e.target.value })} />
        <select aria-label="Status" value={query.status} onChange={(e) => setHistoryQuery({ status: e.target.value as JobStatus | '' })}>
          <option value="">All statuses</option>
          {Object.entries(STATUS_LABEL).map(([v, label]) => <option key={v} value={v}>{label}</option>)}
        </select>
        <button type="submit" className="primary" disabled={loading}>Search</button>
      </form>
      {error && <p className="error" role="alert">{error}</p>}
      {answered && <p className="muted result-count">{results.length}{more ? '+' : ''} job{results.length === 1 ? '' : 's'}{answered.text ? ` whose output contains “${answered.text}”` : ''}</p>}
      {results.length > 0 && <HistoryCharts jobs={results} />}
      <JobsTable jobs={results} empty={loading ? 'Searching…' : 'No job matches.'} find={answered?.text || undefined} />
      {more && <button type="button" onClick={() => void searchHistory(true)} disabled={loading}>Load older jobs</button>}
    </section>
  );
}
