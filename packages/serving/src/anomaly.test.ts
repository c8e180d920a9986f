import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ServingEngine } from './engine.js';
import { predictionCsv, predictionResponse, predictionResponseJson } from './responses.js';
import { anomalyBundle } from './test/helpers.js';

const engine = new ServingEngine();
const threshold = JSON.parse(readFileSync(path.join(anomalyBundle, 'training_set_metadata.json'), 'utf8')).anomaly.threshold as number;

beforeAll(async () => {
  await engine.load('a', anomalyBundle);
});
afterAll(async () => {
  await engine.close();
});

type AnomalyAnswer = { prediction: boolean; anomaly_score: number };
const normal = { sensor_a: 0.1, sensor_b: -0.2, sensor_c: 0.3, timestamp_hour: 0 };
const far = { sensor_a: 4, sensor_b: -3, sensor_c: 4, timestamp_hour: 2 };

describe('serving an anomaly output', () => {
  it('answers is-anomaly at the trained threshold and the anomaly score: a row far from the normal cloud scores higher and is flagged', async () => {
    expect(threshold).toBeGreaterThan(0);
    const { predictions, errors } = predictionResponse(await engine.predict('a', [normal, far]));
    expect(errors).toBeUndefined();
    const [n, f] = (predictions as Record<string, AnomalyAnswer>[]).map((p) => p.anomaly);
    expect(Object.keys(n)).toEqual(['prediction', 'anomaly_score']);
    expect(n.prediction).toBe(false);
    expect(f.prediction).toBe(true);
    expect(f.anomaly_score).toBeGreaterThan(threshold);
    expect(n.anomaly_score).toBeLessThan(threshold);
  });

  it('writes the same JSON directly as JSON.stringify of the answer objects', async () => {
    const result = await engine.predict('a', [normal, far, { ...normal, sensor_b: null }]);
    expect(predictionResponseJson(result)).toBe(JSON.stringify(predictionResponse(result)));
  });

  it("writes Ludwig's columns in CSV: <name>_predictions, <name>_anomaly_score", async () => {
    const result = await engine.predictCsv('a', 'sensor_a,sensor_b,sensor_c,timestamp_hour\n4,-3,4,2\n');
    const lines = predictionCsv(result).trim().split('\n');
    expect(lines[0].split(',')).toEqual(['anomaly_predictions', 'anomaly_anomaly_score', 'error']);
    expect(lines[1].split(',')[0]).toBe('true');
  });

  it('explains is-anomaly: the target is the flag, attributions how much each sensor adds to the score', async () => {
    const result = await engine.predict('a', [far], { explain: true });
    const explanation = result.explanations?.[0]?.anomaly;
    expect(explanation?.target).toBe(true);
    expect(Math.max(...Object.values(explanation?.attributions ?? {}))).toBeGreaterThan(0);
  });
});
