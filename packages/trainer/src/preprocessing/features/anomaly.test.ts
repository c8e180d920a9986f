import { describe, expect, it } from 'vitest';
import { resolveConfig } from '@overture/config';
import { preprocessForPrediction } from '../preprocess-prediction.js';
import { preprocessForTraining } from '../preprocess-training.js';
import { allTrain, floats, input, makeConfig, output, trainTable } from '../test/helpers.js';
import { formatPredictions, predictionJsonWriter, predictionObject } from '../postprocess-outputs.js';
import type { TrainingSetMetadata } from '../types.js';

const x = ['1', '2', '3', '4', '5', '6'];
const config = () => makeConfig([input('x', 'number')], [output('odd', 'anomaly')], allTrain);

describe('anomaly outputs', () => {
  it("reads Ludwig's labels: 0 normal, 1 anomaly, -1 / empty / NaN unlabeled; no row is dropped", () => {
    const { dataset, metadata } = preprocessForTraining(trainTable({ x, odd: ['0', '1', '-1', '', null, 'NaN'] }), config(), { seed: 1 });
    expect(dataset.rowCount).toBe(6);
    expect(floats(dataset.features.odd)).toEqual([0, 1, -1, -1, -1, -1]);
    expect(metadata.odd).toMatchObject({ type: 'anomaly', role: 'output', column: 'odd', threshold: null });
  });

  it('trains with the column absent: every row unlabeled (fully unsupervised, as Ludwig)', () => {
    const { dataset } = preprocessForTraining(trainTable({ x }), config(), { seed: 1 });
    expect(floats(dataset.features.odd)).toEqual([-1, -1, -1, -1, -1, -1]);
  });

  it('refuses another value in training, naming the row; at prediction reads it as unlabeled with a warning', () => {
    expect(() => preprocessForTraining(trainTable({ x, odd: ['0', '0.7', '1', '0', '0', '0'] }), config(), { seed: 1 })).toThrow(
      "Anomaly output 'odd': row 2 of column 'odd' has '0.7'; a label is 0 (normal), 1 (anomaly) or -1 / empty (unlabeled).",
    );
    const { metadata } = preprocessForTraining(trainTable({ x, odd: ['0', '1', '0', '0', '0', '0'] }), config(), { seed: 1 });
    const predicted = preprocessForPrediction(trainTable({ x: ['1', '2'], odd: ['yes', '1'] }), config(), metadata);
    expect(floats(predicted.dataset.features.odd)).toEqual([-1, 1]);
    expect(predicted.warnings).toEqual([{ row: 1, message: "'odd' has 'yes', not an anomaly label (0, 1 or -1); read as unlabeled." }]);
  });
});

describe('anomaly predictions', () => {
  const feature = resolveConfig({ input_features: [{ name: 'x', type: 'number' }], output_features: [{ name: 'odd', type: 'anomaly' }] }).config.output_features[0];
  const metadata = (threshold: number | null): TrainingSetMetadata => ({ odd: { type: 'anomaly', role: 'output', column: 'odd', preprocessing: {}, threshold } });
  const output = { feature, values: Float32Array.from([0.5, 2.25, 2]), width: 1 };

  it("answer is-anomaly at the trained threshold (score >= threshold) and the score, in Ludwig's columns <f>_predictions and <f>_anomaly_score", () => {
    expect(predictionObject(output, metadata(2), 0)).toEqual({ prediction: false, anomaly_score: 0.5 });
    expect(predictionObject(output, metadata(2), 2)).toEqual({ prediction: true, anomaly_score: 2 });
    const { columns, records } = formatPredictions({ odd: output }, metadata(2), 3);
    expect(columns).toEqual(['odd_predictions', 'odd_anomaly_score']);
    expect(records).toEqual([
      { odd_predictions: false, odd_anomaly_score: 0.5 },
      { odd_predictions: true, odd_anomaly_score: 2.25 },
      { odd_predictions: true, odd_anomaly_score: 2 },
    ]);
    expect(predictionJsonWriter(output, metadata(2))!(1)).toBe('{"prediction":true,"anomaly_score":2.25}');
  });

  it('flags nothing before a threshold is set (Ludwig starts threshold: auto at +inf)', () => {
    expect(predictionObject(output, metadata(null), 1)).toEqual({ prediction: false, anomaly_score: 2.25 });
  });
});
