import { describe, expect, it } from 'vitest';
import { json, newUser, uploadCsv } from '../support/api';
import { shoot, signedInPage, useBrowser } from '../support/browser';
import { trainVersion } from '../support/seed';

/** Messages where "free" and "prize" mean spam (the serving text fixture's data, generated here). */
function spamCsv(rows: number): string {
  const filler = ['meeting', 'tomorrow', 'at', 'noon', 'please', 'call', 'me', 'about', 'the', 'report', 'lunch', 'today', 'see', 'you', 'soon'];
  const lines = ['message,spam'];
  for (let i = 0; i < rows; i++) {
    const words = Array.from({ length: 4 + (i % 5) }, (_, k) => filler[(i * 7 + k * 3) % filler.length]);
    if (i % 2 === 0) words.splice(i % words.length, 0, i % 4 === 0 ? 'prize' : 'free');
    lines.push(`"${words.join(' ')}${i % 3 === 0 ? '!' : '.'}",${i % 2 === 0 ? 'yes' : 'no'}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Text journey: a text column's profile, an auto-config text model, and token explanations in the playground. */
describe('text journey: profile a text column, train, and see why per token', () => {
  const browser = useBrowser();

  it('shows token statistics, trains with no config written, and highlights tokens in the playground', async () => {
    const member = await newUser('member');
    const dataset = await uploadCsv(member.api, spamCsv(300), 'spam.csv');
    const auto = await json(await member.api.post('/api/models', { data: { name: 'Spam', datasetId: dataset.id, targets: ['spam'] } }), 201);
    expect(auto.config).toMatch(/type: tf_idf/);
    const run = await trainVersion(member.api, auto.versionId);
    expect(run.status).toBe('completed');
    await json(await member.api.post('/api/deployments', { data: { name: 'spam-e2e', runId: run.id } }), 201);

    const { page } = await signedInPage(browser(), member.email, member.password);
    const shot = (step: string) => shoot(page, 'text', step);
    await page.goto(`/datasets/${dataset.id}`);
    const card = page.getByRole('region', { name: 'Column message' });
    await card.locator('[data-text-summary]').getByText('Truncated').waitFor();
    await card.locator('[data-chart="histogram"]').waitFor();
    await shot('01-dataset-text-card');
    await page.goto(`/datasets/${dataset.id}/columns/message`);
    await page.getByRole('heading', { name: 'Length in tokens' }).waitFor();
    await page.getByRole('heading', { name: 'Most frequent tokens' }).waitFor();
    expect(await page.getByRole('list', { name: 'Example values' }).getByRole('listitem').count()).toBe(5);
    await shot('02-text-column');

    await page.goto('/deployments/spam-e2e');
    const message = page.locator('textarea#input-message');
    await message.waitFor();
    await message.fill('please call me about the free report');
    await page.getByRole('button', { name: 'Predict', exact: true }).click();
    const explanation = page.getByTestId('token-explanation-message');
    await explanation.waitFor();
    expect(await explanation.locator('mark').allTextContents()).toEqual(['please', 'call', 'me', 'about', 'the', 'free', 'report']);
    expect(await explanation.locator('mark[data-token="free"]').getAttribute('title')).toMatch(/^“free”: [+−]\d\.\d{3}/);
    await shot('03-playground-tokens');
  });
});
