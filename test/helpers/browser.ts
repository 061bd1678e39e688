// Debian's Chromium driven by playwright-core, for end-to-end tests of the renderer served by
// a real headless master. Screenshots go to test-results/screenshots/.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { ApiClient } from './api-client.ts';
import { ROOT, startMaster, tempDir, waitFor, type Cleanup, type MasterProc } from './processes.ts';
import { requireProgram } from './system-tools.ts';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOTS = join(ROOT, 'test-results', 'screenshots');

export async function launchBrowser(t: Cleanup): Promise<Browser> {
  // Playwright gives every launch a fresh temporary profile (it refuses --user-data-dir here).
  const browser = await chromium.launch({
    executablePath: requireProgram(CHROMIUM, 'chromium'),
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  t.after(() => browser.close());
  return browser;
}

/**
 * Runs in the page before its own scripts: the longest main-thread task seen
 * (PerformanceObserver 'longtask'), in `window.__longestTask`. Plain JavaScript: it is not our
 * code under test, only the test's (and the benchmark's) eyes.
 */
export const LONGTASK_RECORDER = `
  window.__longestTask = 0;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) window.__longestTask = Math.max(window.__longestTask, entry.duration);
  }).observe({ type: 'longtask', buffered: true });
`;

/** The same, and every Notification the page shows. */
const RECORDER = `
  window.__notifications = [];
  const Original = window.Notification;
  window.Notification = class extends Original {
    constructor(title, options) {
      super(title, options);
      window.__notifications.push({ title, body: (options && options.body) || '' });
    }
  };
${LONGTASK_RECORDER}`;

/** What the recorder and the page leave on the page's global object. */
interface PageGlobals {
  __notifications: { title: string; body: string }[];
  __longestTask: number;
  navigator: { clipboard: { readText(): Promise<string> } };
  performance: { memory?: { usedJSHeapSize: number } };
}

/** Notifications and clipboard granted; every Notification the page shows is recorded. */
export async function appContext(browser: Browser): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  await context.grantPermissions(['notifications', 'clipboard-read', 'clipboard-write']);
  await context.addInitScript({ content: RECORDER });
  return context;
}

export async function openApp(context: BrowserContext, url: string, token: string, hash = ''): Promise<Page> {
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(String(err)));
  page.on('console', (m) => {
    if (m.type() === 'error' && !/favicon/.test(m.text())) errors.push(m.text());
  });
  (page as Page & { errors: string[] }).errors = errors;
  await page.goto(`${url}?token=${encodeURIComponent(token)}${hash}`);
  await page.locator('.link-open').waitFor();
  return page;
}

export function pageErrors(page: Page): string[] {
  return (page as Page & { errors?: string[] }).errors ?? [];
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: false });
}

export async function notifications(page: Page): Promise<{ title: string; body: string }[]> {
  return page.evaluate(() => (globalThis as unknown as PageGlobals).__notifications);
}

/** Forgets long tasks so far (to measure one phase). */
export async function resetLongestTask(page: Page): Promise<void> {
  await page.evaluate(() => void ((globalThis as unknown as PageGlobals).__longestTask = 0));
}

/** Chromium's JS heap in use, MiB. */
export async function heapMiB(page: Page): Promise<number> {
  return page.evaluate(() => ((globalThis as unknown as PageGlobals).performance.memory?.usedJSHeapSize ?? 0) / 1024 / 1024);
}

export async function longestTask(page: Page): Promise<number> {
  return page.evaluate(() => (globalThis as unknown as PageGlobals).__longestTask);
}

/** Opens the section of a stage run (and, for a check or probe, the section holding it) unless it is open already. */
export async function openPane(page: Page, cmdId: string): Promise<void> {
  const section = page.locator(`.timeline > .stage-run[data-holds~="${cmdId}"] > .pane-toggle`);
  if ((await section.getAttribute('aria-expanded')) !== 'true') await section.click();
  const toggle = page.locator(`.stage-run[data-cmd-id="${cmdId}"] > .pane-toggle`);
  if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
  await page.locator(`.pane[data-cmd-id="${cmdId}"]`).waitFor();
}

/** Waits until a pane's log holds its stream up to byte `bytes`. */
export async function paneShows(page: Page, cmdId: string, bytes: number, timeoutMs = 15_000): Promise<void> {
  const pane = page.locator(`.pane[data-cmd-id="${cmdId}"] .log`);
  let last: string | null = null;
  await waitFor(async () => Number(last = await pane.getAttribute('data-shown')) === bytes, timeoutMs, () => `pane ${cmdId} shows ${bytes} bytes (now ${last})`);
}

/** The text a pane holds once it shows `bytes`, through its Copy button (what the user gets). */
export async function copiedPaneText(page: Page, cmdId: string, bytes: number): Promise<string> {
  await paneShows(page, cmdId, bytes);
  await page.locator(`.pane[data-cmd-id="${cmdId}"] button`, { hasText: 'Copy' }).click();
  await page.locator(`.pane[data-cmd-id="${cmdId}"] button`, { hasText: 'Copied' }).waitFor();
  return page.evaluate(() => (globalThis as unknown as PageGlobals).navigator.clipboard.readText());
}

/** What an e2e suite drives: a real master with its local agent, its API and one browser context. */
export interface AppUnderTest {
  dir: string;
  master: MasterProc;
  api: ApiClient;
  context: BrowserContext;
}

export async function startAppUnderTest(suite: Cleanup, extra: string[] = []): Promise<AppUnderTest> {
  const dir = tempDir(suite);
  const master = await startMaster(suite, { dataDir: join(dir, 'data'), localAgent: true, extra });
  const api = new ApiClient(master.url, master.token);
  await api.waitForAgent('local');
  const context = await appContext(await launchBrowser(suite));
  return { dir, master, api, context };
}
