import { describe, expect, it } from 'vitest';
import { platform } from '../support/api';
import { shoot, signedInPage, useBrowser } from '../support/browser';

/** Users: the admin invites someone with a role; the invitee sets a password and gets that role's view. */
describe('admin invites a user in the browser', () => {
  const browser = useBrowser();

  it('invites a viewer who joins through the link and cannot train', async () => {
    const { page } = await signedInPage(browser(), platform().adminEmail, platform().adminPassword);
    await page.goto('/users');
    const email = `viewer-${Date.now()}@example.com`;
    await page.getByLabel('Email', { exact: true }).fill(email);
    await page.getByLabel('Role', { exact: true }).selectOption('viewer');
    await page.getByRole('button', { name: 'Create invitation' }).click();
    const link = (await page.getByTestId('invitation-link').textContent())!.trim();
    expect(link).toMatch(/\/invite\/.+/);
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
  });
});
