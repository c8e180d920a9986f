import { readFile } from 'node:fs/promises';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBundleDescription } from '@overture/trainer/bundle';
import { ServingEngine } from './engine.js';
import { runSession, type RunOutputs } from './model-feeds.js';
import { mergeIssues, RowPredictor } from './predict-rows.js';
import { predictionResponse } from './responses.js';
import { bundleV1, row } from './test/helpers.js';

const engine = new ServingEngine();
let session: ort.InferenceSession;
let predictor: RowPredictor;

beforeAll(async () => {
  await engine.load('m', bundleV1);
  const { config, metadata } = await readBundleDescription(bundleV1);
  session = await ort.InferenceSession.create(await readFile(path.join(bundleV1, 'model.onnx')));
  predictor = new RowPredictor(config, metadata, (inputs, rows) => runSession(session, (dtype, values, dims) => new ort.Tensor(dtype, values, dims), inputs, rows));
});
afterAll(async () => {
  await engine.close();
  await session.release();
});

describe('RowPredictor', () => {
  it('answers exactly as the server does when given a bare session (the browser path)', async () => {
    const rows = [row(), row({ x1: -2.5, color: 'blue', tags: [] }), row({ x2: null, day: '2023-01-02' }), row({ x1: 'many' })];
    const server = predictionResponse(await engine.predict('m', rows));
    const bare = predictionResponse(await predictor.predictInstances(rows));
    expect(bare).toEqual(server);
    expect(bare.errors).toEqual([{ row: 4, message: "'x1' must be a number, got string \"many\"." }]);
  });

  it('turns non-finite outputs into row errors, never numbers', async () => {
    const { config, metadata } = await readBundleDescription(bundleV1);
    const poisoned = new RowPredictor(config, metadata, async (inputs, rows) => {
      const out: RunOutputs = await runSession(session, (dtype, values, dims) => new ort.Tensor(dtype, values, dims), inputs, rows);
      out.amount.values[1] = Number.NaN;
      return out;
    });
    const result = await poisoned.predictInstances([row(), row()]);
    expect(result.rowErrors).toEqual([{ row: 2, message: 'the model produced a non-finite value for amount.' }]);
    expect(predictionResponse(result).predictions[1]).toBeNull();
  });
});

describe('mergeIssues', () => {
  it('keeps one issue per row, messages in list order, sorted by row', () => {
    expect(mergeIssues([{ row: 3, message: 'a.' }], [{ row: 1, message: 'b.' }, { row: 3, message: 'c.' }])).toEqual([
      { row: 1, message: 'b.' }, { row: 3, message: 'a. c.' },
    ]);
  });
});
