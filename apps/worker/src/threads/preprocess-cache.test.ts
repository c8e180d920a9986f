import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { preprocessForTraining } from '@overture/trainer/preprocessing';
import { toyConfig } from '@overture/testing';
import { preprocessingKey, readPreprocessed, writePreprocessed } from './preprocess-cache.js';

const table = {
  columns: ['x1', 'x2', 'color', 'label'],
  rowCount: 6,
  data: {
    x1: ['1', '2', '3', '4', '5', '6'], x2: ['0.5', null, '1', '2', '3', '4'],
    color: ['red', 'blue', 'red', 'green', null, 'blue'], label: ['yes', 'no', 'yes', 'no', 'yes', 'no'],
  },
};

describe('preprocessed dataset cache', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'overture-cache-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads back exactly what preprocessing produced', async () => {
    const value = preprocessForTraining(table, toyConfig(), { seed: 3 });
    const entry = path.join(dir, 'entry');
    await writePreprocessed(entry, value);
    expect(await readPreprocessed(entry)).toEqual(value);
    expect(await readPreprocessed(path.join(dir, 'absent'))).toBeNull();
  });

  it('keys on the data, the preprocessing-relevant config and the seed, not on training settings', () => {
    const key = preprocessingKey('hash', toyConfig({ epochs: 3 }), 1);
    expect(preprocessingKey('hash', toyConfig({ epochs: 9, batchSize: 4 }), 1)).toBe(key);
    expect(preprocessingKey('hash', toyConfig(), 2)).not.toBe(key);
    expect(preprocessingKey('other', toyConfig(), 1)).not.toBe(key);
    expect(preprocessingKey('hash', toyConfig({ target: 'churned' }), 1)).not.toBe(key);
  });
});
