import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { platform } from '../support/api';
import { shoot, signedInPage, useBrowser } from '../support/browser';

/** Users: the admin invites someone with a role; the invitee sets a password and gets that role's view. */
describe('admin invites a user in the browser', () => {
  const browser = useBrowser();

  it('invites a viewer who joins through the link and cannot train', async () => {
    const { page } = await signedInPage(browser(), platform().adminEmail, platform().adminPassword);
    const violations = cspViolations(page);
    await page.goto('/users');
    const email = `viewer-${Date.now()}@example.com`;
    await page.getByLabel('Email', { exact: true }).fill(email);
    await page.getByLabel('Role', { exact: true }).selectOption('viewer');
    await page.getByRole('button', { name: 'Create invitation' }).click();
    const link = (await page.getByTestId('invitation-link').textContent())!.trim();
    // No OVERTURE_PUBLIC_URL: the API gives a path and the page puts its own origin before it.
    expect(link.startsWith(`${platform().baseURL}/invite/`)).toBe(true);
    await page.getByRole('table', { name: 'Invitations' }).getByText(email).waitFor();
    await shoot(page, 'admin', '01-invitation');

    const invitee = await browser().newContext({ baseURL: platform().baseURL, viewport: { width: 1280, height: 900 } });
    const joining = await invitee.newPage();
    await joining.goto(link);
    await joining.getByLabel('Name').fill('Vera Viewer');
    await joining.getByLabel('Password').fill('viewer-password-1');
    await shoot(joining, 'admin', '02-accept-invitation');
    await joining.getByRole('button', { name: 'Create my account' }).click();
    await joining.getByRole('heading', { name: 'Welcome, Vera Viewer' }).waitFor();
    expect(await joining.locator('.sidebar-footer .role').textContent()).toBe('viewer');
    expect(await joining.getByRole('link', { name: 'Users' }).count()).toBe(0);
    await shoot(joining, 'admin', '03-viewer-home');
    await invitee.close();
    expect(violations).toEqual([]);
  });

  it('serves the users and API keys pages unframeable, with a CSP the pages run under', async () => {
    const { page } = await signedInPage(browser(), platform().adminEmail, platform().adminPassword);
    const violations = cspViolations(page);
    for (const path of ['/users', '/api-keys', '/login']) {
      const response = (await page.goto(path))!;
      const headers = response.headers();
      expect(headers['x-frame-options']).toBe('DENY');
      expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(headers['x-content-type-options']).toBe('nosniff');
      expect(headers['referrer-policy']).toBe('same-origin');
    }
    // A page on another origin that frames the users page shows nothing of it.
    const framed = await browser().newPage();
    await framed.setContent(`<iframe id="f" src="${platform().baseURL}/users"></iframe>`);
    await framed.waitForTimeout(1000);
    const frame = framed.frames().find((f) => f.url().includes('/users'));
    expect(await frame?.locator('h1').count().catch(() => 0) ?? 0).toBe(0);
    await framed.close();
    expect(violations).toEqual([]);
  });

  it('stays on this site after signing in, whatever `next` says', async () => {
    for (const next of ['/%5Cevil.example', '//evil.example', '/%5C/evil.example', 'https://evil.example', '/%09/evil.example', '%2F%2Fevil.example']) {
      const context = await browser().newContext({ baseURL: platform().baseURL });
      const page = await context.newPage();
      await page.goto(`/login?next=${next}`);
      await page.getByLabel('Email').fill(platform().adminEmail);
      await page.getByLabel('Password').fill(platform().adminPassword);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL((url) => !url.pathname.startsWith('/login'));
      expect(new URL(page.url()).origin).toBe(new URL(platform().baseURL).origin);
      // Signed in already, the login page sends the visitor on at once: the same check applies.
      await page.goto(`/login?next=${next}`);
      expect(new URL(page.url()).origin).toBe(new URL(platform().baseURL).origin);
      await context.close();
    }
  });
});

/** Console reports of anything the Content-Security-Policy blocked (scripts, styles, workers). */
function cspViolations(page: Page): string[] {
  const found: string[] = [];
  page.on('console', (message) => { if (/Content Security Policy/i.test(message.text())) found.push(message.text()); });
  return found;
}
