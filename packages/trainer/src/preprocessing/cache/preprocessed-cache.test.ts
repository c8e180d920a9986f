import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { resolveConfig } from '@overture/config';
import { decodeMediaInputs, preprocessForTraining } from '../index.js';
import { preprocessingKey, readPreprocessed, writePreprocessed } from './preprocessed-cache.js';

/** The toy table's model (@overture/testing has the same, but the trainer may not import it). */
const toyConfig = ({ epochs = 3, batchSize = 16, target = 'label' }: { epochs?: number; batchSize?: number; target?: string } = {}) => resolveConfig({
  input_features: [{ name: 'x1', type: 'number' }, { name: 'x2', type: 'number' }, { name: 'color', type: 'category' }],
  output_features: [{ name: target, type: 'binary' }],
  trainer: { epochs, batch_size: batchSize, learning_rate: 0.01, early_stop: -1 },
}).config;

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

  it('reads image pixels back as bytes, and an uploaded table\'s paths are never read from the worker\'s disk', async () => {
    const png = async (value: number) => `data:image/png;base64,${(await sharp({ create: { width: 4, height: 3, channels: 3, background: { r: value, g: 255 - value, b: 7 } } }).png().toBuffer()).toString('base64')}`;
    const onDisk = path.join(dir, 'secret.png');
    await sharp({ create: { width: 4, height: 3, channels: 3, background: { r: 1, g: 2, b: 3 } } }).png().toFile(onDisk);
    const { config } = resolveConfig({ input_features: [{ name: 'photo', type: 'image' }], output_features: [{ name: 'label', type: 'category' }] });
    const table = async (last: string) => ({
      columns: ['photo', 'label'], rowCount: 6,
      data: { photo: [await png(10), await png(200), await png(30), await png(220), await png(40), last], label: ['a', 'b', 'a', 'b', 'a', 'b'] },
    });
    // What the platform worker's train task does: no image root for a table that was uploaded, so a path stops training by its row.
    await expect(decodeMediaInputs(await table(onDisk), config, { root: null })).rejects.toThrow(/row 6 is a file path, and paths are not read here/);
    const images = await table(await png(90));
    const value = preprocessForTraining(images, config, { seed: 3, images: await decodeMediaInputs(images, config, { root: null }) });
    expect(value.dataset.features.photo.dtype).toBe('uint8');
    const entry = path.join(dir, 'images');
    await writePreprocessed(entry, value);
    const back = await readPreprocessed(entry);
    expect(back?.dataset.features.photo).toEqual(value.dataset.features.photo);
    expect(back).toEqual(value);
  });
});
