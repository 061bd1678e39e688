// What an operator sees from outside: metrics moving during a real job, rotated logs, alert
// rules that refer to real metrics, and config files that explain their mistakes.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { parse } from 'yaml';
import { ApiClient } from '../helpers/api-client.ts';
import { AGENT_BUNDLE, ROOT, startMaster, startProcess, tempDir, waitFor } from '../helpers/processes.ts';
import { createScenario, delayCommand } from '../fixtures/p4sim/index.ts';

async function scrape(url: string): Promise<string> {
  const res = await fetch(url);
  assert.equal(res.status, 200);
  return res.text();
}

/** Sum of a metric's samples whose labels contain `labels` (e.g. 'stage="SYNC"'). */
function value(text: string, name: string, labels = ''): number {
  let sum = 0;
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][\w:]*)(\{[^}]*\})? (\S+)$/.exec(line);
    if (m && m[1] === name && (m[2] ?? '').includes(labels)) sum += Number(m[3]);
  }
  return sum;
}

test('metrics move during a real job: jobs, stages, commands, output, agents, event loop lag', async (t) => {
  const dir = tempDir(t);
  const master = await startMaster(t, { dataDir: join(dir, 'data'), localAgent: true });
  const api = new ApiClient(master.url, master.token);
  await api.waitForAgent('local');
  const before = await scrape(master.metricsUrl);
  assert.equal(value(before, 'p4_agents_connected'), 1);
  const sim = createScenario('clean', { root: join(dir, 'sim') });
  delayCommand(sim, 'sync', 1);
  const res = await api.request('POST', '/api/jobs', { agent_id: 'local', spec: { workspace: sim.workspace, branch_spec: sim.branch, env: sim.env } });
  await waitFor(async () => value(await scrape(master.metricsUrl), 'p4_jobs_in_progress') === 1, 10_000, 'job in progress');
  await waitFor(async () => (await api.request('GET', `/api/jobs/${res.json.job_id}`)).json.status === 'done', 30_000, 'job done');
  const after = await scrape(master.metricsUrl);
  assert.equal(value(after, 'p4_jobs_total') - value(before, 'p4_jobs_total'), 1);
  assert.equal(value(after, 'p4_jobs_success') - value(before, 'p4_jobs_success'), 1);
  assert.equal(value(after, 'p4_jobs_in_progress'), 0);
  assert.equal(value(after, 'p4_job_duration_seconds_count', 'status="done"'), 1);
  assert.ok(value(after, 'p4_stage_duration_seconds_sum', 'stage="SYNC"') >= 1, 'SYNC took the simulated second');
  assert.ok(value(after, 'p4_commands_total', 'state="exited"') >= 7);
  assert.ok(value(after, 'p4_output_bytes_total') > value(before, 'p4_output_bytes_total'));
  assert.match(after, /^nodejs_eventloop_lag_p99_seconds \S+$/m);
});

test('an agent that stops answering counts as missed heartbeats', async (t) => {
  const dir = tempDir(t);
  const master = await startMaster(t, { dataDir: join(dir, 'data'), localAgent: true });
  const api = new ApiClient(master.url, master.token);
  await api.waitForAgent('local');
  const agentPid = Number(readFileSync(join(master.dataDir, 'local-agent', 'spool', 'agent.lock'), 'utf8'));
  process.kill(agentPid, 'SIGSTOP');
  try {
    await api.waitForAgent('local', 'unresponsive', 10_000);
    assert.equal(value(await scrape(master.metricsUrl), 'p4_heartbeats_missed_total'), 1);
    assert.equal(value(await scrape(master.metricsUrl), 'p4_agents_connected'), 0);
  } finally {
    process.kill(agentPid, 'SIGCONT');
  }
  await api.waitForAgent('local');
});

test('every metric the alert rules use is exported', async (t) => {
  const rules = parse(readFileSync(join(ROOT, 'prometheus', 'alerts.yml'), 'utf8')) as { groups: { rules: { alert: string; expr: string }[] }[] };
  const alerts = rules.groups.flatMap((g) => g.rules);
  assert.deepEqual(alerts.map((r) => r.alert), ['HighJobFailureRate', 'AgentOffline', 'LongRunningJob', 'StoreWritesFailing']);
  const master = await startMaster(t, { dataDir: tempDir(t) });
  const text = await scrape(master.metricsUrl);
  for (const rule of alerts) {
    for (const name of rule.expr.match(/\bp4_\w+/g) ?? []) assert.match(text, new RegExp(`^# TYPE ${name} `, 'm'), `${rule.alert} uses ${name}`);
  }
});

