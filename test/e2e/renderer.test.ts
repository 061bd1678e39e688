// The renderer end to end: Debian's Chromium drives the page served by a real headless master
// with a local agent and the Perforce simulator. Every screen is photographed into
// test-results/screenshots/.
import assert from 'node:assert/strict';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import type { Browser, BrowserContext } from 'playwright-core';
import type { JobDto } from '../../preload/api.ts';
import { createScenario, resolveInWorkspace, type Scenario, type ScenarioName } from '../fixtures/p4sim/index.ts';
import { ApiClient } from '../helpers/api-client.ts';
import { appContext, copiedPaneText, heapMiB, launchBrowser, longestTask, notifications, openApp, openPane, pageErrors, paneShows, resetLongestTask, screenshot } from '../helpers/browser.ts';
import { startMaster, suiteCleanup, tempDir, waitFor, type MasterProc } from '../helpers/processes.ts';

const envLines = (sim: Scenario) => Object.entries(sim.env).map(([k, v]) => `${k}=${v}`).join('\n');

describe('the renderer in Chromium', () => {
  const suite = suiteCleanup();
  let dir: string;
  let dataDir: string;
  let master: MasterProc;
  let api: ApiClient;
  let browser: Browser;
  let context: BrowserContext;
  let n = 0;
  const scenario = (name: ScenarioName): Scenario => createScenario(name, { root: join(dir, `sim-${n++}`) });
  const job = async (jobId: string): Promise<JobDto> => (await api.request('GET', `/api/jobs/${jobId}`)).json;
  /** Jobs of this suite, for the History test after the restart. */
  const made: { liveJob?: string; conflictJob?: string } = {};

  before(async () => {
    dir = tempDir(suite);
    dataDir = join(dir, 'data');
    master = await startMaster(suite, { dataDir, localAgent: true, extra: ['--watch-interval-s', '1'] });
    api = new ApiClient(master.url, master.token);
    await api.waitForAgent('local');
    browser = await launchBrowser(suite);
    context = await appContext(browser);
  });

  test('a job created in the UI shows its output live, stage by stage, until it is done', async () => {
    const sim = scenario('clean');
    // The init script is sourced before every stage; on the first (LOGIN) it prints slowly, so
    // the pane must show lines while that command still runs.
    const initScript = join(dir, 'slow-init.sh');
    writeFileSync(initScript, `[ -e '${dir}/init-ran' ] || { touch '${dir}/init-ran'; for i in 1 2 3 4 5 6; do echo "warming up $i"; sleep 0.4; done; }\n`);
    chmodSync(initScript, 0o755);

    const page = await openApp(context, master.url, master.token, '#/jobs');
    await screenshot(page, '01-jobs-empty');
    await page.getByRole('button', { name: 'New job' }).click();
    const dialog = page.locator('dialog');
    await dialog.locator('input[name=workspace]').fill('relative/ws');
    await dialog.locator('input[name=branch_spec]').fill(sim.branch);
    await dialog.getByRole('button', { name: 'Start job' }).click();
    const fieldError = dialog.locator('[data-field=workspace] .field-error');
    await fieldError.waitFor();
    assert.match(await fieldError.innerText(), /workspace must be an absolute path/, 'the master\'s message is shown next to its field');
    await screenshot(page, '02-new-job-validation');

    await dialog.locator('input[name=workspace]').fill(sim.workspace);
    // Integration options: a flag p4 copy does not take is refused by name, next to its field.
    await dialog.locator('select[name=source_kind]').selectOption('stream-copy');
    await dialog.locator('input[name=stream]').fill('//stream/dev');
    await dialog.locator('input[name=integrate_flags]').fill('-Di');
    await dialog.getByRole('button', { name: 'Start job' }).click();
    const flagError = dialog.locator('[data-field=integrate_flags] .field-error');
    await flagError.waitFor();
    assert.match(await flagError.innerText(), /"-Di" is not allowed with p4 copy \(allowed: -F\)/);
    await screenshot(page, '02b-new-job-integration-options');
    await dialog.locator('input[name=integrate_flags]').fill('');
    await dialog.locator('select[name=source_kind]').selectOption('branch');
    await dialog.locator('select[name=agent_id]').selectOption('local');
    await dialog.locator('input[name=init_script]').fill(initScript);
    await dialog.locator('textarea[name=description]').fill('release integration from the UI');
    await dialog.locator('textarea[name=env]').fill(envLines(sim));
    await dialog.getByRole('button', { name: 'Start job' }).click();

    await page.waitForURL(/#\/jobs\/[^/]+$/);
    const jobId = decodeURIComponent(page.url().split('#/jobs/')[1]!);
    made.liveJob = jobId;
    const initPane = page.locator('.stage-run[data-stage=LOGIN] .pane');
    await initPane.locator('.log-rows', { hasText: 'warming up 1' }).waitFor({ timeout: 15_000 });
    const whileRunning = await job(jobId);
    assert.equal(whileRunning.stage, 'LOGIN', 'the first line shows while LOGIN still runs');
    assert.equal(whileRunning.stages.at(-1)!.ended_at, null);
    await screenshot(page, '03-job-live-pane');

    await page.locator('.job-screen[data-status=done]').waitFor({ timeout: 30_000 });
    const done = await job(jobId);
    assert.equal(await page.locator('.timeline > .stage-run.open').count(), 0, 'finished stages close');
    const first = done.stages.find((s) => s.stage === 'LOGIN')!;
    await openPane(page, first.cmd_id!);
    assert.match(await copiedPaneText(page, first.cmd_id!, (await api.output(first.cmd_id!)).length), /warming up 1\n(.|\n)*warming up 6\n/, 'the live lines stay');
    const stages = await page.locator('.stage-run .stage-name').allInnerTexts();
    assert.deepEqual(stages, done.stages.map((s) => s.stage + (s.attempt > 1 ? ` #${s.attempt}` : '')));
    assert.match(await page.locator('.stage-run[data-stage=P4PUSH] .stage-summary').innerText(), new RegExp(`change ${done.changelist} submitted`));
    const sync = done.stages.find((s) => s.stage === 'SYNC')!;
    await openPane(page, sync.cmd_id!);
    const syncOutput = await api.output(sync.cmd_id!);
    assert.equal(await copiedPaneText(page, sync.cmd_id!, syncOutput.length), syncOutput.toString(), 'a finished stage replays its whole output');
    await screenshot(page, '04-job-done');

    await page.goto(`${master.url}#/jobs`);
    const row = page.locator(`tr[data-job-id="${jobId}"]`);
    await row.waitFor();
    assert.match(await row.innerText(), /done/);
    assert.match(await row.innerText(), new RegExp(sim.branch));
    await screenshot(page, '05-jobs-list');
    assert.deepEqual(pageErrors(page).filter((e) => !/status of 400/.test(e)), [], 'no error but the refused spec');
    await page.close();
  });

  test('a conflict shows the Needs-resolve screen and a notification; resolving in the workspace finishes the job without a click', async () => {
    const sim = scenario('conflict');
    const page = await openApp(context, master.url, master.token, '#/resolve');
    const res = await api.request('POST', '/api/jobs', { agent_id: 'local', spec: { workspace: sim.workspace, branch_spec: sim.branch, env: sim.env } });
    assert.equal(res.status, 201);
    const jobId: string = res.json.job_id;
    made.conflictJob = jobId;
    const { number } = await job(jobId);

    const panel = page.locator(`.conflicts[data-job-id="${jobId}"]`);
    await panel.waitFor({ timeout: 30_000 });
    const rows = await panel.locator('.conflict-row').allInnerTexts();
    assert.equal(rows.length, sim.conflicts.length);
    for (const [i, c] of sim.conflicts.entries()) {
      assert.match(rows[i]!, new RegExp(c.localPath.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
      assert.match(rows[i]!, /content conflict/);
      assert.match(rows[i]!, /p4 resolve /);
    }
    await waitFor(async () => (await notifications(page)).find((x) => x.title === `Job #${number} needs resolve`), 5000, 'the needs-resolve notification');
    assert.match(await page.title(), /\(1\) needs resolve/);
    assert.equal(await page.locator('.nav .count').innerText(), '1');

    await panel.getByRole('button', { name: 'Continue' }).click();
    const answer = panel.locator('.continue-answer');
    await answer.waitFor();
    assert.match(await answer.innerText(), new RegExp(`Not yet: ${sim.conflicts.length} conflicts? remaining`));
    assert.match(await answer.innerText(), new RegExp(sim.conflicts[0]!.localPath.split('/').at(-1)!));
    await waitFor(async () => !/not yet/.test(await panel.locator('.last-check').innerText()), 10_000, 'a watcher check time');
    await screenshot(page, '06-needs-resolve');

    await page.goto(`${master.url}#/jobs/${jobId}`);
    await page.locator('.needs-resolve').waitFor();
    for (const c of sim.conflicts) assert.equal((await resolveInWorkspace(sim, c.localPath, 'merged by hand\n')).code, 0);
    await page.locator('.job-screen[data-status=done]').waitFor({ timeout: 30_000 });
    await waitFor(async () => (await notifications(page)).find((x) => x.title === `Job #${number} done`), 5000, 'the done notification');
    assert.doesNotMatch(await page.title(), /needs resolve/);
    assert.equal(await page.locator('.needs-resolve').count(), 0);
    assert.deepEqual(pageErrors(page), []);
    await page.close();
  });

  test('agents and settings screens show what the master knows', async () => {
    const page = await openApp(context, master.url, master.token, '#/agents');
    const row = page.locator('tr[data-agent-id=local]');
    await row.waitFor();
    assert.match(await row.innerText(), /online/);
    assert.match(await row.innerText(), /accepted/);
    await screenshot(page, '07-agents');
    await page.goto(`${master.url}#/settings`);
    await page.locator('.templates').waitFor();
    const text = await page.locator('main').innerText();
    assert.match(text, new RegExp(`Agent port\\s+${master.agentPort}`));
    assert.match(text, /p4 integrate -c \{changelist\} -b \{branch_spec\}/);
    await screenshot(page, '08-settings');
    await page.close();
  });

  test('a 1,000,000-line command streams into its pane without freezing the page; finished, it opens at its end and search covers all of it', async () => {
    const sim = scenario('clean');
    const hook = join(dir, 'million.sh');
    // A pre-submit hook (think: a build) that prints a million lines once its pane is open, and
    // ends only when the test has looked at the live pane.
    const release = join(dir, 'million-release');
    writeFileSync(hook, `#!/bin/sh\nsleep 1\nseq 1 1000000\nwhile [ ! -e '${release}' ]; do sleep 0.1; done\n`);
    chmodSync(hook, 0o755);
    const res = await api.request('POST', '/api/jobs', { agent_id: 'local', spec: { workspace: sim.workspace, branch_spec: sim.branch, env: sim.env, pre_submit_hook: hook } });
    assert.equal(res.status, 201);
    const jobId: string = res.json.job_id;
    const page = await openApp(context, master.url, master.token, `#/jobs/${jobId}`);
    const pane = page.locator('.stage-run[data-stage=PRE_SUBMIT] .pane');
    await pane.waitFor({ timeout: 30_000 });
    const cmdId = (await pane.getAttribute('data-cmd-id'))!;
    await resetLongestTask(page);
    const total = 6_888_896; // bytes of `seq 1 1000000`
    const started = Date.now();
    await paneShows(page, cmdId, total, 60_000);
    await pane.locator('.log-rows', { hasText: '1000000' }).waitFor({ timeout: 10_000 });
    const seconds = (Date.now() - started) / 1000;
    const longest = await longestTask(page);
    const heapMb = await heapMiB(page);
    console.log(`1M-line pane: ${seconds.toFixed(1)} s to show, longest main-thread task ${Math.round(longest)} ms, JS heap ${Math.round(heapMb)} MiB`);
    // Loose bounds: timing goals belong to the benchmark; this catches a frozen page or a pane
    // that keeps everything in memory.
    assert.ok(longest < 1500, `longest task ${longest} ms`);
    assert.ok(heapMb < 400, `JS heap ${heapMb} MiB`);
    assert.match(await pane.locator('.log-earlier').innerText(), /Lines 1–\d+ .* not loaded/, 'lines dropped from the pane say so');
    await screenshot(page, '11-million-lines');
    writeFileSync(release, '');

    // Finished: the section opens again at the end of the output, numbered as in the file.
    await page.locator('.job-screen[data-status=done]').waitFor({ timeout: 30_000 });
    await openPane(page, cmdId);
    await pane.locator('.log-row[data-line="1000000"]', { hasText: '1000000' }).waitFor();
    assert.ok(Number(await pane.locator('.log').getAttribute('data-start')) > 0, 'only the tail was read');
    await pane.locator('.pane-search').fill('999999');
    await pane.locator('.pane-search').press('Enter');
    await pane.locator('.search-count', { hasText: '1 of 1' }).waitFor();
    await pane.locator('.log-row.focused[data-line="999999"]').waitFor();
    await pane.locator('.pane-search').fill('12345');
    await pane.locator('.pane-search').press('Enter');
    await pane.locator('.search-count', { hasText: /^1 of 2\d$/ }).waitFor();
    await pane.locator('.log-row.focused[data-line="12345"]', { hasText: '12345' }).waitFor({ timeout: 10_000 });
    await screenshot(page, '12-search-far-back');
    // The focused line's link opens the page there again.
    const link = (await pane.locator('.log-row.focused .log-ln').getAttribute('href'))!;
    assert.match(link, new RegExp(`^#/jobs/${jobId}/stage/\\d+/L12345$`));
    await page.goto(`${master.url}${link}`);
    await page.locator('.pane .log-row.focused[data-line="12345"]').waitFor();
    const download = await api.request('GET', `/api/commands/${cmdId}/output?download=1`);
    assert.equal(download.bytes.length, total);
    assert.deepEqual(pageErrors(page), []);
    await page.close();
  });

  test('the page receives the output of the command its pane shows, not of another one streaming at the same time', async () => {
    const gate = join(dir, 'watch-gate');
    const run = async () => api.run({ agent_id: 'local', command: `while [ ! -e '${gate}' ]; do sleep 0.05; done; seq 1 100000` });
    const [shown, other] = [await run(), await run()];
    const page = await context.newPage();
    const sent: string[] = [];
    const received = new Map<string, number>();
    page.on('websocket', (ws) => {
      ws.on('framesent', (f) => sent.push(String(f.payload)));
      ws.on('framereceived', (f) => {
        if (typeof f.payload === 'string') return;
        const head = JSON.parse(f.payload.subarray(4, 4 + f.payload.readUInt32BE(0)).toString()) as { cmd_id: string };
        received.set(head.cmd_id, (received.get(head.cmd_id) ?? 0) + 1);
      });
    });
    await page.goto(`${master.url}?token=${encodeURIComponent(master.token)}#/commands/${shown}`);
    await page.locator(`.pane[data-cmd-id="${shown}"]`).waitFor();
    await waitFor(() => sent.some((m) => m.includes('"subscribe"') && m.includes(shown)), 10_000, 'the pane subscribed to its command');
    writeFileSync(gate, '');
    for (const id of [shown, other]) await api.waitForState(id, ['exited']);
    await paneShows(page, shown, 588_895, 30_000); // bytes of `seq 1 100000`
    assert.ok((received.get(shown) ?? 0) > 0, 'live output of the command shown');
    assert.equal(received.get(other), undefined, 'no output of the other command');
    await page.evaluate(() => void ((globalThis as unknown as { location: { hash: string } }).location.hash = '#/commands'));
    await waitFor(() => sent.some((m) => m.includes('"unsubscribe"') && m.includes(shown)), 10_000, 'the closed pane unsubscribed');
    await page.close();
  });

  test('after a restart, History browses every job and its output with no agent, and finds a line of output', async () => {
    assert.ok(made.liveJob && made.conflictJob, 'the earlier tests made their jobs');
    await master.kill('SIGTERM');
    master = await startMaster(suite, { dataDir });
    api = new ApiClient(master.url, master.token);
    const page = await openApp(context, master.url, master.token, '#/history');
    await page.locator(`tr[data-job-id="${made.liveJob}"]`).waitFor();
    await page.locator(`tr[data-job-id="${made.conflictJob}"]`).waitFor();

    await page.getByLabel('Search output').fill('warming up 4');
    await page.getByRole('button', { name: 'Search' }).click();
    await waitFor(async () => (await page.locator('.jobs-table tbody tr').count()) === 1 && (await page.locator(`tr[data-job-id="${made.liveJob}"]`).count()) === 1, 5000, 'only the job that printed the line');
    assert.match(await page.locator('.result-count').innerText(), /1 job whose output contains “warming up 4”/);
    await screenshot(page, '09-history-search');
    // Opened from the search, the job shows the stage that printed it, at the matching line.
    await page.locator(`tr[data-job-id="${made.liveJob}"]`).click();
    await page.locator('.timeline > .stage-run.open[data-stage=LOGIN] .log-row.focused', { hasText: 'warming up 4' }).waitFor();
    await page.locator('.stage-run.open .search-count', { hasText: '1 of 1' }).waitFor();
    await screenshot(page, '09b-history-open-at-match');
    await page.goBack();
    await page.locator('.jobs-table').waitFor();

    await page.getByLabel('Search output').fill('');
    await page.getByLabel('Search job fields').fill(made.conflictJob!);
    await page.getByRole('button', { name: 'Search' }).click();
    await waitFor(async () => (await page.locator('.jobs-table tbody tr').count()) === 1, 5000, 'the job found by its id');
    await page.locator(`tr[data-job-id="${made.conflictJob}"]`).click();
    await page.locator('.job-screen[data-status=done]').waitFor();
    const done = await job(made.conflictJob!);
    // The first RESOLVE_CHECK listed the conflicts (the watcher's checks are one folded line).
    const check = done.stages.find((s) => s.stage === 'RESOLVE_CHECK')!;
    await openPane(page, check.cmd_id!);
    const checkOutput = await api.output(check.cmd_id!);
    assert.ok(checkOutput.length > 0);
    assert.equal(await copiedPaneText(page, check.cmd_id!, checkOutput.length), checkOutput.toString());
    await screenshot(page, '10-history-job');
    assert.deepEqual(pageErrors(page), []);
    await page.close();
  });
});
