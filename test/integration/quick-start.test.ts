// The README's Quick start as a new user meets it: a fresh clone of this repository, a fresh
// HOME, the distribution's (older) Node first on PATH, and the first command read from the
// README. It must install what is missing (Node 24 into .node/, node_modules, the bundles) and
// bring up the master, its local agent and the UI. npm's cache is the machine's, so the
// downloads come from it when they can.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { ApiClient } from '../helpers/api-client.ts';
import { appContext, launchBrowser, openApp } from '../helpers/browser.ts';
import { freePort, processGroupMembers, ROOT, startProcess, suiteCleanup, tempDir, waitFor } from '../helpers/processes.ts';

/** The commands of the README's Quick start code block, comments removed. */
function quickStartCommands(): string[] {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Quick start'));
  const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
  return block.split('\n').map((line) => line.replace(/\s+#.*$/, '').trim()).filter(Boolean);
}

const SYSTEM_PATH = '/usr/bin:/bin';
const NETWORK_ENV = ['NODE_EXTRA_CA_CERTS', 'SSL_CERT_FILE', 'SSL_CERT_DIR', 'HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'NO_PROXY', 'no_proxy'];
const nodeMajor = (env: NodeJS.ProcessEnv): number => Number(/^v(\d+)/.exec(execFileSync('node', ['--version'], { env, encoding: 'utf8' }))?.[1]);

describe('Quick start on a fresh clone', { timeout: 420_000 }, () => {
  const t = suiteCleanup();
  let clone = '';

  before(() => {
    const dir = tempDir(t, 'p4i-quick-start-');
    clone = join(dir, 'repo');
    // The committed HEAD, as `git clone` gives it to a new user.
    execFileSync('git', ['clone', '--quiet', ROOT, clone]);
  });

  test('the first command installs what is missing and runs the master, its local agent and the UI', async () => {
    const commands = quickStartCommands();
    assert.equal(commands.length, 2, `two commands in the Quick start: ${JSON.stringify(commands)}`);
    const home = join(clone, '..', 'home');
    const [httpPort, agentPort] = [await freePort(), await freePort()];
    // Ports of our own (loopback only) through the config file a user would write.
    mkdirSync(join(home, '.config', 'p4-integrator'), { recursive: true });
    writeFileSync(join(home, '.config', 'p4-integrator', 'master.yaml'),
      `api: { host: 127.0.0.1, port: ${httpPort} }\nserver: { host: 127.0.0.1, port: ${agentPort} }\nmonitoring: { metrics_port: null }\n`);
    const env = {
      HOME: home,
      PATH: SYSTEM_PATH,
      npm_config_cache: process.env.npm_config_cache ?? join(homedir(), '.npm'),
      npm_config_prefer_offline: 'true',
      // The machine's network set-up (proxy, extra CAs) is not part of a fresh account's state.
      ...Object.fromEntries(NETWORK_ENV.filter((k) => process.env[k] !== undefined).map((k) => [k, process.env[k]!])),
    };
    const oldNode = nodeMajor(env) < 24;

    const app = spawn('sh', ['-c', commands[0]!], { cwd: clone, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const pgid = app.pid!;
    let output = '';
    app.stdout.on('data', (d: Buffer) => (output += d.toString()));
    app.stderr.on('data', (d: Buffer) => (output += d.toString()));
    let exited = false;
    app.on('exit', () => (exited = true));
    t.after(() => {
      if (processGroupMembers(pgid).length > 0) process.kill(-pgid, 'SIGKILL');
    });

    const page = await waitFor(() => {
      if (exited) throw new Error(`the quick start command exited:\n${output}`);
      return opened(output);
    }, 300_000, () => `the quick start command did not print the URL to open:\n${output}`);
    const api = new ApiClient(page.origin, page.token);

    const health = await api.request('GET', '/api/health', undefined, null);
    assert.equal(health.status, 200, JSON.stringify(health.json));
    await api.waitForAgent('local');
    const html = await api.request('GET', '/', undefined, null);
    assert.equal(html.status, 200);
    const script = /<script defer src="(assets\/app-[A-Z0-9]{8}\.js)">/.exec(html.bytes.toString())?.[1];
    assert.ok(script, 'the page names its content-hashed script');
    assert.equal((await api.request('GET', `/${script}`, undefined, null)).status, 200);
    const cmdId = await api.run({ agent_id: 'local', command: ['sh', '-c', 'echo quick start on $(uname -s)'] });
    const done = await api.waitForState(cmdId, ['exited']);
    assert.equal(done.exit_code, 0);
    assert.match((await api.output(cmdId)).toString(), /^quick start on \w+/);
    if (oldNode) assert.ok(existsSync(join(clone, '.node')), 'Node 24 was installed into .node/');

    process.kill(-pgid, 'SIGTERM');
    await waitFor(() => processGroupMembers(pgid).length === 0, 30_000, () => `processes left in group ${pgid}: ${processGroupMembers(pgid).join(' ')}`);
  });

  test('a master whose local agent cannot start says so: /api/health, one log line, the UI', async () => {
    // The clone's master, run directly: `npm run master` would rebuild the missing bundle.
    rmSync(join(clone, 'dist', 'agent.cjs'));
    const dataDir = tempDir(t, 'p4i-no-agent-');
    const master = startProcess(t, process.execPath, [join(clone, 'main', 'headless.ts'), '--local-agent', '--data-dir', dataDir,
      '--http-port', '0', '--host', '127.0.0.1', '--agent-port', '0', '--agent-host', '127.0.0.1', '--metrics-port', '0']);
    const page = await waitFor(() => opened(master.output()), 20_000, () => `master did not start:\n${master.output()}`);
    const api = new ApiClient(page.origin, page.token);

    const health = await api.request('GET', '/api/health', undefined, null);
    assert.equal(health.status, 503);
    assert.equal(health.json.ok, false);
    assert.match(health.json.local_agent.error, /agent\.cjs is missing \(build it with npm run build:agent/);
    const lines = master.output().split('\n').filter((line) => line.includes('local agent'));
    assert.equal(lines.length, 1, lines.join('\n'));
    assert.match(lines[0]!, /"level":"error".*cannot start/);

    const browser = await launchBrowser(t);
    const tab = await openApp(await appContext(browser), page.origin + '/', page.token);
    await tab.getByRole('alert').filter({ hasText: 'The local agent is not running' }).waitFor();
    await master.kill();
  });
});

test('./p4i test, run by a user who cannot install packages, names the missing ones in one line before any test runs', async (t) => {
  const proc = startProcess(t, 'setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', join(ROOT, 'p4i'), 'test'], { CHROMIUM_PATH: '/nonexistent/chromium' });
  assert.equal(await proc.exited, 1);
  assert.match(proc.output(), /^p4i: missing system packages, install them first: sudo apt-get install -y [\w\s-]*\bchromium\n$/);
});

/** The page to open and the token, read from the file the start banner names (it never prints the token). */
function opened(output: string): { origin: string; token: string } | undefined {
  const match = /open: +(http\S+?)\?token=\$\(cat (\S+)\)/.exec(output);
  return match ? { origin: new URL(match[1]!).origin, token: readFileSync(match[2]!, 'utf8').trim() } : undefined;
}
