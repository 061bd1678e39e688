// The desktop app's wiring, proven on the bundled dist/desktop/main.cjs run under plain Node
// with a MINIMAL STAND-IN FOR THE `electron` MODULE (test/fixtures/electron-stand-in: no
// Electron binary here). Everything behind it is real: the master, its SQLite file, the local
// agent process, the Perforce simulator. Covered: every MasterApi method answered over IPC and
// foreign senders refused; the first run's defaults (local agent on, agents on 127.0.0.1, data
// and logs in the app's folders); the tray listing NEEDS_RESOLVE jobs by number and title and
// following the notification choices; start failures turned into a dialog; Quit stopping the
// master and its local agent; the key that seals secrets kept by the OS keychain where there is one.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import type { CommandDto, JobDto, NotificationChoices, OutputSlice, SettingsDto } from '../../preload/api.ts';
import { API_METHODS, methodChannel } from '../../preload/channels.ts';
import { standInDecrypt } from '../fixtures/electron-stand-in/keychain.ts';
import { createScenario } from '../fixtures/p4sim/scenarios.ts';
import { findProcesses, isAlive, ROOT, suiteCleanup, tempDir, waitFor, type Cleanup } from '../helpers/processes.ts';

interface Reported {
  event: string;
  [key: string]: unknown;
}
interface TrayState {
  image: string;
  imageExists: boolean;
  badge: number;
  tooltip: string;
  items: { label: string; enabled: boolean }[];
}

/** The desktop app under the stand-in: orders go over the Node IPC channel, reports come back. */
class DesktopApp {
  readonly child: ChildProcess;
  readonly reports: Reported[] = [];
  readonly exited: Promise<number | null>;
  private output = '';
  private nextId = 1;
  private readonly pending = new Map<number, { ok: (v: unknown) => void; fail: (e: Error) => void }>();

  /** `keychain`: what the stand-in's safeStorage offers (P4I_STAND_IN_KEYCHAIN); by default it is available. */
  constructor(t: Cleanup, home: string, config: string, platform?: 'win32' | 'darwin', keychain?: 'none' | 'basic_text') {
    this.child = spawn(process.execPath, ['--import', './test/fixtures/electron-stand-in/register.ts', 'dist/desktop/main.cjs'], {
      cwd: ROOT,
      env: { ...process.env, P4I_CONFIG: config, P4I_STAND_IN_HOME: home, ...(platform ? { P4I_STAND_IN_PLATFORM: platform } : {}), ...(keychain ? { P4I_STAND_IN_KEYCHAIN: keychain } : {}) },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      serialization: 'advanced',
    });
    this.child.stdout!.on('data', (d: Buffer) => (this.output += d.toString()));
    this.child.stderr!.on('data', (d: Buffer) => (this.output += d.toString()));
    this.child.on('message', (m: { id?: number; result?: unknown; error?: string } & Reported) => {
      if (m.id === undefined) return void this.reports.push(m);
      const waiter = this.pending.get(m.id);
      this.pending.delete(m.id);
      if (m.error !== undefined) waiter?.fail(new Error(m.error));
      else waiter?.ok(m.result);
    });
    this.exited = new Promise((ok) => this.child.on('exit', (code) => ok(code)));
    t.after(async () => {
      if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
      await this.exited;
    });
  }

  order<T>(op: string, extra: Record<string, unknown> = {}): Promise<T> {
    const id = this.nextId++;
    return new Promise((ok, fail) => {
      this.pending.set(id, { ok: ok as (v: unknown) => void, fail });
      this.child.send({ id, op, ...extra });
    });
  }

  invoke<T>(method: string, args: unknown[] = [], sender = 'window'): Promise<T> {
    return this.order<T>('invoke', { channel: `api:${method}`, args, sender });
  }

  tray(): Promise<TrayState> {
    return this.order<TrayState>('tray');
  }

