// Integration options in Chromium against a real master, a local agent and the Perforce
// simulator. The New job dialog's Preview names the source changes and their authors without
// opening anything, and Start runs the same job. On the Needs resolve screen each conflict
// names its file, chunks, the source change and its author; "Accept merged" is held back while
// chunks conflict; "Take theirs" asks first, saying what is lost, and the job then finishes by
// itself. One change at a time shows its source changes on the job page (submitted, current,
// pending, with authors), and a resolve taken from the app stands on the job's timeline. The
// simulated server says what was opened and submitted.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import type { JobDto } from '../../preload/api.ts';
import { createScenario, createSimDepot, depotContent, runP4 } from '../fixtures/p4sim/index.ts';
import { type AppUnderTest, openApp, pageErrors, screenshot, startAppUnderTest } from '../helpers/browser.ts';
import { suiteCleanup, waitFor } from '../helpers/processes.ts';

describe('the New job preview and the Needs resolve actions', () => {
  const suite = suiteCleanup();
  let app: AppUnderTest;

  before(async () => {
    app = await startAppUnderTest(suite, ['--watch-interval-s', '1']);
  });

  test('Preview in the New job dialog names the pending changes and files; Start job runs the same spec', async () => {
    const sim = createScenario('clean', { root: join(app.dir, 'sim-preview') });
    const page = await openApp(app.context, app.master.url, app.master.token, '#/jobs');
    await page.getByRole('button', { name: 'New job' }).click();
    const dialog = page.locator('dialog');
    await dialog.locator('input[name=workspace]').fill(sim.workspace);
    await dialog.locator('input[name=branch_spec]').fill(sim.branch);
    await dialog.locator('select[name=agent_id]').selectOption('local');
    await dialog.locator('textarea[name=env]').fill(Object.entries(sim.env).map(([k, v]) => `${k}=${v}`).join('\n'));
    await dialog.getByRole('button', { name: 'Preview' }).click();
    const preview = dialog.locator('.integration-preview');
    await preview.waitFor({ timeout: 30_000 });
    // The server's own answer: what is pending from main, and by whom.
    const pending = (await runP4(sim, ['interchanges', '-b', sim.branch])).stdout;
    const changes = [...pending.matchAll(/^Change (\d+) on \S+ by (\w+)@/gm)].map((m) => `${m[1]} by ${m[2]}`);
    assert.ok(changes.length > 0, pending);
    const items = await preview.locator('.preview-changes li').allInnerTexts();
    assert.deepEqual(items.map((t) => /^(\d+ by \w+)/.exec(t)?.[1]), changes);
    const files = await preview.locator('.preview-files li').allInnerTexts();
    assert.deepEqual(files.map((f) => f.split(' ')[0]), sim.opened);
    assert.equal((await runP4(sim, ['opened'])).stdout, '', 'the preview opened nothing');
    // The env box shows its first lines, not this machine's PATH.
    await dialog.locator('textarea[name=env]').evaluate((el) => { el.scrollTop = 0; });
    await dialog.evaluate((el) => { el.scrollTop = el.scrollHeight; });
    await screenshot(page, '21-new-job-preview');

    await dialog.getByRole('button', { name: 'Start job' }).click();
    await page.waitForURL(/#\/jobs\/[^/]+$/);
    const jobId = decodeURIComponent(page.url().split('#/jobs/')[1]!);
    const done = await waitFor(async () => {
      const j = (await app.api.request('GET', `/api/jobs/${jobId}`)).json as JobDto;
      return j.status === 'done' || j.status === 'error' ? j : undefined;
    }, 60_000, 'the job to end');
    assert.equal(done.status, 'done', done.error ?? '');
    const described = (await runP4(sim, ['describe', '-s', String(done.submitted_change)])).stdout;
    assert.deepEqual([...described.matchAll(/^\.\.\. (\S+)#\d+ /gm)].map((m) => m[1]), sim.opened, 'it submitted the files the preview named');
    assert.deepEqual(pageErrors(page), []);
    await page.close();
  });

  test('a conflict card names the author and the chunks; Take theirs, confirmed, lets the job finish', async () => {
    const sim = createScenario('conflict', { root: join(app.dir, 'sim') });
    const page = await openApp(app.context, app.master.url, app.master.token, '#/resolve');
    const created = await app.api.request('POST', '/api/jobs', { agent_id: 'local', spec: { workspace: sim.workspace, branch_spec: sim.branch, env: sim.env } });
    const jobId = created.json.job_id as string;
    const card = page.locator(`.conflicts[data-job-id="${jobId}"] .conflict-row`);
    await card.locator('.source').waitFor({ timeout: 60_000 });
    const job: JobDto = (await app.api.request('GET', `/api/jobs/${jobId}`)).json;
    const [conflict] = job.conflicts;

    // What the server says about the source: change 3 by sim made main/a.txt#2.
    assert.match((await runP4(sim, ['filelog', '//depot/main/a.txt'])).stdout, /^\.\.\. #2 change 3 edit on .* by sim@/m);
    assert.equal(await card.count(), 1);
    const text = await card.innerText();
    assert.match(text, /\/\/depot\/release\/a\.txt/);
    assert.match(text, /1 conflicting · 0 theirs · 0 yours · 0 both/);
    assert.match(await card.locator('.source').innerText(), /\/\/depot\/main\/a\.txt#2, change 3 by sim/);
    assert.match(await card.locator('.target-last').innerText(), /change 4 by sim/);
    assert.deepEqual(await card.locator('.command-line code').allInnerTexts(), [conflict!.commands.resolve, conflict!.commands.accept_theirs, conflict!.commands.accept_yours]);
    assert.equal(await card.getByRole('button', { name: 'Copy' }).count(), 3);
    const merged = card.getByRole('button', { name: 'Accept merged' });
    assert.equal(await merged.isDisabled(), true);
    assert.match(await merged.getAttribute('title') ?? '', /1 conflicting chunk\(s\) left/);
    await screenshot(page, '20-needs-resolve-actions');

    const confirms: string[] = [];
    page.on('dialog', (d) => {
      confirms.push(d.message());
      void d.accept();
    });
    await card.getByRole('button', { name: 'Take theirs' }).click();
    await waitFor(async () => ((await app.api.request('GET', `/api/jobs/${jobId}`)).json as JobDto).status === 'done', 60_000, 'the job done by itself');
    assert.match(confirms[0]!, /^Take theirs for \/\/depot\/release\/a\.txt\?/);
    assert.match(confirms[0]!, /LOST: the target's own changes to this file — last change 4 by sim/);
    assert.equal(depotContent(sim, '//depot/release/a.txt')!.toString(), depotContent(sim, '//depot/main/a.txt')!.toString(), 'the source version was submitted');
    assert.deepEqual(pageErrors(page), []);
    await page.close();
  });

  test('one change at a time: the job page shows each source change with its author and state, and the resolve from the app on the timeline', async () => {
    const lines = (edit: Record<number, string>) => Array.from({ length: 4 }, (_, i) => edit[i + 1] ?? `line ${i + 1}`).join('\n') + '\n';
    const sim = createSimDepot({
      root: join(app.dir, 'sim-chain'),
      branches: { b: [['//depot/main/...', '//depot/rel/...']] },
      changes: [
        { description: 'import', files: { '//depot/main/a.txt': lines({}), '//depot/main/b.txt': 'b\n' } },
        { description: 'branch', integrate: 'b' },
        { description: 'rel: hotfix line 3', user: 'bob', files: { '//depot/rel/a.txt': lines({ 3: 'line 3 from rel' }) } },
        { description: 'main: a line 1', user: 'ann', files: { '//depot/main/a.txt': lines({ 1: 'main 1' }) } },
        { description: 'main: a line 3', user: 'joe', files: { '//depot/main/a.txt': lines({ 1: 'main 1', 3: 'line 3 from main' }) } },
        { description: 'main: b grows', user: 'ann', files: { '//depot/main/b.txt': 'b\nb2\n' } },
      ],
      synced: true,
    });
    const created = await app.api.request('POST', '/api/jobs', { agent_id: 'local', spec: { workspace: sim.workspace, branch_spec: 'b', path: '//depot/rel/...', one_change_at_a_time: true, env: sim.env } });
    assert.equal(created.status, 201, JSON.stringify(created.json));
    const jobId = created.json.job_id as string;
    const page = await openApp(app.context, app.master.url, app.master.token, `#/jobs/${encodeURIComponent(jobId)}`);
    const steps = page.locator('.chain-list .chain-step');
    await page.locator('.conflict-row .source').waitFor({ timeout: 60_000 });
    const texts = async () => (await steps.allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
    const [first] = ((await app.api.request('GET', `/api/jobs/${jobId}`)).json as JobDto).chain!;
    // The server: change 4 by ann is already in, as the first submitted change.
    assert.match((await runP4(sim, ['describe', '-s', String(first!.submitted_change)])).stdout, /\tIntegrate change 4 by ann: main: a line 1/);
    const waiting = await texts();
    assert.match(waiting[0]!, new RegExp(`^submitted change 4 by ann main: a line 1 submitted as ${first!.submitted_change}$`));
    assert.match(waiting[1]!, /^current change 5 by joe main: a line 3 stopped: needs resolve · change \d+$/);
    assert.match(waiting[2]!, /^pending change 6 by ann main: b grows$/);
    assert.match(await page.locator('.conflict-row .source').innerText(), /change 5 by joe/);
    await screenshot(page, 'chain-needs-resolve');

    page.on('dialog', (d) => void d.accept());
    await page.locator('.conflict-row').getByRole('button', { name: 'Take theirs' }).click();
    await waitFor(async () => (await texts()).every((t) => t.startsWith('submitted')), 60_000, 'every change submitted on the page');
    const done = (await app.api.request('GET', `/api/jobs/${jobId}`)).json as JobDto;
    assert.equal(done.status, 'done', done.error ?? '');
    for (const step of done.chain!) {
      assert.match((await runP4(sim, ['describe', '-s', String(step.submitted_change)])).stdout, new RegExp(`\\tIntegrate change ${step.change} by ${step.user}:`));
    }
    const action = page.locator('.timeline > .stage-run.purpose-action');
    assert.equal(await action.count(), 1);
    assert.match((await action.innerText()).replace(/\s+/g, ' '), /NEEDS_RESOLVE resolve from the app exit 0 api chose accept theirs \(source\) for \/\/depot\/rel\/a\.txt: resolved/);
    await action.scrollIntoViewIfNeeded();
    await screenshot(page, 'chain-done-resolve-on-timeline');
    assert.deepEqual(pageErrors(page), []);
    await page.close();
  });
});
