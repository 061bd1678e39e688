// The Agents and Settings screens end to end: Chromium drives the page of a real headless
// master; a real OpenSSH server on loopback (test/fixtures/sshd.ts) is bootstrapped from the
// Bootstrap dialog (host key approval, passphrase prompt, live progress, stop), a pending agent
// is accepted from the approvals panel (and an impostor shows both key fingerprints), and a notification preference switched off in
// Settings suppresses its notification. Screenshots go to test-results/screenshots/.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import type { AgentDto } from '../../preload/api.ts';
import { createScenario } from '../fixtures/p4sim/index.ts';
import { keygen, startSshd, type Sshd } from '../fixtures/sshd.ts';
import type { ApiClient } from '../helpers/api-client.ts';
import { notifications, openApp, pageErrors, screenshot, startAppUnderTest } from '../helpers/browser.ts';
import { findProcesses, startAgent, suiteCleanup, tempDir, waitFor, type MasterProc } from '../helpers/processes.ts';

describe('the Agents and Settings screens in Chromium', () => {
  const suite = suiteCleanup();
  let dir: string;
  let master: MasterProc;
  let api: ApiClient;
  let context: BrowserContext;
  let sshd: Sshd;
  let lockedKey: string;
  const passphrase = 'tr0ub4dor & 3 horses';
  const agent = async (id: string): Promise<AgentDto | undefined> => (await api.agents()).find((a) => a.agent_id === id);

  before(async () => {
    dir = tempDir(suite);
    sshd = await startSshd(suite);
    // The agents this sshd's bootstraps start are killed (by pid) when the suite ends.
    suite.after(() => {
      for (const pid of findProcesses(['--agent-id', sshd.home])) process.kill(pid, 'SIGKILL');
    });
    lockedKey = keygen(join(dir, 'locked_ed25519'), passphrase);
    sshd.authorize(`${lockedKey}.pub`);
    const sshConfig = join(dir, 'ssh_config');
    const knownHosts = join(dir, 'known_hosts');
    writeFileSync(knownHosts, ''); // the host key is unknown: the dialog must stop on it
    writeFileSync(sshConfig, [
      'Host build-ui',
      '  HostName 127.0.0.1',
      `  Port ${sshd.port}`,
      `  User ${sshd.user}`,
      `  IdentityFile ${lockedKey}`,
      '  IdentitiesOnly yes',
      'Host other-box *.corp',
      '  HostName 127.0.0.2',
      'Host *',
      '  ServerAliveInterval 30',
      '',
    ].join('\n'));
    // The master inherits these: its ~/.ssh/config and known_hosts are the test's.
    Object.assign(process.env, { P4I_SSH_CONFIG: sshConfig, P4I_KNOWN_HOSTS: knownHosts, P4I_NODE_RUNTIMES: join(dir, 'no-runtimes'), SSH_AUTH_SOCK: '' });
    ({ master, api, context } = await startAppUnderTest(suite));
  });

  test('an agent bootstrapped from the dialog: host key trusted by its fingerprint, passphrase asked, online in the list, then stopped', async () => {
    const page = await openApp(context, master.url, master.token, '#/agents');
    await page.getByRole('button', { name: 'Bootstrap agent…' }).click();
    const dialog = page.locator('dialog.bootstrap-dialog');
    await dialog.waitFor();
    // Suggestions are the Host aliases of ~/.ssh/config, wildcard patterns left out.
    await waitFor(async () => (await dialog.locator('datalist#ssh-hosts option').count()) === 2, 5000, 'host suggestions');
    assert.deepEqual(await dialog.locator('datalist#ssh-hosts option').evaluateAll((os) => os.map((o) => (o as unknown as { value: string }).value)), ['build-ui', 'other-box']);

    await dialog.getByRole('button', { name: 'Bootstrap', exact: true }).click();
    assert.match(await dialog.locator('[data-field=host] .field-error').innerText(), /host is required/);
    await dialog.locator('input[name=host]').fill('build-ui');
    assert.match(await dialog.locator('[data-field=host] .field-hint').innerText(), new RegExp(`${sshd.user}@127\\.0\\.0\\.1:${sshd.port} from ~/.ssh/config`));
    await dialog.locator('input[name=workspace]').fill(sshd.home);
    await dialog.locator('input[name=labels]').fill('ssh, ui');
    await screenshot(page, '12-bootstrap-form');
    await dialog.getByRole('button', { name: 'Bootstrap', exact: true }).click();

    // The host key stop: the fingerprint the server really has, and an explicit Trust button.
    const hostKey = dialog.locator('.host-key');
    await hostKey.waitFor({ timeout: 15_000 });
    assert.equal(await dialog.getAttribute('data-state'), 'needs_host_key');
    assert.equal(await hostKey.getAttribute('data-status'), 'unknown');
    assert.equal(await hostKey.locator('.host-key-fingerprint').innerText(), sshd.fingerprint);
    assert.equal(await dialog.locator('.bstep[data-step=connect]').getAttribute('data-step-state'), 'current');
    await screenshot(page, '13-bootstrap-host-key');
    await hostKey.getByRole('button', { name: 'Trust this key' }).click();

    // The key file has a passphrase: SSH asks through the dialog.
    const prompt = dialog.locator('form.bootstrap-prompt');
    await prompt.waitFor({ timeout: 15_000 });
    assert.equal(await prompt.getAttribute('data-kind'), 'passphrase');
    const secret = prompt.locator('input[name=answer-0]');
    assert.equal(await secret.getAttribute('type'), 'password');
    await secret.fill(passphrase);
    await screenshot(page, '14-bootstrap-passphrase');
    await prompt.getByRole('button', { name: 'Send' }).click();

    await waitFor(async () => (await dialog.getAttribute('data-state')) === 'done' || (await dialog.getAttribute('data-state')) === 'failed', 30_000, 'bootstrap ended');
    const agentId = `${sshd.user}.build-ui-${sshd.port}`;
    assert.equal(await dialog.getAttribute('data-state'), 'done', await dialog.locator('.bootstrap-state').innerText());
    assert.match(await dialog.locator('.state-done').innerText(), new RegExp(`Agent ${agentId.replace(/\./g, '\\.')} is online`));
    for (const step of ['connect', 'check_shell', 'probe', 'install', 'start', 'register']) {
      assert.equal(await dialog.locator(`.bstep[data-step=${step}]`).getAttribute('data-step-state'), 'done', step);
    }
    assert.ok(await dialog.locator('.bootstrap-log li').count() >= 6, 'the log lines arrived live');
    // The passphrase is nowhere in the page once sent.
    const leaked = await page.evaluate((p) => {
      const g = globalThis as unknown as { document: { documentElement: { outerHTML: string } }; localStorage: object; sessionStorage: object };
      return [g.document.documentElement.outerHTML, JSON.stringify(g.localStorage), JSON.stringify(g.sessionStorage)].some((s) => s.includes(p));
    }, passphrase);
    assert.equal(leaked, false, 'the passphrase is not kept in the page');
    await screenshot(page, '15-bootstrap-done');
    await dialog.getByRole('button', { name: 'Close' }).click();
    await dialog.waitFor({ state: 'detached' });

    const row = page.locator(`tr[data-agent-id="${agentId}"]`);
    await page.locator(`tr[data-agent-id="${agentId}"][data-status=online]`).waitFor({ timeout: 10_000 });
    assert.deepEqual(await row.locator('.labels .badge').allInnerTexts(), ['ssh', 'ui']);
    assert.match(await row.locator('.cert').innerText(), /\d+ days left/, 'its certificate expiry');
    assert.match(await row.innerText(), /accepted/);
    await page.locator(`tr[data-bootstrap-id][data-state=done]`).first().waitFor();
    await screenshot(page, '16-agents-bootstrapped');

    // Stop over SSH from the row: followed in the dialog, the agent goes offline.
    await row.getByRole('button', { name: 'Stop' }).click();
    await dialog.waitFor();
    // A new SSH connection: the key's passphrase is asked again (it was never kept).
    await prompt.waitFor({ timeout: 15_000 });
    await secret.fill(passphrase);
    await prompt.getByRole('button', { name: 'Send' }).click();
    await waitFor(async () => ['done', 'failed'].includes((await dialog.getAttribute('data-state')) ?? ''), 20_000, 'stop ended');
    assert.equal(await dialog.getAttribute('data-state'), 'done', await dialog.locator('.bootstrap-state').innerText());
    assert.match(await dialog.locator('.state-done').innerText(), /stopped/);
    await dialog.getByRole('button', { name: 'Close' }).click();
    await page.locator(`tr[data-agent-id="${agentId}"][data-status=offline]`).waitFor({ timeout: 10_000 });
    assert.deepEqual(findProcesses(['--agent-id', sshd.home]), [], 'the remote agent process is gone');
    assert.deepEqual(pageErrors(page), []);
    await page.close();
  });

  test('a pending agent shows its key fingerprint, is accepted from the UI and runs a command; an impostor shows both keys', async (t) => {
    const page = await openApp(context, master.url, master.token, '#/agents');
    startAgent(t, { masterPort: master.agentPort, agentId: 'newcomer-ui', workspace: dir, spoolDir: join(dir, 'newcomer-ui'), tls: { ca: join(master.dataDir, 'pki', 'ca.pem') } });
    const pending = await waitFor(async () => ((await agent('newcomer-ui'))?.enrolment === 'pending' ? agent('newcomer-ui') : undefined), 10_000, 'pending agent');
    const card = page.locator('.approval[data-agent-id="newcomer-ui"]');
    await card.waitFor({ timeout: 10_000 });
    assert.match(pending!.key_fingerprint!, /^([0-9a-f]{2}:){31}[0-9a-f]{2}$/);
    assert.equal(await card.locator('.fingerprint[data-kind=key]').innerText(), pending!.key_fingerprint);
    assert.match(await card.innerText(), /new agent/);
    await screenshot(page, '17-agents-pending');

    await card.getByRole('button', { name: 'Accept' }).click();
    await card.waitFor({ state: 'detached' });
    await page.locator('tr[data-agent-id="newcomer-ui"][data-status=online]').waitFor({ timeout: 15_000 });
    assert.match(await page.locator('tr[data-agent-id="newcomer-ui"]').innerText(), /accepted/);
    const cmdId = await api.run({ agent_id: 'newcomer-ui', command: ['echo', 'accepted from the UI'] });
    await api.waitForState(cmdId, ['exited']);
    assert.equal((await api.output(cmdId)).toString(), 'accepted from the UI\n');

    // Another key presented for the same agent id: denied, and both fingerprints are shown.
    startAgent(t, { masterPort: master.agentPort, agentId: 'newcomer-ui', workspace: dir, spoolDir: join(dir, 'impostor-ui'), tls: { ca: join(master.dataDir, 'pki', 'ca.pem') } });
    const denied = await waitFor(async () => ((await agent('newcomer-ui'))?.enrolment === 'denied' ? agent('newcomer-ui') : undefined), 10_000, 'denied agent');
    await card.waitFor({ timeout: 10_000 });
    assert.match(await card.innerText(), /key mismatch/);
    assert.equal(await card.locator('.fingerprint[data-kind=key]').innerText(), pending!.key_fingerprint, 'the enrolled key');
    assert.equal(await card.locator('.fingerprint[data-kind=denied]').innerText(), denied!.denied_fingerprint, 'the key presented now');
    assert.notEqual(denied!.denied_fingerprint, pending!.key_fingerprint);
    await screenshot(page, '19-agents-denied');
    assert.deepEqual(pageErrors(page), []);
    await page.close();
  });

  test('a notification switched off in Settings is not shown; switched on again, it is', async () => {
    const page = await openApp(context, master.url, master.token, '#/settings');
    const done = page.locator('.notify-prefs input[name=notify-done]');
    await done.waitFor();
    assert.equal(await done.isChecked(), true, 'every event notifies by default');
    await done.uncheck();
    await page.reload();
    await page.locator('.link-open').waitFor();
    await waitFor(async () => (await api.request('GET', '/api/settings/notifications')).json.done === false, 5000, 'the master keeps the choice');
    await done.waitFor();
    await waitFor(async () => !(await done.isChecked()), 5000, 'the reloaded page shows the master\'s choice');
    assert.equal(await page.locator('.notify-prefs input[name=notify-needs_resolve]').isChecked(), true);
    await page.locator('.templates').waitFor();
    await page.locator('[data-agent-host="127.0.0.1"]', { hasText: 'This machine only' }).waitFor();
    await screenshot(page, '18-settings-notifications');

    const runJob = async (): Promise<string> => {
      const sim = createScenario('clean', { root: join(dir, `sim-${Math.random().toString(36).slice(2)}`) });
      const res = await api.request('POST', '/api/jobs', { agent_id: 'local', spec: { workspace: sim.workspace, branch_spec: sim.branch, env: sim.env } });
      assert.equal(res.status, 201, JSON.stringify(res.json));
      return res.json.job_id;
    };
    const numberOf = async (jobId: string): Promise<number> => (await api.request('GET', `/api/jobs/${jobId}`)).json.number;
    const jobDone = (page: Page, jobId: string) => page.locator(`tr[data-job-id="${jobId}"]`, { hasText: 'done' }).waitFor({ timeout: 30_000 });

    await page.goto(`${master.url}#/jobs`);
    const quiet = await runJob();
    await jobDone(page, quiet);
    await new Promise((ok) => setTimeout(ok, 300));
    const quietNumber = await numberOf(quiet);
    assert.equal((await notifications(page)).filter((n) => n.title.startsWith(`Job #${quietNumber} `)).length, 0, 'DONE is off: no notification');

    await page.goto(`${master.url}#/settings`);
    await done.check();
    await page.goto(`${master.url}#/jobs`);
    const loud = await runJob();
    await jobDone(page, loud);
    const loudNumber = await numberOf(loud);
    await waitFor(async () => (await notifications(page)).find((n) => n.title === `Job #${loudNumber} done`), 5000, 'the done notification once DONE is on again');
    assert.deepEqual(pageErrors(page), []);
    await page.close();
  });
});

