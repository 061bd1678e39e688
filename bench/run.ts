// `npm run bench`: the benchmark harness (issue 8). Not part of `npm test`.
//
//   npm run bench                         every scenario, 3 runs each, writes docs/benchmarks.md
//   npm run bench -- --quick              smoke run: small inputs, 1 run, writes nothing to docs/
//   npm run bench -- --scenario NAME      only NAME (repeatable): throughput, responsiveness,
//                                         scale, dispatch, history, hostile, viewer (footprint = throughput;
//                                         responsiveness-plain: diagnostic, only when named)
//   npm run bench -- --runs N             repetitions per scenario (default 3; --quick: 1)
//   npm run bench -- --cpu-prof           profile the master (first run of each scenario) and
//                                         list its hottest functions in the report
//   npm run bench -- --no-write           print only; --write forces docs/benchmarks.md
//   npm run bench -- --from-json FILE    rewrite docs/benchmarks.md from a saved bench/results file
//   npm run bench -- --prepare           only build the generated inputs (cached in bench/.cache)
//   npm run bench -- --wait-load L        wait (up to 10 min) for the 1-min load to drop below L
//
// Results always go to bench/results/<timestamp>.json and stdout as well.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { writeBenchmarksDoc, renderResults, type Invocation } from './lib/report.ts';
import type { BenchContext, Scenario, ScenarioResult } from './lib/types.ts';
import { loadavg, log, machine, ROOT, runCleanups, sleep, tempDir } from './lib/util.ts';
import { dispatch } from './scenarios/dispatch.ts';
import { history } from './scenarios/history.ts';
import { hostile } from './scenarios/hostile.ts';
import { responsiveness, responsivenessPlain } from './scenarios/responsiveness.ts';
import { scale } from './scenarios/scale.ts';
import { throughput } from './scenarios/throughput.ts';
import { viewer } from './scenarios/viewer.ts';

const SCENARIOS: Scenario[] = [throughput, responsiveness, scale, dispatch, history, hostile, viewer];
/** Diagnostics: run only when named with --scenario. */
const EXTRA: Scenario[] = [responsivenessPlain];

const { values } = parseArgs({
  args: process.argv.slice(2),
  strict: true,
  options: {
    quick: { type: 'boolean', default: false },
    scenario: { type: 'string', multiple: true },
    runs: { type: 'string' },
    'cpu-prof': { type: 'boolean', default: false },
    write: { type: 'boolean' },
    'no-write': { type: 'boolean' },
    'wait-load': { type: 'string' },
    prepare: { type: 'boolean', default: false },
    'from-json': { type: 'string' },
    help: { type: 'boolean' },
  },
});

if (values['from-json']) {
  const saved = JSON.parse(readFileSync(values['from-json'], 'utf8')) as { invocation: Invocation; results: ScenarioResult[] };
  writeBenchmarksDoc(join(ROOT, 'docs', 'benchmarks.md'), saved.invocation, saved.results);
  process.stdout.write(renderResults(saved.invocation, saved.results) + '\n');
  process.exit(0);
}

if (values.help) {
  process.stdout.write(readFileSync(new URL(import.meta.url), 'utf8').split('\n').filter((l) => l.startsWith('//')).map((l) => l.slice(3)).join('\n') + '\n');
  process.exit(0);
}

const names = values.scenario ?? SCENARIOS.map((s) => s.name);
const chosen = names.map((n) => {
  const s = [...SCENARIOS, ...EXTRA].find((x) => x.name === n || (n === 'footprint' && x.name === 'throughput'));
  if (!s) {
    process.stderr.write(`unknown scenario ${JSON.stringify(n)}; choose from ${[...SCENARIOS, ...EXTRA].map((x) => x.name).join(', ')}\n`);
    process.exit(2);
  }
  return s;
});

const stamp = new Date().toISOString().replace(/[:.]/g, '-');
const resultsDir = join(ROOT, 'bench', 'results');
mkdirSync(resultsDir, { recursive: true });
const cache = join(ROOT, 'bench', '.cache');
mkdirSync(cache, { recursive: true });
const ctx: BenchContext = {
  quick: values.quick!,
  runs: Number(values.runs ?? (values.quick ? 1 : 3)),
  // removed at the end, not by the per-scenario cleanups
  work: tempDir('run', true),
  cache,
  profileDir: values['cpu-prof'] ? join(resultsDir, `profiles-${stamp}`) : null,
};

const removeWork = (): void => rmSync(ctx.work, { recursive: true, force: true });
process.on('SIGINT', () => {
  void runCleanups().then(() => {
    removeWork();
    process.exit(130);
  });
});

if (values.prepare) {
  for (const s of chosen) await s.prepare?.(ctx);
  await runCleanups();
  removeWork();
  process.exit(0);
}

if (values['wait-load']) {
  const limit = Number(values['wait-load']);
  const until = Date.now() + 10 * 60_000;
  while (Number(loadavg().split(' ')[0]) >= limit && Date.now() < until) {
    log(`load ${loadavg()} ≥ ${limit}: waiting`);
    await sleep(30_000);
  }
}

const startedAt = new Date();
const loadBefore = loadavg();
log(`load before: ${loadBefore}; scenarios: ${chosen.map((s) => s.name).join(', ')}; runs: ${ctx.runs}${ctx.quick ? ' (quick)' : ''}`);
const results: ScenarioResult[] = [];
const loads: string[] = [loadBefore];
let failed = false;
for (const scenario of chosen) {
  log(`── ${scenario.name}: ${scenario.title}`);
  try {
    results.push(await scenario.run(ctx));
  } catch (err) {
    failed = true;
    log(`${scenario.name} FAILED: ${(err as Error).stack ?? err}`);
    results.push({ name: scenario.name, title: scenario.title, rows: [], notes: [`FAILED: ${(err as Error).message}`], profiles: [] });
  }
  loads.push(loadavg());
  await runCleanups();
}
removeWork();

const invocation: Invocation = {
  command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
  startedAt: startedAt.toISOString(),
  seconds: (Date.now() - startedAt.getTime()) / 1000,
  machine: machine(),
  loads,
  quick: ctx.quick,
  runs: ctx.runs,
};
const text = renderResults(invocation, results);
process.stdout.write(text + '\n');
writeFileSync(join(resultsDir, `${stamp}.json`), JSON.stringify({ invocation, results }, null, 2));
const write = values.write ?? (!values['no-write'] && !ctx.quick && !values.scenario);
if (write) {
  writeBenchmarksDoc(join(ROOT, 'docs', 'benchmarks.md'), invocation, results);
  log('wrote docs/benchmarks.md');
}
process.exit(failed ? 1 : 0);
