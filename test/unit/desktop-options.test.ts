// The desktop app's master options: its first-run defaults, the config file over them, and the
// local agent refused on Windows with the alternative.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { localAgentUnsupported } from '../../main/agents/local-agent.ts';
import { desktopOptions, type DesktopPaths } from '../../main/desktop/desktop-options.ts';
import { explainStartFailure } from '../../main/desktop/start-failure.ts';
import { startMaster } from '../../main/master.ts';

const paths: DesktopPaths = { userData: '/u/P4 Integrator', logs: '/u/logs', bundleDir: '/app/dist/desktop', resources: null };
const none = { options: {}, log: {}, pipeline: {} };

test('first run: data and logs in the app\'s folders, agents on 127.0.0.1, local agent on, no HTTP or metrics port', () => {
  const { options, log } = desktopOptions(none, paths, [], 'linux');
  assert.equal(options.dataDir, '/u/P4 Integrator');
  assert.equal(log.file, '/u/logs/master.jsonl');
  assert.equal(options.agentHost, '127.0.0.1');
  assert.equal(options.localAgent, true);
  assert.equal(options.httpPort, null);
  assert.equal(options.metricsPort, null);
  assert.equal(options.agentBundle, '/app/dist/agent.cjs');
  assert.equal(options.nodeRuntimesDir, undefined);
  assert.equal(desktopOptions(none, { ...paths, resources: '/res' }, [], 'darwin').options.agentBundle, '/res/agent/agent.cjs');
  assert.equal(desktopOptions(none, { ...paths, resources: '/res' }, [], 'darwin').options.nodeRuntimesDir, '/res/node-runtimes');
});

test('the config file wins: data dir, agent address, local agent, metrics and log settings', () => {
  const config = {
    options: { dataDir: '/data', agentHost: '0.0.0.0', localAgent: false, metricsPort: 9191 },
    log: { file: '/var/log/p4i.jsonl', level: 'debug', maxFiles: 3 },
    pipeline: {},
  };
  const { options, log } = desktopOptions(config, paths, [], 'linux');
  assert.deepEqual([options.dataDir, options.agentHost, options.localAgent, options.metricsPort], ['/data', '0.0.0.0', false, 9191]);
  assert.deepEqual(log, { file: '/var/log/p4i.jsonl', level: 'debug', maxFiles: 3 });
  assert.equal(desktopOptions(config, paths, ['--local-agent'], 'linux').options.localAgent, true, '--local-agent turns it on');
});

test('Windows: the local agent is off by default; asked for, the master refuses with one sentence and the alternative', async () => {
  assert.equal(desktopOptions(none, paths, [], 'win32').options.localAgent, false);
  assert.equal(localAgentUnsupported('linux'), null);
  assert.equal(localAgentUnsupported('darwin'), null);
  const sentence = localAgentUnsupported('win32')!;
  assert.match(sentence, /^The local agent cannot run on Windows \(.*\): connect a remote .* agent over SSH, or run P4 Integrator inside WSL\.$/);
  const failure = explainStartFailure(new Error(sentence), { configFile: 'C:\\Users\\me\\master.yaml', logFile: null });
  assert.match(failure.message, /^The local agent cannot run on Windows.*\n\nFix: remove local_agent\.enabled from C:\\Users\\me\\master\.yaml/s);
});

test('an unknown start failure still says what happened and where the log is', async () => {
  const failure = explainStartFailure(new Error('disk on fire'), { configFile: '/c.yaml', logFile: '/u/logs/master.jsonl' });
  assert.equal(failure.message, 'The master could not start: disk on fire\n\nThe log has the details: /u/logs/master.jsonl');
  // The refusal happens before anything is created.
  if (process.platform === 'win32') await assert.rejects(startMaster({ localAgent: true }), /cannot run on Windows/);
});
