import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { platform } from './api';
import { screenshotsDir } from './screenshot-index';


/** Debian's Chromium through playwright-core (no browser download). */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'],
  });
}

/** A browser context on the platform, signed in through the login page as a user would. */
export async function signedInPage(browser: Browser, email: string, password: string, width = 1280): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL: platform().baseURL, viewport: { width, height: 900 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: platform().baseURL });
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  await page.goto('/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
  return { context, page };
}

/** A full-page PNG under e2e/screenshots/<journey>/ (kept as a CI artifact). */
export async function shoot(page: Page, journey: string, step: string): Promise<void> {
  const folder = path.join(screenshotsDir, journey);
  mkdirSync(folder, { recursive: true });
  await page.evaluate(() => window.scrollTo(0, 0)); // the sticky navigation then sits at the top of the picture
  await page.screenshot({ path: path.join(folder, `${step}.png`), fullPage: true });
}

/** How many points a Recharts line chart draws (its dots). */
export async function chartDots(page: Page, chart: string): Promise<number> {
  return page.locator(`[data-chart="${chart}"] .recharts-line-dot`).count();
}


/** Waits until the page shows `text` somewhere (in a visible element). */
export async function waitForText(page: Page, text: string | RegExp, timeout = 30_000): Promise<void> {
  await page.getByText(text).first().waitFor({ state: 'visible', timeout });
}

/** One Chromium for the spec file: launched before its tests, closed after. */
export function useBrowser(): () => Browser {
  let browser: Browser | undefined;
  beforeAll(async () => { browser = await launchBrowser(); });
  afterAll(async () => { await browser?.close(); });
  return () => browser!;
}
