import sharp from 'sharp';
import { zipArchive, type ZipEntry } from '@overture/testing/xlsx';
import { describe, expect, it } from 'vitest';
import { newUser } from '../support/api';
import { shoot, signedInPage, useBrowser } from '../support/browser';

/** A 16×16 gray PNG with one bright bar across (horizontal) or down (vertical), on dim noise. */
function barPng(horizontal: boolean, at: number, next: () => number): Promise<Buffer> {
  const pixels = Buffer.alloc(256);
  for (let p = 0; p < 256; p++) {
    const [y, x] = [Math.floor(p / 16), p % 16];
    pixels[p] = (horizontal ? Math.abs(y - at) <= 1 : Math.abs(x - at) <= 1) ? 200 + Math.floor(next() * 56) : Math.floor(next() * 90);
  }
  return sharp(pixels, { raw: { width: 16, height: 16, channels: 1 } }).toColourspace('b-w').png().toBuffer();
}

/** Issue 14: a zip of a table and its pictures becomes a dataset, trains with no config written, and a picked picture is predicted. */
describe('an image dataset uploaded as a zip', () => {
  const browser = useBrowser();

  it('goes from a zip of pictures to a prediction of a picked picture', async () => {
    let seed = 3;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const entries: ZipEntry[] = [];
    const lines = ['picture,orientation'];
    for (let i = 0; i < 160; i++) {
      const horizontal = i % 2 === 0;
      entries.push({ name: `bars/${i}.png`, data: await barPng(horizontal, 2 + Math.floor(next() * 12), next) });
      lines.push(`bars/${i}.png,${horizontal ? 'across' : 'down'}`);
    }
    entries.unshift({ name: 'labels.csv', data: `${lines.join('\n')}\n` });
    const analyst = await newUser('member');
    const { page } = await signedInPage(browser(), analyst.email, analyst.password);
    const shot = (step: string) => shoot(page, 'image-dataset', step);

    await page.goto('/datasets/new');
    await page.getByTestId('file-input').setInputFiles({ name: 'bars.zip', mimeType: 'application/zip', buffer: zipArchive(entries) });
    await page.getByRole('button', { name: 'Upload and profile' }).click();
    await page.waitForURL(/\/datasets\/[0-9a-f-]{36}$/);
    await page.locator('[data-status="ready"]').waitFor({ timeout: 60_000 });
    const cards = page.locator('[data-column]');
    await cards.nth(1).waitFor();
    // The worker unpacked the archive and saw the files: the path column is an image column.
    expect(await cards.evaluateAll((nodes) => nodes.map((n) => `${n.getAttribute('data-column')}:${n.querySelector('.type-tag')?.textContent}`)))
      .toEqual(['picture:image', 'orientation:category']);
    // Thumbnails of the first pictures, loaded from the API, and what their sizes are.
    const thumbnails = page.getByTestId('thumbnails-picture').locator('img');
    expect(await thumbnails.count()).toBe(6);
    await expect.poll(() => thumbnails.evaluateAll((images) => images.every((i) => (i as HTMLImageElement).complete && (i as HTMLImageElement).naturalWidth === 96))).toBe(true);
    expect(await page.locator('[data-column="picture"] [data-testid="image-summary"]').textContent()).toMatch(/^Size 16×16 \(100% of 100 sampled\)Channels 1 \(gray\) \(100%\)$/);
    await shot('01-profile');

    await page.getByLabel('Column to predict').selectOption('orientation');
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    await page.waitForURL(/\/runs\/[0-9a-f-]{36}$/);
    await page.locator('h1 [data-status="completed"]').waitFor({ timeout: 200_000 });
    await page.getByTestId('summary-orientation').waitFor();
    await shot('02-results');

    await page.getByRole('button', { name: 'Deploy' }).click();
    await page.getByRole('form', { name: 'Prediction form' }).waitFor();
    // No picture yet: a path from the table is never sent (the server reads none).
    expect(await page.getByText('no picture chosen: sent as missing').count()).toBe(1);
    await page.getByLabel('Picture to predict').setInputFiles({ name: 'mine.png', mimeType: 'image/png', buffer: await barPng(false, 7, next) });
    await page.getByTestId('input-picture-preview').waitFor();
    await page.getByRole('button', { name: 'Predict', exact: true }).click();
    await page.getByTestId('prediction-orientation').waitFor({ timeout: 30_000 });
    expect(['across', 'down']).toContain(await page.getByTestId('prediction-orientation').textContent());
    // The saliency map over the sent picture: one tinted patch per cell of the 6 × 6 grid.
    await page.getByTestId('saliency-picture').waitFor();
    expect(await page.getByTestId('saliency-picture').locator('[data-patch]').count()).toBe(36);
    await shot('03-prediction');
  }, 360_000);
});
