// The job page and the log viewer as engineers use them, in Chromium on a real master with a
// local agent: a failed stage opens at its error, errors read without raw ANSI codes, lines
// keep their colours, numbers and links, search ignores case unless asked, downloads need no
// token in their URL, the page follows the running stage until the user scrolls it, ad-hoc
// commands have their screen with a Kill button, the page has a dark mode and keyboard
// shortcuts, and the layout holds at 1000 px. Screenshots in light and dark, at 1440 and
// 1000 px, go to test-results/screenshots/.
import assert from 'node:assert/strict';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { JobDto } from '../../preload/api.ts';
import { createScenario } from '../fixtures/p4sim/index.ts';
import type { ApiClient } from '../helpers/api-client.ts';
import { openApp, pageErrors, screenshot, startAppUnderTest } from '../helpers/browser.ts';
import { suiteCleanup, waitFor, type MasterProc } from '../helpers/processes.ts';

describe('job page and log viewer in Chromium', () => {
  const suite = suiteCleanup();
  let dir: string;
  let master: MasterProc;
  let api: ApiClient;
  let browser: Browser;
  let context: BrowserContext;
  const job = async (jobId: string): Promise<JobDto> => (await api.request('GET', `/api/jobs/${jobId}`)).json;
  const shots = async (page: Page, name: string) => {
    for (const theme of ['light', 'dark'] as const) {
      await page.evaluate(`document.documentElement.dataset.theme = '${theme}'`);
      for (const width of [1440, 1000]) {
        await page.setViewportSize({ width, height: 900 });
        await screenshot(page, `${name}-${theme}-${width}`);
      }
    }
    await page.evaluate(`document.documentElement.dataset.theme = 'light'`);
    await page.setViewportSize({ width: 1280, height: 860 });
  };

  before(async () => {
    ({ dir, master, api, context } = await startAppUnderTest(suite));
    browser = context.browser()!;
  });

  test('a failed stage opens at its error output; the Error field shows no raw ANSI codes', async () => {
    const sim = createScenario('clean', { root: join(dir, 'sim-fail') });
    const hook = join(dir, 'failing-build.sh');
    writeFileSync(hook, [
      '#!/bin/sh',
      'for i in $(seq 1 40); do echo "compiling unit $i"; done',
      "printf '\\033[32mok\\033[0m 38 tests passed\\n'",
      "printf '\\033[1;31mFAIL\\033[0m test_merge_order: expected 3, got 4\\n' >&2",
      'exit 1',
    ].join('\n') + '\n');
    chmodSync(hook, 0o755);
    const res = await api.request('POST', '/api/jobs', { agent_id: 'local', spec: { workspace: sim.workspace, branch_spec: sim.branch, env: sim.env, pre_submit_hook: hook, description: 'nightly main → release' } });
    assert.equal(res.status, 201);
    const jobId: string = res.json.job_id;
    await waitFor(async () => (await job(jobId)).status === 'error', 60_000, 'the job fails at its pre-submit hook');
    const failed = await job(jobId);
    const page = await openApp(context, master.url, master.token, `#/jobs/${jobId}`);
    await page.locator('.job-screen[data-status=error]').waitFor();
    assert.match(await page.locator('h1').innerText(), new RegExp(`#${failed.number}\\s+nightly main → release`));

    const open = page.locator('.timeline > .stage-run.open');
    await open.waitFor();
    assert.equal(await open.count(), 1, 'only the failed stage is open');
    assert.equal(await open.getAttribute('data-stage'), 'PRE_SUBMIT');
    const pane = open.locator('.pane');
    assert.equal(await pane.locator('.stream-tab.active').innerText().then((t) => t.split(' ')[0]), 'stderr', 'it opens on the error output');
    const failLine = pane.locator('.log-row', { hasText: 'test_merge_order' });
    await failLine.waitFor();
    assert.equal(await failLine.locator('.fg-1.bold').innerText(), 'FAIL', 'ANSI colours are drawn, not printed');
    assert.doesNotMatch(await page.locator('main').innerText(), /\[\d+(;\d+)*m/, 'no raw ANSI codes anywhere on the page');
    assert.match(await page.locator('.job-error').innerText(), /FAIL test_merge_order/);
    assert.equal(await page.locator('.job-error, .stage-summary, .stage-decision', { hasText: 'test_merge_order' }).count(), 1, 'the error is said once');
    await shots(page, 'job-failed');

    // stdout: numbered lines with times; a line's link opens the page at that line.
    await pane.locator('.stream-tab', { hasText: 'stdout' }).click();
    const row = pane.locator('.log-row[data-line="12"]');
    await row.waitFor();
    assert.equal(await row.locator('.log-text').innerText(), 'compiling unit 12');
    assert.match(await row.locator('.log-time').innerText(), /^\d\d:\d\d:\d\d$/);
    await pane.locator('.time-mode').click();
    assert.match(await row.locator('.log-time').innerText(), /^\+\d+:\d\d$/, 'elapsed since the command started');
    await pane.locator('.time-mode').click(); // off
    assert.equal(await row.locator('.log-time').count(), 0);
    await pane.locator('.time-mode').click(); // clock again
    await row.locator('.log-ln').click();
    await page.waitForURL(/\/stage\/\d+\/L12$/);
    const link = page.url();
    const other = await openApp(context, master.url, master.token, link.slice(link.indexOf('#')));
    await other.locator('.stage-run.open .log-row.focused[data-line="12"]').waitFor();
    await screenshot(other, 'line-link-light-1280');
    await other.close();

    // Search ignores case unless asked to match it.
    const search = pane.locator('.pane-search');
    await search.fill('COMPILING Unit 12');
    await search.press('Enter');
    await pane.locator('.search-count', { hasText: '1 of 1' }).waitFor();
    assert.equal(await pane.locator('.log-row.focused[data-line="12"] mark').innerText(), 'compiling unit 12', 'the match is marked as printed');
    await pane.locator('.match-case').click();
    await pane.locator('.search-count', { hasText: 'not found' }).waitFor();
    await pane.locator('.match-case').click();
    await pane.locator('.search-count', { hasText: '1 of 1' }).waitFor();

    // Raw download of each stream: the whole bytes, as a file, from a URL without the API token
    // that is good for this one download.
    const [download] = await Promise.all([page.waitForEvent('download'), pane.locator('.download').click()]);
    const cmdId = (await pane.getAttribute('data-cmd-id'))!;
    assert.equal(download.suggestedFilename(), `${cmdId}.stdout.log`);
    assert.deepEqual(Buffer.from(await (await download.createReadStream()).toArray().then((parts) => Buffer.concat(parts))), await api.output(cmdId));
    assert.doesNotMatch(download.url(), new RegExp(`token|${master.token}`));
    assert.match(download.url(), /[?&]ticket=/);
    const again = await fetch(download.url());
    assert.equal(again.status, 403, 'a ticket is good once');
    assert.match(((await again.json()) as { error: string }).error, /download ticket/);
    assert.deepEqual(pageErrors(page), []);
    await page.close();
  });

  test('the Commands screen lists ad-hoc commands, shows one live, and kills it', async () => {
    const cmdId = await api.run({ agent_id: 'local', command: "i=0; while true; do i=$((i+1)); printf '\\033[33mtick\\033[0m %d\\n' $i; sleep 0.2; done", shell: true });
    const page = await openApp(context, master.url, master.token, '#/commands');
    const row = page.locator(`tr[data-cmd-id="${cmdId}"]`);
    await row.waitFor();
    assert.match(await row.innerText(), /running|queued/);
    await row.click();
    const detail = page.locator(`.command-detail[data-cmd-id="${cmdId}"]`);
    await detail.locator('.log-row', { hasText: 'tick 3' }).waitFor({ timeout: 15_000 });
    // It follows the command: a later line shows up without a click.
    await detail.locator('.log-row', { hasText: 'tick 12' }).waitFor({ timeout: 15_000 });
    assert.equal(await detail.locator('.log-later').count(), 0, 'a running command\'s view stays at its end');
    assert.equal(await detail.locator('.log-row[data-line="1"] .fg-3').innerText(), 'tick');
    await shots(page, 'commands-live');
    page.once('dialog', (d) => void d.accept());
    await detail.getByRole('button', { name: 'Kill' }).click();
    await detail.locator('[data-state=killed]').or(page.locator(`.command-detail[data-state=killed]`)).first().waitFor({ timeout: 15_000 });
    assert.equal((await api.command(cmdId)).state, 'killed', 'the master killed it');
    await row.locator('.command-killed').waitFor();
    assert.deepEqual(pageErrors(page), []);
    await page.close();
  });

  test('dark mode follows the system and the toggle; keyboard shortcuts move between screens and rows', async () => {
    const dark = await browser.newContext({ viewport: { width: 1000, height: 800 }, colorScheme: 'dark' });
    const page = await openApp(dark, master.url, master.token, '#/jobs');
    assert.equal(await page.locator('html').getAttribute('data-theme'), 'dark', 'dark preferred → dark page');
    const background = await page.evaluate('getComputedStyle(document.body).backgroundColor');
    assert.notEqual(background, 'rgb(246, 247, 249)');
    await page.locator('tr.row-link').first().waitFor();
    await screenshot(page, 'jobs-dark-1000');
    const overflow = Number(await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth'));
    assert.ok(overflow <= 0, `the jobs list fits 1000 px (${overflow} px too wide)`);

    await page.locator('.theme-switch').click(); // system → light
    assert.equal(await page.locator('html').getAttribute('data-theme'), 'light');
    await page.locator('.theme-switch').click(); // light → dark
    await page.locator('.theme-switch').click(); // dark → system (dark here)
    assert.equal(await page.locator('html').getAttribute('data-theme'), 'dark');

    await page.locator('h1').click(); // focus leaves the theme button
    await page.keyboard.press('?');
    await page.locator('.shortcut-help').waitFor();
    await screenshot(page, 'shortcuts-dark-1000');
    await page.keyboard.press('Escape');
    await page.keyboard.press('g');
    await page.keyboard.press('c');
    await page.waitForURL(/#\/commands$/);
    await page.keyboard.press('g');
    await page.keyboard.press('j');
    await page.waitForURL(/#\/jobs$/);
    await page.locator('main tr.row-link').first().waitFor();
    await page.keyboard.press('j');
    const first = page.locator('tr.row-link.kbd-selected');
    await first.waitFor();
    const jobId = (await first.getAttribute('data-job-id'))!;
    await page.keyboard.press('Enter');
    await page.waitForURL(new RegExp(`#/jobs/${jobId}$`));
    await page.locator('.stage-run.open .pane-search').waitFor();
    await page.keyboard.press('/');
    assert.equal(await page.evaluate('document.activeElement.className'), 'pane-search', '"/" goes to the open output\'s search');
    await dark.close();
  });

  test('History filters by changelist and shows #numbers', async () => {
    const jobs = (await api.request('GET', '/api/jobs')).json as JobDto[];
    const withChange = jobs.find((j) => j.changelist !== null);
    assert.ok(withChange, 'a job of this suite has a changelist');
    const page = await openApp(context, master.url, master.token, '#/history');
    await page.getByLabel('Changelist').fill(String(withChange.changelist));
    await page.getByRole('button', { name: 'Search' }).click();
    await waitFor(async () => (await page.locator('.jobs-table tbody tr').count()) === jobs.filter((j) => j.changelist === withChange.changelist).length, 5000, 'only the jobs of that change');
    assert.match(await page.locator(`tr[data-job-id="${withChange.job_id}"] .job-number`).innerText(), new RegExp(`^#${withChange.number}$`));
    // Charts of what the API returned: durations and outcomes over time, and the blockers.
    await page.locator('.history-charts .plot canvas').first().waitFor();
    assert.equal(await page.locator('.history-charts .plot canvas').count(), 2);
    assert.match(await page.locator('.ranking', { hasText: 'Causes of failed jobs' }).innerText(), /pre-submit hook failed: FAIL test_merge_order: expected N, got N\s+1/);
    await shots(page, 'history');
    await page.close();
  });

  test('the page follows the running stage until the user scrolls it, then stays where the user put it', async () => {
    const sim = createScenario('clean', { root: join(dir, 'sim-follow') });
    const hook = join(dir, 'slow-build.sh');
    const release = join(dir, 'slow-build-release');
    // A build that prints for a while and ends when the test says so.
    writeFileSync(hook, `#!/bin/sh\nsleep 2\nfor i in $(seq 1 300); do echo "building part $i"; done\nwhile [ ! -e '${release}' ]; do sleep 0.1; done\necho built\n`);
    chmodSync(hook, 0o755);
    const page = await openApp(context, master.url, master.token);
    // A short window, so the running stage is out of view unless the page scrolls to it.
    await page.setViewportSize({ width: 1000, height: 400 });
    const res = await api.request('POST', '/api/jobs', { agent_id: 'local', spec: { workspace: sim.workspace, branch_spec: sim.branch, env: sim.env, pre_submit_hook: hook } });
    assert.equal(res.status, 201);
    const jobId: string = res.json.job_id;
    await page.evaluate(`location.hash = '#/jobs/${jobId}'`);
    await page.locator('.job-screen').waitFor();

    const running = page.locator('.stage-run.running[data-stage=PRE_SUBMIT].open');
    await running.locator('.log-row', { hasText: 'building part 300' }).waitFor({ timeout: 60_000 });
    assert.equal(await page.locator('.timeline > .stage-run.open').count(), 1, 'only the running stage is open; the finished ones closed');
    // Followed: the running stage's head, below the fold of the page, is scrolled into the window.
    const head = running.locator('.stage-head');
    const where = () => head.evaluate((el) => ({ top: el.getBoundingClientRect().top, bottom: el.getBoundingClientRect().bottom, inPage: el.getBoundingClientRect().bottom + el.ownerDocument.defaultView!.scrollY }));
    assert.ok((await where()).inPage > 400, 'the running stage is below the fold of the page');
    await waitFor(async () => {
      const { top, bottom } = await where();
      return top >= 0 && bottom <= 400;
    }, 10_000, 'the page to scroll the running stage into view');

    // The user scrolls back up: the page stays there while the job moves on and ends.
    await page.mouse.move(500, 10); // over the stage's head, not its log (which scrolls on its own)
    await page.mouse.wheel(0, -5000);
    await waitFor(async () => Number(await page.evaluate('window.scrollY')) === 0, 10_000, 'the page back at the top');
    await page.evaluate('window.__furthest = 0; addEventListener("scroll", () => { window.__furthest = Math.max(window.__furthest, scrollY); })');
    writeFileSync(release, '');
    await page.locator('.job-screen[data-status=done]').waitFor({ timeout: 60_000 });
    assert.equal(await page.evaluate('window.__furthest'), 0, 'no stage pulled the page down after the user scrolled');
    assert.equal(await page.evaluate('window.scrollY'), 0);
    assert.deepEqual(pageErrors(page), []);
    await page.close();
  });
});
