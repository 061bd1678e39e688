// A master whose store refuses writes tells the people looking at it: Chromium shows a banner
// with the reason while another process holds the database's write lock, and the banner goes
// once writes succeed again.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { ApiClient } from '../helpers/api-client.ts';
import { appContext, launchBrowser, openApp, pageErrors, screenshot } from '../helpers/browser.ts';
import { startMaster, tempDir, waitFor } from '../helpers/processes.ts';
import { holdWriteLock } from '../helpers/sqlite-lock.ts';

test('the page shows why the master cannot store anything, and stops once it can', async (t) => {
  const dataDir = join(tempDir(t), 'data');
  const master = await startMaster(t, { dataDir, extra: ['--insecure'] });
  const api = new ApiClient(master.url, master.token);
  const browser = await launchBrowser(t);
  const page = await openApp(await appContext(browser), master.url, master.token, '#/jobs');
  const banner = page.locator('.health-banner');
  assert.equal(await banner.count(), 0, 'no banner while the store works');

  const newJob = { labels: ['nowhere'], spec: { workspace: '/w', branch_spec: 'main-to-rel' } };
  const release = await holdWriteLock(t, join(dataDir, 'p4-integrator.db'));
  const refused = await api.request('POST', '/api/jobs', newJob);
  assert.equal(refused.status, 503);
  assert.match(refused.json.error, /store unavailable: database locked by another process: .*p4-integrator\.db/);
  await banner.waitFor({ timeout: 30_000 });
  assert.match(await banner.innerText(), /cannot store output: database locked by another process: .*p4-integrator\.db/);
  await screenshot(page, 'store-banner');

  await release();
  await banner.waitFor({ state: 'detached', timeout: 30_000 });
  await waitFor(async () => (await api.request('GET', '/api/health', undefined, null)).status === 200, 10_000, 'health 200 again');
  assert.equal((await api.request('POST', '/api/jobs', newJob)).status, 201, 'writes work again');
  // Chromium logs the 503 of GET /api/health, which the banner reads, as a console error.
  assert.deepEqual(pageErrors(page).filter((e) => !/status of 503/.test(e)), [], 'no other error in the page');
});
