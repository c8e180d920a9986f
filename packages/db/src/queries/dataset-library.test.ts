import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../test/database.js';
import { listDatasets, PREDICTION_INPUT } from './dataset-library.js';
import { createDataset } from './datasets.js';

describe('listDatasets', () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  beforeAll(async () => { database = await freshDatabase('dataset_library'); });
  afterAll(async () => { await database.drop(); });

  it('leaves out files uploaded only as a batch prediction\'s input unless asked for them', async () => {
    const { db } = database;
    await createDataset(db, { name: 'customers.csv', source: 'upload', sourceDetails: { fileName: 'customers.csv' }, storagePath: 'datasets/a.csv', status: 'ready' });
    await createDataset(db, { name: 'to-score.csv', source: 'upload', sourceDetails: { fileName: 'to-score.csv', purpose: PREDICTION_INPUT }, storagePath: 'datasets/b.csv', status: 'ready' });
    await createDataset(db, { name: 'sample', source: 'sample', storagePath: 'datasets/c.csv', status: 'ready' });
    expect((await listDatasets(db)).map((d) => d.name).sort()).toEqual(['customers.csv', 'sample']);
    expect((await listDatasets(db, { includePredictionInputs: true })).map((d) => d.name).sort()).toEqual(['customers.csv', 'sample', 'to-score.csv']);
  });
});
