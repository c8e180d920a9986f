import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../test/database.js';
import { createDataset, getDataset, getDatasetColumns, saveDatasetProfile } from './datasets.js';

describe('dataset profiles', () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  beforeAll(async () => { database = await freshDatabase('datasets'); });
  afterAll(async () => { await database.drop(); });

  const column = (name: string) => ({
    name, inferredType: 'number' as const, inferenceReason: 'all numbers', rowCount: 3, missingCount: 0, missingRatio: 0, distinctCount: 3,
    topValues: [{ value: '1', count: 1 }], numeric: { min: 1, max: 3, mean: 2, std: 1 }, histogram: null, averageWords: 1, idLike: false,
  });

  it('stores the profile of a 20,000-column table in order, and replaces it on a second save', async () => {
    const dataset = await createDataset(database.db, { name: 'wide', source: 'sample', storagePath: 'datasets/wide.csv', status: 'profiling' });
    const names = Array.from({ length: 20_000 }, (_, i) => `c${i}`);
    await saveDatasetProfile(database.db, dataset.id, { rowCount: 3, sampledRows: 3, columns: names.map(column) });
    const stored = await getDatasetColumns(database.db, dataset.id);
    expect(stored.map((c) => c.name)).toEqual(names);
    expect(stored.map((c) => c.position)).toEqual(names.map((_, i) => i));
    expect((await getDataset(database.db, dataset.id))?.status).toBe('ready');
    await saveDatasetProfile(database.db, dataset.id, { rowCount: 3, sampledRows: 3, columns: ['__proto__', 'constructor'].map(column) });
    expect((await getDatasetColumns(database.db, dataset.id)).map((c) => c.name)).toEqual(['__proto__', 'constructor']);
  });
});
