// The job page's cancel with "keep files and change", then Clean up, in Chromium against a real
// master and the Perforce simulator; the simulated server says what is really left.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import type { JobDto } from '../../preload/api.ts';
import { createScenario, runP4 } from '../fixtures/p4sim/index.ts';
import { type AppUnderTest, openApp, startAppUnderTest } from '../helpers/browser.ts';
import { suiteCleanup, waitFor } from '../helpers/processes.ts';

describe('cancel and clean-up on the job page', () => {
  const suite = suiteCleanup();
  let app: AppUnderTest;

  before(async () => {
    app = await startAppUnderTest(suite, ['--watch-interval-s', '1']);
  });

  test('keep files and change, then Clean up; each confirmation says what will happen', async () => {
    const sim = createScenario('conflict', { root: join(app.dir, 'sim') });
    const created = await app.api.request('POST', '/api/jobs', { agent_id: 'local', spec: { workspace: sim.workspace, branch_spec: sim.branch, env: sim.env } });
    const jobId = created.json.job_id as string;
    const job = async (): Promise<JobDto> => (await app.api.request('GET', `/api/jobs/${jobId}`)).json;
    const waiting = await waitFor(async () => ((await job()).status === 'needs_resolve' ? job() : undefined), 60_000, 'needs_resolve');

    const page = await openApp(app.context, app.master.url, app.master.token, `#/jobs/${jobId}`);
    const confirms: string[] = [];
    page.on('dialog', (d) => {
      confirms.push(d.message());
      void d.accept();
    });
    await page.locator('.job-screen[data-status=needs_resolve]').waitFor();
    await page.getByLabel('keep files and change').check();
    await page.getByRole('button', { name: 'Cancel job' }).click();
    await page.locator('.job-screen[data-status=cancelled] .job-cleanup', { hasText: 'kept' }).waitFor();
    assert.match(confirms[0]!, new RegExp(`its files and change ${waiting.changelist} stay for you`));
    assert.match((await runP4(sim, ['opened', '-c', String(waiting.changelist)])).stdout, new RegExp(`change ${waiting.changelist}`), 'the files are still opened');

    await page.getByRole('button', { name: 'Clean up' }).click();
    await page.locator('.job-cleanup', { hasText: 'done' }).waitFor({ timeout: 30_000 });
    assert.match(confirms[1]!, new RegExp(`Revert the files of change ${waiting.changelist}, delete its shelf and the change`));
    assert.equal((await runP4(sim, ['opened'])).stdout, '');
    assert.equal((await runP4(sim, ['changes', '-s', 'pending'])).stdout, '');
    assert.equal(await page.getByRole('button', { name: 'Clean up' }).count(), 0, 'nothing left to clean up');
    assert.match(await page.getByRole('button', { name: 'Retry as a new job' }).getAttribute('title') ?? '', /as a new job in a new change/);
  });

  test('a job whose secrets were erased asks for them in a dialog before Clean up and Retry', async () => {
    const sim = createScenario('conflict', { root: join(app.dir, 'sim-secrets') });
    const env = { ...sim.env, P4PASSWD: 'typed-again-pw' };
    const created = await app.api.request('POST', '/api/jobs', { agent_id: 'local', spec: { workspace: sim.workspace, branch_spec: sim.branch, env } });
    const jobId = created.json.job_id as string;
    const job = async (): Promise<JobDto> => (await app.api.request('GET', `/api/jobs/${jobId}`)).json;
    const waiting = await waitFor(async () => ((await job()).status === 'needs_resolve' ? job() : undefined), 60_000, 'needs_resolve');
    await app.api.request('POST', `/api/jobs/${jobId}/cancel`, { keep: true });
    await waitFor(async () => ((await job()).erased_secrets.length > 0 ? true : undefined), 10_000, 'the secret erased once the job is over');

    const page = await openApp(app.context, app.master.url, app.master.token, `#/jobs/${jobId}`);
    const confirms: string[] = [];
    page.on('dialog', (d) => {
      confirms.push(d.message());
      void d.accept();
    });
    await page.getByRole('button', { name: 'Clean up' }).click();
    const dialog = page.locator('dialog.secrets-dialog');
    await dialog.waitFor();
    assert.match(await dialog.innerText(), new RegExp(`Revert the files of change ${waiting.changelist}`));
    assert.equal(await dialog.getByRole('button', { name: 'Clean up' }).isDisabled(), true, 'not without the value');
    await dialog.getByLabel('P4PASSWD').fill('typed-again-pw');
    await dialog.getByRole('button', { name: 'Clean up' }).click();
    await page.locator('.job-cleanup', { hasText: 'done' }).waitFor({ timeout: 30_000 });
    assert.equal((await runP4(sim, ['opened'])).stdout, '', 'the clean-up ran with the value given again');

    await page.getByRole('button', { name: 'Retry as a new job' }).click();
    await dialog.getByLabel('P4PASSWD').fill('typed-again-pw');
    await dialog.getByRole('button', { name: 'Retry as a new job' }).click();
    const retried = await waitFor(() => /#\/jobs\/([^/?]+)$/.exec(page.url())?.[1] !== jobId && /#\/jobs\/([^/?]+)$/.exec(page.url())?.[1], 10_000, 'the new job opened');
    assert.deepEqual(confirms, [], 'a dialog asked, not a plain confirmation');
    await app.api.request('POST', `/api/jobs/${retried}/cancel`);
  });
});
