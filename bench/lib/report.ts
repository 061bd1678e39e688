// The results table (stdout and docs/benchmarks.md). The harness rewrites only the region
// between the bench:results markers in docs/benchmarks.md; everything else in that file
// (the hand-written analysis, other engineers' sections such as "Bootstrap over SSH") stays.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { ScenarioResult } from './types.ts';
import { fmt, stats } from './util.ts';

export interface Invocation {
  command: string;
  startedAt: string;
  seconds: number;
  machine: { nproc: number; cpu: string; ramGiB: number; node: string; kernel: string };
  loads: string[];
  quick: boolean;
  runs: number;
}

const BEGIN = '<!-- bench:results:begin (written by `npm run bench`; edits inside are overwritten) -->';
const END = '<!-- bench:results:end -->';

export function renderResults(inv: Invocation, results: ScenarioResult[]): string {
  const out: string[] = [];
  const m = inv.machine;
  out.push(`Run on ${inv.startedAt.slice(0, 10)} (${inv.startedAt.slice(11, 16)} UTC), ${Math.round(inv.seconds / 60)} min, with \`${inv.command}\`${inv.quick ? ' (QUICK smoke run: small inputs, not the figures the issue asks for)' : ''}.`);
  out.push('');
  out.push(`Machine: ${m.nproc} cores (\`nproc\`), ${m.cpu}, ${m.ramGiB} GiB RAM, Linux ${m.kernel}, Node ${m.node}. ` +
    `1/5/15-min load average before the run and after each scenario: ${inv.loads.map((l) => `\`${l}\``).join(' → ')}. ` +
    'The figure before the run shows what else was running; the later ones include the benchmark\'s own processes (master, agent, `cat`, Chromium, the fake agents), which keep both cores busy in the streaming scenarios.');
  out.push('');
  out.push('| # | Scenario | Metric | Median | Spread (min–max) | Runs | Target | Met |');
  out.push('|---|---|---|---|---|---|---|---|');
  const numbers: Record<string, string> = { throughput: '1, 6', responsiveness: '2', 'responsiveness-plain': '2 (diag.)', scale: '3', dispatch: '4', history: '5' };
  for (const r of results) {
    if (r.rows.length === 0) out.push(`| ${numbers[r.name] ?? ''} | ${r.title} | ${(r.notes[0] ?? 'no result').slice(0, 160).replace(/\|/g, '\\|')} | | | | | |`);
    for (const row of r.rows) {
      const s = stats(row.values);
      const d = row.digits ?? 0;
      const spread = s.n > 1 ? `${fmt(s.min, d)}–${fmt(s.max, d)}` : '—';
      const met = row.met === undefined ? '' : row.met ? 'yes' : '**NO**';
      out.push(`| ${numbers[r.name] ?? ''} | ${r.name} | ${row.label.replace(/\|/g, '\\|')} | ${fmt(s.median, d)} ${row.unit} | ${spread} | ${s.n} | ${row.target ?? ''} | ${met} |`);
    }
  }
  out.push('');
  for (const r of results) {
    if (r.notes.length === 0 && r.profiles.length === 0) continue;
    out.push(`**${r.name}.** ${r.notes.join(' ')}`);
    out.push('');
    for (const p of r.profiles) {
      out.push(`Master CPU profile (\`node --cpu-prof\`, whole master process life: ${fmt(p.totalMs / 1000, 1)} s sampled, ${fmt(p.busyMs / 1000, 1)} s not idle; self time of the top functions, share of the non-idle time):`);
      out.push('');
      out.push('| Self time | Share | Function |');
      out.push('|---|---|---|');
      for (const t of p.top) out.push(`| ${fmt(t.ms)} ms | ${fmt(t.pct, 1)} % | \`${t.name.replace(/\|/g, '\\|')}\` |`);
      out.push('');
    }
  }
  return out.join('\n');
}

export function writeBenchmarksDoc(path: string, inv: Invocation, results: ScenarioResult[]): void {
  const block = `${BEGIN}\n\n${renderResults(inv, results)}\n\n${END}`;
  // Read right before writing: another engineer may have added a section since we started.
  const current = existsSync(path) ? readFileSync(path, 'utf8') : '';
  let next: string;
  const a = current.indexOf(BEGIN.slice(0, 26));
  const b = current.indexOf(END);
  if (a >= 0 && b > a) {
    next = current.slice(0, a) + block + current.slice(b + END.length);
  } else if (current.trim()) {
    // No results region yet: ours goes first, whatever is there stays after it.
    next = `# Benchmarks\n\n## Results\n\n${block}\n\n${current.replace(/^# Benchmarks\s*\n/, '')}`;
  } else {
    next = `# Benchmarks\n\n## Results\n\n${block}\n`;
  }
  writeFileSync(path, next);
}
