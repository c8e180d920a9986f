import { createPostgresReader, createTestDatabase, toyCsv, type PostgresReader } from '@overture/testing';
import { xlsxWorkbook } from '@overture/testing/xlsx';
import { describe, expect, it } from 'vitest';
import { newUser } from '../support/api';
import { chartDots, shoot, signedInPage, useBrowser } from '../support/browser';

/** An .xlsx workbook as Excel users make them: a header row, blank cells, dates. */
async function workbook(rows: number): Promise<Buffer> {
  const visits = Array.from({ length: rows }, (_, n) => n + 1).map((i) => [`visitor ${i}`, i % 9, new Date(Date.UTC(2026, 0, i)), i % 3 === 0 ? null : ['search', 'mail'][i % 2]]);
  return xlsxWorkbook([{ name: 'visits', rows: [['visitor', 'pages', 'first visit', 'referrer'], ...visits] }]);
}

/** Journey 1: upload a CSV, read its profile, pick the target, train, watch, read the results, try a prediction. */
describe('analyst journey in the browser', () => {
  const browser = useBrowser();

  it('goes from a CSV file to a prediction made in a form', async () => {
    const analyst = await newUser('member');
    const { page } = await signedInPage(browser(), analyst.email, analyst.password);
    const shot = (step: string) => shoot(page, 'analyst', step);

    // Upload with a progress bar, then the dataset page with its profile.
    await page.goto('/datasets/new');
    await page.getByTestId('file-input').setInputFiles({ name: 'toy.csv', mimeType: 'text/csv', buffer: Buffer.from(toyCsv(200)) });
    await shot('01-file-chosen');
    await page.getByRole('button', { name: 'Upload and profile' }).click();
    await page.waitForURL(/\/datasets\/[0-9a-f-]{36}$/);
    await page.locator('[data-status="ready"]').waitFor({ timeout: 60_000 });
    const cards = page.locator('[data-column]');
    await cards.nth(3).waitFor();
    expect(await cards.evaluateAll((nodes) => nodes.map((n) => `${n.getAttribute('data-column')}:${n.querySelector('.type-tag')?.textContent}`)))
      .toEqual(['x1:number', 'x2:number', 'color:category', 'label:binary']);
    expect(await page.locator('[data-column="x1"] [data-chart="histogram"] .recharts-bar-rectangle').count()).toBeGreaterThan(5);
    await shot('02-profile');
    await page.getByRole('tab', { name: 'Rows' }).click();
    await expect.poll(() => page.getByRole('table', { name: 'Rows' }).locator('tbody tr').count()).toBe(25);
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByText('Rows 26–50 of 200').waitFor();
    await shot('03-rows');

    // A column's own page: the type can be overridden.
    await page.getByRole('tab', { name: 'Column profile' }).click();
    await page.getByRole('link', { name: 'x1', exact: true }).click();
    await page.getByLabel('Feature type').waitFor();
    expect(await page.getByLabel('Feature type').inputValue()).toBe('number');
    expect(await page.locator('[data-chart="histogram"] .recharts-bar-rectangle').count()).toBeGreaterThan(5);
    await shot('04-column');
    await page.goBack();

    // Pick the column to predict and train.
    await page.getByLabel('Column to predict').selectOption('label');
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    await page.waitForURL(/\/runs\/[0-9a-f-]{36}$/);
    await page.locator('[data-chart="learning-curve-label"] .recharts-line-dot').first().waitFor({ timeout: 120_000 });
    await shot('05-training');
    await page.locator('h1 [data-status="completed"]').waitFor({ timeout: 150_000 });
    await page.getByTestId('summary-label').waitFor();

    // Results: charts with points, a summary in words.
    expect(await chartDots(page, 'learning-curve-label')).toBeGreaterThan(2);
    expect(await page.getByTestId('summary-label').textContent()).toMatch(/predicted label correctly \d+(\.\d)?% of the time/);
    expect(await page.locator('[data-chart="confusion-matrix"] td.cell').count()).toBe(4);
    expect(await page.locator('[data-chart="roc"] .recharts-line-curve').getAttribute('d')).toMatch(/^M[\d.,]+(L[\d.,]+){2,}/);
    expect(await page.locator('[data-chart="feature-importance"] .recharts-bar-rectangle').count()).toBe(3);
    await shot('06-results');

    // Try a prediction: deploy from the run page, then the generated form.
    await page.getByRole('button', { name: 'Deploy' }).click();
    await page.getByRole('form', { name: 'Prediction form' }).waitFor();
    await page.getByLabel(/^x1/).fill('1.5');
    await page.getByLabel(/^x2/).fill('-1');
    await page.getByLabel(/^color/).selectOption('red');
    await page.getByRole('button', { name: 'Predict', exact: true }).click();
    await page.getByTestId('prediction-label').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('prediction-label').textContent()).toBe('yes');
    await shot('07-prediction');

    // The same results page at 1920 pixels.
    await page.setViewportSize({ width: 1920, height: 1080 });
    await shot('08-results-1920');

    // Housekeeping: the dataset cannot go while its model is served, and the dialog says why.
    await page.goto('/datasets');
    await page.getByRole('link', { name: 'toy.csv' }).first().click();
    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    await page.getByRole('dialog').getByText(/delete those deployments first/).waitFor();
    await shot('09-delete-dataset-refused');
    await page.getByRole('button', { name: 'Keep it' }).click();
  });

  it('pages through an Excel workbook in the rows preview', async () => {
    const analyst = await newUser('member');
    const { page } = await signedInPage(browser(), analyst.email, analyst.password);
    await page.goto('/datasets/new');
    await page.getByTestId('file-input').setInputFiles({ name: 'visits.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: await workbook(60) });
    await page.getByRole('button', { name: 'Upload and profile' }).click();
    await page.waitForURL(/\/datasets\/[0-9a-f-]{36}$/);
    await page.locator('[data-status="ready"]').waitFor({ timeout: 60_000 });
    await page.getByRole('tab', { name: 'Rows' }).click();
    const table = page.getByRole('table', { name: 'Rows' });
    await expect.poll(() => table.locator('tbody tr').count()).toBe(25);
    expect(await table.locator('thead th').allTextContents()).toEqual(['#', 'visitor', 'pages', 'first visit', 'referrer']);
    expect(await table.locator('tbody tr').nth(2).locator('td').allTextContents()).toEqual(['3', 'visitor 3', '3', '2026-01-03T00:00:00.000Z', '—']);
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByText('Rows 51–60 of 60').waitFor();
    expect(await page.getByRole('button', { name: 'Next' }).isDisabled()).toBe(true);
    await shoot(page, 'analyst', '10-xlsx-rows');
  });

  it('refreshes a SQL dataset into a new snapshot, leaving the old one as it was', async () => {
    const source = await createTestDatabase('e2e_refresh_source');
    let reader: PostgresReader | undefined;
    try {
      await source.pool.query('CREATE TABLE signups (id int, plan text, seats int, signed_up date)');
      await source.pool.query(`INSERT INTO signups SELECT i, CASE WHEN i % 3 = 0 THEN 'team' ELSE 'solo' END, 1 + i % 5, DATE '2026-03-01' + i FROM generate_series(1, 40) AS i`);
      reader = await createPostgresReader(source);
      const analyst = await newUser('member');
      const { page } = await signedInPage(browser(), analyst.email, analyst.password);
      // A read-only role, as the form asks (a superuser is refused); its password is never displayed.
      const { url } = reader;
      const password = new URL(url).password;

      await page.goto('/datasets/new');
      await page.getByRole('tab', { name: 'SQL query' }).click();
      await page.getByText('Use a read-only database user').waitFor();
      await page.getByLabel('Dataset name').fill('signups');
      await page.getByLabel('Connection URL').fill(url);
      await page.getByLabel('Query').fill('SELECT id, plan, seats, signed_up FROM signups ORDER BY id');
      await page.getByRole('button', { name: 'Snapshot into a dataset' }).click();
      await page.waitForURL(/\/datasets\/[0-9a-f-]{36}$/);
      const firstUrl = page.url();
      await page.locator('h1 [data-status="ready"]').waitFor({ timeout: 60_000 });
      const facts = page.getByRole('region', { name: 'Source' });
      await facts.getByText(`PostgreSQL on 127.0.0.1:5432, database ${source.name}`).waitFor();
      expect(await facts.getByLabel('SQL query', { exact: true }).textContent()).toBe('SELECT id, plan, seats, signed_up FROM signups ORDER BY id');
      expect(await page.content()).not.toContain(password);
      await shoot(page, 'analyst', '11-sql-dataset');

      await source.pool.query(`INSERT INTO signups SELECT i, 'enterprise', 50, DATE '2026-05-01' + i FROM generate_series(41, 55) AS i`);
      await page.getByRole('button', { name: 'Refresh from source' }).click();
      await page.waitForURL((u) => /\/datasets\/[0-9a-f-]{36}$/.test(u.pathname) && u.toString() !== firstUrl);
      await page.locator('h1 [data-status="ready"]').waitFor({ timeout: 60_000 });
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toMatch(/^signups \(refreshed \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC\)/);
      await page.locator('.stat', { hasText: 'Rows' }).getByText('55').waitFor();
      await page.getByRole('region', { name: 'Source' }).getByRole('link', { name: 'signups', exact: true }).waitFor();
      expect(await page.content()).not.toContain(password);
      await shoot(page, 'analyst', '12-sql-dataset-refreshed');

      // The old snapshot still has its 40 rows, and links to the new one.
      await page.getByRole('region', { name: 'Source' }).getByRole('link', { name: 'signups', exact: true }).click();
      await page.waitForURL(firstUrl);
      await page.locator('.stat', { hasText: 'Rows' }).getByText('40').waitFor();
      await page.getByRole('list', { name: 'Newer snapshots' }).getByRole('link', { name: /^signups \(refreshed / }).waitFor();
    } finally {
      await reader?.drop();
      await source.drop();
    }
  });
});
