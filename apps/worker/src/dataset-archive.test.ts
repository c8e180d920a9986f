import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveConfig } from '@overture/config';
import { createDataset, getDataset, getDatasetColumns, listRunArtifacts } from '@overture/db';
import { datasetArchiveFolder, datasetThumbnailPath, enqueue } from '@overture/jobs';
import { seedRun, waitFor } from '@overture/testing';
import { zipArchive, type ZipEntry } from '@overture/testing/xlsx';
import { createPlatform, type Platform } from './test/platform.js';

/** An 8×8 gray PNG with one bright bar across (horizontal) or down (vertical), on dim noise. */
function barPng(horizontal: boolean, at: number, next: () => number): Promise<Buffer> {
  const pixels = Buffer.alloc(64);
  for (let p = 0; p < 64; p++) {
    const [y, x] = [Math.floor(p / 8), p % 8];
    pixels[p] = (horizontal ? y === at : x === at) ? 200 + Math.floor(next() * 56) : Math.floor(next() * 90);
  }
  return sharp(pixels, { raw: { width: 8, height: 8, channels: 1 } }).toColourspace('b-w').png().toBuffer();
}

describe('a dataset uploaded as a zip of a table and its images', () => {
  let platform: Platform;
  beforeAll(async () => {
    platform = await createPlatform('archive');
    await platform.startWorker();
  });
  afterAll(async () => { await platform?.close(); });

  /** A dataset row for an archive, stored as the web stores an upload. */
  async function seedArchive(entries: ZipEntry[], name: string) {
    const bytes = zipArchive(entries);
    const hash = createHash('sha256').update(bytes).digest('hex');
    const storagePath = `datasets/${hash}.zip`;
    mkdirSync(path.join(platform.dataDir, 'datasets'), { recursive: true });
    writeFileSync(path.join(platform.dataDir, storagePath), bytes);
    return createDataset(platform.database.db, {
      name, source: 'upload', storagePath, format: 'zip', contentHash: hash, sizeBytes: bytes.length, status: 'profiling', sourceDetails: { fileName: `${name}.zip` },
    });
  }

  it('profiles the table with its image column, trains on the pictures and predicts the archive in a batch', async () => {
    const { db } = platform.database;
    let seed = 5;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const entries: ZipEntry[] = [];
    const lines = ['image_path,orientation'];
    for (let i = 0; i < 120; i++) {
      const horizontal = i % 2 === 0;
      entries.push({ name: `bars/pictures/${i}.png`, data: await barPng(horizontal, 1 + Math.floor(next() * 6), next) });
      lines.push(`pictures/${i}.png,${horizontal ? 'horizontal' : 'vertical'}`);
    }
    entries.unshift({ name: 'bars/labels.csv', data: `${lines.join('\n')}\n` });
    const dataset = await seedArchive(entries, 'bars');

    await enqueue(platform.queues, 'dataset.profile', { datasetId: dataset.id });
    await waitFor('the profile', async () => (await getDataset(db, dataset.id))?.rowCount === 120, 60_000);
    // Ludwig's inference saw the paths inside the archive: an image column.
    expect((await getDatasetColumns(db, dataset.id)).map((c) => [c.name, c.inferredType])).toEqual([['image_path', 'image'], ['orientation', 'category']]);
    expect(existsSync(path.join(platform.dataDir, datasetArchiveFolder(dataset.storagePath), 'bars', 'pictures', '7.png'))).toBe(true);
    // The image column's first pictures: sizes, channels and six thumbnails beside the profile.
    const [picture] = await getDatasetColumns(db, dataset.id);
    expect(picture.stats.image).toEqual({ sampled: 100, unreadable: 0, sizes: [{ width: 8, height: 8, count: 100 }], channels: [{ channels: 1, count: 100 }], formats: [{ format: 'png', count: 100 }], thumbnails: 6 });
    const thumbnail = await sharp(readFileSync(path.join(platform.dataDir, datasetThumbnailPath(dataset.id, 0, 5)))).metadata();
    expect([thumbnail.format, thumbnail.width, thumbnail.height]).toEqual(['png', 96, 96]);

    const { config } = resolveConfig({
      input_features: [{ name: 'image_path', type: 'image', encoder: { type: 'stacked_cnn', kernel_size: 2, output_size: 16 } }],
      output_features: [{ name: 'orientation', type: 'category' }],
      trainer: { epochs: 12, batch_size: 16, learning_rate: 0.003, early_stop: -1 },
    });
    const run = await seedRun(db, dataset, config);
    await enqueue(platform.queues, 'training.run', { runId: run.id });
    const trained = await platform.waitForRun(run.id, (r) => r.status === 'completed' || r.status === 'failed', 120_000);
    expect(trained.error).toBeNull();
    expect(trained.status).toBe('completed');
    const statistics = JSON.parse(readFileSync(path.join(platform.dataDir, (await listRunArtifacts(db, run.id)).find((a) => a.kind === 'test_statistics')!.path), 'utf8'));
    expect(statistics.orientation.accuracy).toBeGreaterThan(0.9);

    const prediction = await platform.queues.predictions.add('prediction.batch', { runId: run.id, datasetId: dataset.id });
    await waitFor('the batch prediction', async () => (await prediction.getState()) === 'completed', 60_000);
    const jsonl = (await listRunArtifacts(db, run.id)).find((a) => a.kind === 'predictions' && a.metadata.format === 'jsonl')!;
    const predicted = readFileSync(path.join(platform.dataDir, jsonl.path), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(predicted).toHaveLength(120);
    const right = predicted.filter((p, i) => p.orientation_predictions === (i % 2 === 0 ? 'horizontal' : 'vertical')).length;
    expect(right / 120).toBeGreaterThan(0.9);

    // A batch prediction's own upload is profiled beside the prediction: the prediction unpacks it itself when it comes first.
    const upload = await seedArchive([{ name: 'rows.csv', data: 'image_path\nA/0.png\nA/1.png\n' }, { name: 'A/0.png', data: await barPng(true, 3, next) }, { name: 'A/1.png', data: await barPng(false, 5, next) }], 'to predict');
    const fresh = await platform.queues.predictions.add('prediction.batch', { runId: run.id, datasetId: upload.id });
    await waitFor('the prediction of an archive not profiled yet', async () => (await fresh.getState()) === 'completed', 60_000);
    const freshOut = (await listRunArtifacts(db, run.id)).filter((a) => a.kind === 'predictions' && a.metadata.format === 'jsonl' && a.datasetId === upload.id);
    const freshRows = readFileSync(path.join(platform.dataDir, freshOut[0].path), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(freshRows.map((r) => r.orientation_predictions)).toEqual(['horizontal', 'vertical']);
  }, 240_000);

  it('fails an archive holding a link with the reason, naming the uploaded file, and leaves no folder', async () => {
    const { db } = platform.database;
    const dataset = await seedArchive([
      { name: 'rows.csv', data: 'image_path,label\na.png,x\nb.png,y\n' },
      { name: 'a.png', data: '/etc/passwd', unixMode: 0o120777 },
    ], 'linked');
    await enqueue(platform.queues, 'dataset.profile', { datasetId: dataset.id });
    const failed = await waitFor('the failure', async () => {
      const d = await getDataset(db, dataset.id);
      return d?.status === 'failed' ? d : null;
    }, 60_000);
    expect(failed.error).toBe("linked.zip: has a symbolic link 'a.png': an archive of a dataset holds regular files only (zip it without links, e.g. 'zip -r' without --symlinks).");
    expect(existsSync(path.join(platform.dataDir, datasetArchiveFolder(dataset.storagePath)))).toBe(false);
  });
});
