// Debian's Chromium driven by playwright-core, for end-to-end tests of the renderer served by
// a real headless master. Screenshots go to test-results/screenshots/.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { ROOT, waitFor, type Cleanup } from './processes.ts';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOTS = join(ROOT, 'test-results', 'screenshots');

export async function launchBrowser(t: Cleanup): Promise<Browser> {
  // Playwright gives every launch a fresh temporary profile (it refuses --user-data-dir here).
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  t.after(() => browser.close());
  return browser;
}

/** Notifications and clipboard granted; every Notification the page shows is recorded. */
export async function appContext(browser: Browser): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  await context.grantPermissions(['notifications', 'clipboard-read', 'clipboard-write']);
  await context.addInitScript(() => {
    const w = window as unknown as { __notifications: { title: string; body: string }[]; __longestTask: number };
    w.__notifications = [];
    w.__longestTask = 0;
    const Original = window.Notification;
    class Recording extends Original {
      constructor(title: string, options?: NotificationOptions) {
        super(title, options);
        w.__notifications.push({ title, body: options?.body ?? '' });
      }
    }
    window.Notification = Recording as typeof Notification;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) w.__longestTask = Math.max(w.__longestTask, entry.duration);
    }).observe({ type: 'longtask', buffered: true });
  });
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
  return page.evaluate(() => (window as unknown as { __notifications: { title: string; body: string }[] }).__notifications);
}

export async function longestTask(page: Page): Promise<number> {
  return page.evaluate(() => (window as unknown as { __longestTask: number }).__longestTask);
}

/** Opens a stage's pane (a click on "Show output" unless it is open already). */
export async function openPane(page: Page, cmdId: string): Promise<void> {
  const toggle = page.locator(`.stage-run[data-cmd-id="${cmdId}"] .pane-toggle`);
  if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
  await page.locator(`.pane[data-cmd-id="${cmdId}"]`).waitFor();
}

/** Waits until a pane has drawn `bytes` bytes of output. */
export async function paneShows(page: Page, cmdId: string, bytes: number, timeoutMs = 15_000): Promise<void> {
  const pane = page.locator(`.pane[data-cmd-id="${cmdId}"]`);
  await waitFor(async () => Number(await pane.getAttribute('data-shown')) === bytes, timeoutMs, async () => `pane ${cmdId} shows ${bytes} bytes (now ${await pane.getAttribute('data-shown')})`);
}

/** The whole text of a pane once it shows `bytes`, through its Copy button (what the user gets). */
export async function copiedPaneText(page: Page, cmdId: string, bytes: number): Promise<string> {
  await paneShows(page, cmdId, bytes);
  await page.locator(`.pane[data-cmd-id="${cmdId}"] button`, { hasText: 'Copy' }).click();
  await page.locator(`.pane[data-cmd-id="${cmdId}"] button`, { hasText: 'Copied' }).waitFor();
  return page.evaluate(() => navigator.clipboard.readText());
}