  reported(event: string): Reported[] {
    return this.reports.filter((r) => r.event === event);
  }

  log(): string {
    return this.output;
  }
}

function writeConfig(dir: string, yaml: string): string {
  const file = join(dir, 'master.yaml');
  writeFileSync(file, yaml);
  return file;
}

describe('desktop app wiring (bundled main.cjs, electron stand-in)', () => {
  const suite = suiteCleanup();

  before(async () => {
    const build = spawn(process.execPath, ['scripts/build-desktop.ts'], { cwd: ROOT, stdio: 'inherit' });
    assert.equal(await new Promise((ok) => build.on('exit', ok)), 0, 'build:desktop');
  });

  describe('a first run', () => {
    let desktop: DesktopApp;
    let home: string;
    let work: string;

    before(async () => {
      home = tempDir(suite, 'p4i-desktop-');
      work = tempDir(suite, 'p4i-desktop-work-');
      // Port 0: any free port, so the test never meets another master; everything else is the
      // desktop's own default.
      const config = writeConfig(work, `server:\n  port: 0\nlocal_agent:\n  workspace: ${JSON.stringify(work)}\n`);
      desktop = new DesktopApp(suite, home, config);
      await waitFor(() => desktop.reported('window').length > 0 || desktop.child.exitCode !== null, 30_000, 'the window');
      assert.equal(desktop.child.exitCode, null, desktop.log());
    });

    test('every MasterApi method is registered over IPC, and answers the app\'s own page', async () => {
      const channels = await desktop.order<string[]>('handlers');
      assert.deepEqual([...channels].sort(), API_METHODS.map(methodChannel).sort());
      const health = await desktop.invoke<{ ok: boolean }>('health');
      assert.equal(health.ok, true);
      assert.equal(desktop.reported('window')[0]!.url, new URL(`file://${join(ROOT, 'dist', 'renderer', 'index.html')}`).href);
    });

    test('a foreign page or a frame inside the window is refused, and learns nothing', async () => {
      for (const sender of ['foreign', 'subframe']) {
        await assert.rejects(desktop.invoke('jobs.list', [{}], sender), /^Error: \[403\] untrusted sender$/, sender);
        await assert.rejects(desktop.invoke('settings.setNotifications', [{ done: false }], sender), /\[403\] untrusted sender/);
      }
      assert.deepEqual(await desktop.invoke<NotificationChoices>('settings.notifications'), { needs_resolve: true, blocked: true, done: true, error: true }, 'the refused calls changed nothing');
      await assert.rejects(desktop.invoke('jobs.get', ['no-such-job']), /\[404\] unknown job/);
    });

    test('first-run defaults: local agent on, agents on 127.0.0.1, data and logs in the app\'s folders', async () => {
      const settings = await desktop.invoke<SettingsDto>('settings.get');
      assert.equal(settings.agent_host, '127.0.0.1');
      assert.equal(settings.local_agent, true);
      assert.equal(settings.http_port, null);
      assert.equal(settings.data_dir, join(home, 'user-data'));
      assert.ok(existsSync(join(home, 'user-data', 'p4-integrator.db')));
      await waitFor(async () => (await desktop.invoke<{ agent_id: string; status: string }[]>('agents.list')).find((a) => a.agent_id === 'local' && a.status === 'online'), 20_000, 'the local agent online');
      await waitFor(() => existsSync(join(home, 'logs', 'master.jsonl')), 5000, 'the log file in the logs folder');
    });

    test('the tray lists NEEDS_RESOLVE jobs by number and title, and notifies as the choices say', async () => {
      assert.deepEqual((await desktop.tray()).items.map((i) => i.label), ['Open P4 Integrator', 'No job needs resolve', 'Quit (stops the master)']);
      const submit = async (name: string): Promise<JobDto> => {
        const sim = createScenario('conflict', { root: join(work, name) });
        const { job_id } = await desktop.invoke<{ job_id: string }>('jobs.create', [{ agent_id: 'local', spec: { workspace: sim.workspace, branch_spec: sim.branch, env: sim.env, description: `${name} into release` } }]);
        return waitFor(async () => {
          const job = await desktop.invoke<JobDto>('jobs.get', [job_id]);
          return ['needs_resolve', 'error', 'done'].includes(job.status) && job;
        }, 60_000, `job ${name} to stop`);
      };
      // The scenario's conflict: release/a.txt, from change 3 (made by the simulator's user "sim").
      const resolveLabel = (job: JobDto) => `Resolve #${job.number} ${job.title}: 1 conflict: //depot/release/a.txt (change 3 by sim)`;
      const listed = (job: JobDto) => async () => (await desktop.tray()).items.some((i) => i.label === resolveLabel(job));

      const first = await submit('first');
      assert.equal(first.status, 'needs_resolve', first.error ?? '');
      assert.equal(first.title, 'first into release');
      await waitFor(listed(first), 5000, 'the first job in the tray');
      let tray = await desktop.tray();
      assert.equal(tray.image, 'tray-alert.png');
      assert.ok(tray.imageExists, 'the tray icon file exists');
      assert.equal(tray.badge, 1);
      assert.equal(tray.tooltip, 'P4 Integrator: 1 job needs resolve');
      const notice = await waitFor(() => desktop.reported('notification').find((n) => n.title === `Job #${first.number} needs resolve`), 5000, 'the needs-resolve notification');
      assert.equal(notice.body, `first into release: 1 conflict: //depot/release/a.txt (change 3 by sim), in ${first.spec.workspace}`);

      // Switched off (as Settings does): the next job is listed, but neither notifies nor badges.
      assert.deepEqual(await desktop.invoke('settings.setNotifications', [{ needs_resolve: false }]), { needs_resolve: false, blocked: true, done: true, error: true });
      const second = await submit('second');
      await waitFor(listed(second), 5000, 'the second job in the tray');
      tray = await desktop.tray();
      assert.equal(tray.tooltip, 'P4 Integrator: 2 jobs need resolve');
      assert.deepEqual(tray.items.filter((i) => i.label.startsWith('Resolve')).map((i) => i.label), [first, second].map(resolveLabel));
      assert.equal(tray.image, 'tray.png');
      assert.equal(tray.badge, 0);
      assert.equal(desktop.reported('notification').filter((n) => String(n.title).startsWith(`Job #${second.number} `)).length, 0, 'needs_resolve is off: no notification');

      // Cancelled, the job leaves the tray.
      await desktop.invoke('jobs.cancel', [first.job_id]);
      await waitFor(async () => !(await listed(first)()), 10_000, 'the cancelled job gone from the tray');
    });

    test('closed and activated again (a Dock click on macOS), the window comes back', async () => {
      const shown = desktop.reported('window').length;
      await desktop.order('app-event', { name: 'activate' });
      await waitFor(() => desktop.reported('window').length > shown, 5000, 'the window shown again');
    });

    test('the key that seals secret env values is kept encrypted by the OS keychain; a secret still reaches its command', async () => {
      const pki = join(home, 'user-data', 'pki');
      assert.equal(existsSync(join(pki, 'secrets.key')), false, 'no key file in clear');
      const key = Buffer.from(standInDecrypt(readFileSync(join(pki, 'secrets.key.keychain'))), 'base64');
      assert.equal(key.length, 32, 'the keychain file holds the key, encrypted');
      assert.match(readFileSync(join(home, 'logs', 'master.jsonl'), 'utf8'), /"key":"[^"]*secrets\.key\.keychain, encrypted by the OS keychain \(Electron safeStorage\)","msg":"secret env values are sealed with this key"/);
      const { cmd_id } = await desktop.invoke<{ cmd_id: string }>('commands.create', [{ agent_id: 'local', command: '[ "$P4PASSWD" = keychain-sealed ] && echo opened', env: { P4PASSWD: 'keychain-sealed' } }]);
      await waitFor(async () => (await desktop.invoke<CommandDto>('commands.get', [cmd_id])).state === 'exited', 20_000, 'the command to end');
      assert.equal(Buffer.from((await desktop.invoke<OutputSlice>('commands.output', [cmd_id, 'stdout', 0])).data).toString(), 'opened\n');
    });

    test('Quit in the tray stops the master and its local agent', async () => {
      // A loaded machine may still be replacing the local agent: wait until exactly one runs.
      const agents = await waitFor(() => {
        const found = findProcesses(['agent.cjs', join(home, 'user-data', 'local-agent')]);
        return found.length === 1 ? found : undefined;
      }, 20_000, 'one local agent process');
      await desktop.order('click', { label: 'Quit' });
      assert.equal(await desktop.exited, 0, desktop.log());
      assert.deepEqual(desktop.reported('exit').map((r) => r.code), [0]);
      await waitFor(() => !isAlive(agents[0]!), 20_000, 'the local agent to exit');
      assert.match(readFileSync(join(home, 'logs', 'master.jsonl'), 'utf8'), /"msg":"local agent started"[^]*"msg":"master started"/);
    });
  });

  describe('per-OS branches (the stand-in reports another platform)', () => {
    const started = async (platform: 'win32' | 'darwin', yaml: string): Promise<DesktopApp> => {
      const home = tempDir(suite, 'p4i-desktop-');
      const desktop = new DesktopApp(suite, home, writeConfig(home, yaml), platform);
      await waitFor(() => desktop.reported('window').length > 0 || desktop.child.exitCode !== null, 30_000, 'the window');
      assert.equal(desktop.child.exitCode, null, desktop.log());
      return desktop;
    };
    const quit = async (desktop: DesktopApp) => {
      await desktop.order('click', { label: 'Quit' });
      assert.equal(await desktop.exited, 0, desktop.log());
    };

    test('without a keychain (or Linux\'s basic_text fallback) the 0600 key file stays; with one it moves in, the same key', async () => {
      const home = tempDir(suite, 'p4i-desktop-');
      const config = writeConfig(home, 'server:\n  port: 0\nlocal_agent:\n  enabled: false\n');
      const pki = join(home, 'user-data', 'pki');
      const run = async (keychain?: 'none' | 'basic_text'): Promise<void> => {
        const desktop = new DesktopApp(suite, home, config, undefined, keychain);
        await waitFor(() => desktop.reported('window').length > 0 || desktop.child.exitCode !== null, 30_000, 'the window');
        assert.equal(desktop.child.exitCode, null, desktop.log());
        await quit(desktop);
      };
      await run('none');
      const key = readFileSync(join(pki, 'secrets.key'));
      assert.equal(statSync(join(pki, 'secrets.key')).mode & 0o777, 0o600);
      assert.equal(existsSync(join(pki, 'secrets.key.keychain')), false);
      await run('basic_text');
      assert.deepEqual(readFileSync(join(pki, 'secrets.key')), key, 'basic_text protects nothing: the key file stays');
      assert.equal(existsSync(join(pki, 'secrets.key.keychain')), false);
      await run();
      assert.equal(existsSync(join(pki, 'secrets.key')), false, 'the key file is gone');
      assert.deepEqual(Buffer.from(standInDecrypt(readFileSync(join(pki, 'secrets.key.keychain'))), 'base64'), key, 'the same key, so sealed values still open');
    });

    test('Windows: an AppUserModelId for notifications, and no local agent by default', async () => {
      const desktop = await started('win32', 'server:\n  port: 0\n');
      assert.deepEqual(desktop.reported('app-user-model-id').map((r) => r.appId), ['com.p4integrator.desktop']);
      assert.equal((await desktop.invoke<SettingsDto>('settings.get')).local_agent, false);
      await quit(desktop);
    });

    test('macOS: the tray shows a template image; its @2x and attention variants are drawn', async () => {
      const desktop = await started('darwin', 'server:\n  port: 0\nlocal_agent:\n  enabled: false\n');
      const tray = await desktop.tray();
      assert.equal(tray.image, 'trayTemplate.png');
      assert.ok(tray.imageExists);
      for (const file of ['trayTemplate@2x.png', 'trayAlertTemplate.png', 'trayAlertTemplate@2x.png']) assert.ok(existsSync(join(ROOT, 'dist', 'desktop', file)), file);
      assert.deepEqual(desktop.reported('app-user-model-id'), []);
      await quit(desktop);
    });
  });

  describe('a start failure', () => {
    let blocker: Server;
    before(async () => {
      blocker = createServer();
      await new Promise<void>((ok) => blocker.listen(0, '127.0.0.1', ok));
      suite.after(() => new Promise<void>((ok) => blocker.close(() => ok())));
    });

    const failedStart = async (yaml: string, platform?: 'win32'): Promise<Reported> => {
      const home = tempDir(suite, 'p4i-desktop-');
      const desktop = new DesktopApp(suite, home, writeConfig(home, yaml), platform);
      assert.equal(await desktop.exited, 1, desktop.log());
      assert.deepEqual(desktop.reported('window'), [], 'no window');
      const [dialog, ...more] = desktop.reported('dialog');
      assert.ok(dialog, `a dialog; output: ${desktop.log()}`);
      assert.equal(more.length, 0);
      assert.equal(dialog.title, 'P4 Integrator cannot start');
      assert.deepEqual(findProcesses(['agent.cjs', home]), [], 'no local agent left behind');
      return dialog;
    };

    test('the agent port taken: a dialog names the port, the likely cause and the setting', async () => {
      const port = (blocker.address() as { port: number }).port;
      const home = tempDir(suite);
      const dialog = await failedStart(`server:\n  port: ${port}\nlocal_agent:\n  workspace: ${JSON.stringify(home)}\n`);
      assert.match(String(dialog.content), new RegExp(`agent port 127\\.0\\.0\\.1:${port} is already in use, most likely by another P4 Integrator master`));
      assert.match(String(dialog.content), /Fix: stop that master, or give this one another port: set server\.port in .*master\.yaml/);
    });

    test('a data directory that cannot be written: a dialog names it and the setting; the log file of the config has why', async () => {
      const home = tempDir(suite);
      writeFileSync(join(home, 'a-file'), '');
      const logFile = join(home, 'logs', 'desktop.jsonl');
      const dialog = await failedStart(`data_dir: ${JSON.stringify(join(home, 'a-file', 'data'))}\nserver:\n  port: 0\nmonitoring:\n  log_file: ${JSON.stringify(logFile)}\n`);
      assert.match(String(dialog.content), /data directory .*a-file\/data is not writable: ENOTDIR/);
      assert.match(String(dialog.content), /set data_dir in .*master\.yaml/);
      const lines = readFileSync(logFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { level: string; msg: string });
      assert.deepEqual(lines.map((l) => `${l.level} ${l.msg}`), ['fatal the master could not start']);
    });

    test('the local agent asked for on Windows: a dialog with the one sentence and the alternative', async () => {
      const dialog = await failedStart('server:\n  port: 0\nlocal_agent:\n  enabled: true\n', 'win32');
      assert.match(String(dialog.content), /^The local agent cannot run on Windows \(.*\): connect a remote Linux or macOS agent over SSH, or run P4 Integrator inside WSL\.\n\nFix: remove local_agent\.enabled from /);
    });

    test('a config file with a mistake: a dialog quotes it', async () => {
      const dialog = await failedStart('server:\n  prot: 1\n');
      assert.match(String(dialog.content), /The config file is not valid: .*prot/);
    });
  });
});