test('the master log rotates by size into gzip archives, keeping a bounded number', async (t) => {
  const dir = tempDir(t);
  const logFile = join(dir, 'logs', 'master.jsonl');
  writeFileSync(join(dir, 'master.yaml'), `monitoring:\n  log_file: ${logFile}\n  log_max_size_mb: 0.004\n  log_max_files: 2\n`);
  const master = await startMaster(t, { dataDir: join(dir, 'data'), extra: ['--config', join(dir, 'master.yaml')] });
  const api = new ApiClient(master.url, master.token);
  for (let i = 0; i < 60; i++) await api.request('POST', '/api/jobs', { labels: ['nowhere'], spec: { workspace: '/w', branch_spec: `branch-${i}` } });
  const archives = await waitFor(() => {
    const gz = readdirSync(join(dir, 'logs')).filter((n) => n.endsWith('.jsonl.gz'));
    return gz.length >= 2 ? gz : undefined;
  }, 10_000, 'two archives');
  await new Promise((ok) => setTimeout(ok, 500));
  assert.ok(readdirSync(join(dir, 'logs')).filter((n) => n.endsWith('.gz')).length <= 2, 'at most log_max_files archives');
  const lines = gunzipSync(readFileSync(join(dir, 'logs', archives[0]!))).toString().trim().split('\n').map((l) => JSON.parse(l));
  assert.ok(lines.some((l) => l.msg === 'job queued' && l.job_id && l.level === 'info' && l.time), 'structured lines with job_id');
});

test('the agent log rotates the same way', async (t) => {
  const dir = tempDir(t);
  const logFile = join(dir, 'agent.log');
  // No master: the agent logs every failed connection attempt.
  const agent = startProcess(t, process.execPath, [AGENT_BUNDLE, '--master', '127.0.0.1:1', '--agent-id', 'logger', '--workspace', dir, '--spool-dir', join(dir, 'spool'),
    '--log-file', logFile, '--log-max-size-mb', '0.001', '--log-max-files', '2', '--reconnect-max-s', '0.05']);
  await waitFor(() => readdirSync(dir).filter((n) => n.endsWith('.log.gz')).length >= 2, 15_000, 'agent log archives');
  await agent.kill();
  const archive = readdirSync(dir).find((n) => n.endsWith('.log.gz'))!;
  const first = JSON.parse(gunzipSync(readFileSync(join(dir, archive))).toString().split('\n')[0]!);
  assert.equal(first.agent_id, 'logger');
});

test('config files that are wrong say which key and why; flags override them', async (t) => {
  const dir = tempDir(t);
  const headless = join(ROOT, 'main', 'headless.ts');
  const cases: [string, RegExp][] = [
    ['server:\n  prot: 9090\n', /master.yaml:2: server: Unrecognized key: "prot"/],
    ['server:\n  port: ninety\n', /master.yaml:2: server.port: .*expected number/],
    ['monitoring:\n  log_level: loud\n', /master.yaml:2: monitoring.log_level: /],
    ['server:\n  allow: ["everyone"]\n', /server.allow.0: must be ip:CIDR/],
    ['pipeline:\n  stages:\n    SYNC: {argv: []}\n', /master.yaml:3: pipeline.stages.SYNC/],
    ['server: [unclosed\n', /not valid YAML/],
    ['local_agent:\n  workspace: "/w\\0rk"\n', /master.yaml:2: local_agent.workspace: must not contain a NUL byte/],
    ['pipeline:\n  stages:\n    SYNC: {argv: ["p4", "sync\\0"]}\n', /master.yaml:\d+: pipeline.stages.SYNC.*must not contain a NUL byte/],
    ['pipeline:\n  stages:\n    SYNC:\n      shell: p4 sync "{path}"\n', /master.yaml:4: pipeline.stages.SYNC.shell: placeholder \{path\} is inside double quotes/],
  ];
  for (const [yaml, message] of cases) {
    writeFileSync(join(dir, 'master.yaml'), yaml);
    const proc = startProcess(t, process.execPath, [headless, '--config', join(dir, 'master.yaml'), '--data-dir', join(dir, 'data')]);
    assert.equal(await proc.exited, 2, yaml);
    assert.match(proc.output(), message);
  }
  const missing = startProcess(t, process.execPath, [headless, '--config', join(dir, 'nope.yaml')]);
  assert.equal(await missing.exited, 2);
  assert.match(missing.output(), /config file .*nope.yaml does not exist/);
  // A valid file: its ports are overridden by flags (the helper passes port 0 for all of them).
  writeFileSync(join(dir, 'master.yaml'), 'api:\n  port: 1\nresources:\n  max_concurrent_jobs: 2\n');
  const master = await startMaster(t, { dataDir: join(dir, 'data'), extra: ['--config', join(dir, 'master.yaml')] });
  assert.notEqual(new URL(master.url).port, '1');
});
