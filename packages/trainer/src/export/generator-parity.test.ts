import * as ort from 'onnxruntime-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend/init-backend.js';
import { gatherModelInputs, modelInputLayout, preprocessForTraining } from '../preprocessing/index.js';
import { predictionObject, type SequenceOutputPrediction } from '../preprocessing/postprocess-outputs.js';
import { predictRows } from '../evaluation/predict.js';
import { trainModel } from '../training/train.js';
import { generatorConfig, replyTable } from '../test-support/reply-table.js';
import { exportModelToOnnx } from './export-model.js';

beforeAll(async () => {
  await initBackend('wasm');
});

describe('ONNX export of a trained generator', () => {
  it.each(['gru', 'lstm'])('decodes the same replies with the same per-step probabilities on onnxruntime as on tfjs (%s)', async (cell_type) => {
    const config = generatorConfig(4, { cell_type });
    const { dataset, metadata } = preprocessForTraining(replyTable(600, 3), config, { seed: 5 });
    const { model } = await trainModel({ config, dataset, metadata, seed: 9 });
    try {
      const rows = Int32Array.from({ length: 64 }, (_, i) => i);
      const expected = predictRows(model, dataset, rows, 32).outputs.reply;
      const session = await ort.InferenceSession.create(exportModelToOnnx(model));
      try {
        const feeds: Record<string, ort.Tensor> = {};
        for (const input of gatherModelInputs(dataset, modelInputLayout(config, metadata), rows)) {
          feeds[input.name] = new ort.Tensor(input.dtype, input.values, [rows.length, input.width]);
        }
        const actual = (await session.run(feeds)).reply.data as Float32Array;
        expect(actual.length).toBe(expected.values.length);
        let worst = 0;
        for (let i = 0; i < actual.length; i++) worst = Math.max(worst, Math.abs(actual[i] - expected.values[i]));
        console.log(`generator (${cell_type}) parity: max |p_onnx − p_tfjs| = ${worst}`);
        expect(worst).toBeLessThan(1e-4);
        const feature = model.outputFeatures[0];
        const texts = (values: Float32Array) => Array.from(rows, (_, r) => (predictionObject({ feature, values, width: expected.width }, metadata, r) as SequenceOutputPrediction).prediction);
        const decoded = texts(actual);
        expect(decoded).toEqual(texts(expected.values));
        // A trained decoder writes whole replies, not one token or the empty text.
        expect(new Set(decoded).size).toBeGreaterThan(10);
        expect(decoded.every((t) => t.split(' ').length >= 2)).toBe(true);
      } finally {
        await session.release();
      }
    } finally {
      model.dispose();
    }
  });
});
