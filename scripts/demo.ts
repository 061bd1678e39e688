// `npm run demo`: one integration on the embedded default — the master with its local agent —
// against a SIMULATED Perforce depot in a temporary directory (the test fixture; no p4d here).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { MasterEvent } from '../preload/api.ts';
import { LOCAL_AGENT_ID, startMaster } from '../main/master.ts';
import { createLogger } from '../main/observe/log.ts';
import { createScenario, SCENARIOS, type ScenarioName } from '../test/fixtures/p4sim/index.ts';

const { values } = parseArgs({ options: { scenario: { type: 'string', default: 'clean' }, 'http-port': { type: 'string', default: '9080' }, exit: { type: 'boolean' } } });
const scenario = values.scenario as ScenarioName;
if (!SCENARIOS.includes(scenario)) {
  process.stderr.write(`demo: --scenario must be one of ${SCENARIOS.join(', ')}\n`);
  process.exit(2);
}

const root = mkdtempSync(join(tmpdir(), 'p4i-demo-'));
const sim = createScenario(scenario, { root: join(root, 'simulated-depot') });
let master;
try {
  master = await startMaster({ dataDir: join(root, 'data'), agentPort: 0, agentHost: '127.0.0.1', httpPort: Number(values['http-port']), metricsPort: null, localAgent: true, localWorkspace: sim.workspace, watcherIntervalMs: 5000, log: createLogger('warn') });
} catch (err) {
  rmSync(root, { recursive: true, force: true });
  process.stderr.write(`demo: ${(err as Error).message}\n`);
  process.exit(1);
}
process.stdout.write(`P4 Integrator demo — SIMULATED Perforce depot (test fixture) in ${sim.root}\n`);
process.stdout.write(`  API:   ${master.url}  (token: ${master.token})\n`);
process.stdout.write(`  watch: curl -H 'Authorization: Bearer ${master.token}' ${master.url}api/jobs\n\n`);

const until = Date.now() + 15_000;
while (!(await master.api.agents.list()).some((a) => a.agent_id === LOCAL_AGENT_ID && a.status === 'online')) {
  if (Date.now() > until) throw new Error('the local agent did not connect');
  await new Promise((ok) => setTimeout(ok, 100));
}
const { job_id } = await master.api.jobs.create({ agent_id: LOCAL_AGENT_ID, spec: { workspace: sim.workspace, branch_spec: sim.branch, env: sim.env, description: `demo: integrate ${sim.branch} (${scenario})` } });
process.stdout.write(`job ${job_id}: integrating ${sim.branch} into a simulated workspace\n`);

const finished = new Promise<string>((resolve) => {
  let last = '';
  master.api.onEvent((event: MasterEvent) => {
    if (event.type !== 'job' || event.job.job_id !== job_id) return;
    const line = `${event.job.stage} (${event.job.status})`;
    if (line !== last) process.stdout.write(`  ${new Date().toISOString().slice(11, 19)}  ${line}${event.job.error ? ` — ${event.job.error}` : ''}\n`);
    last = line;
    if (event.job.status === 'needs_resolve') {
      process.stdout.write(`  conflicts: ${event.job.conflicts.map((c) => `${c.file} (${c.reason})`).join(', ')}\n  resolve them in ${sim.workspace} (p4 resolve), or cancel: curl -X POST -H 'Authorization: Bearer ${master.token}' ${master.url}api/jobs/${job_id}/cancel\n`);
    }
    if (['done', 'error', 'cancelled'].includes(event.job.status)) resolve(event.job.status);
  });
});
const status = await finished;
const job = await master.api.jobs.get(job_id);
process.stdout.write(`\njob ${status}. Stages:\n${job.stages.map((s) => `  ${s.stage.padEnd(15)} ${s.summary ?? ''}`).join('\n')}\n`);

const stop = async (): Promise<never> => {
  await master.close();
  rmSync(root, { recursive: true, force: true });
  process.exit(status === 'done' ? 0 : 1);
};
if (values.exit) await stop();
process.stdout.write(`\nThe master keeps serving the history at ${master.url} — Ctrl-C to stop (removes ${root}).\n`);
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
