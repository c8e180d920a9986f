import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServingEngine } from './engine.js';
import { predictionCsv, predictionResponse, predictionResponseJson } from './responses.js';
import { distributionBundle } from './test/helpers.js';

const engine = new ServingEngine();

beforeAll(async () => {
  await engine.load('w', distributionBundle);
});
afterAll(async () => {
  await engine.close();
});

type CategoryAnswer = { prediction: string; probability: number; probabilities: Record<string, number>; top_k: { label: string; probability: number }[] };

describe('serving a category_distribution output', () => {
  it('answers as a category: the most probable class, its probability, a probability per vocab class in vocab order, top_k', async () => {
    const { predictions, errors } = predictionResponse(await engine.predict('w', [{ x1: 2, x2: -1 }, { x1: -1, x2: 2 }, { x1: -1.5, x2: -1.5 }]));
    expect(errors).toBeUndefined();
    const answers = (predictions as Record<string, CategoryAnswer>[]).map((p) => p.weather);
    expect(answers.map((a) => a.prediction)).toEqual(['rain', 'sun', 'snow']);
    for (const a of answers) {
      expect(Object.keys(a.probabilities)).toEqual(['rain', 'sun', 'snow']);
      expect(Object.values(a.probabilities).reduce((s, p) => s + p, 0)).toBeCloseTo(1, 5);
      expect(a.probability).toBe(a.probabilities[a.prediction]);
      expect(Math.max(...Object.values(a.probabilities))).toBe(a.probability);
      expect(a.top_k.map((t) => t.label)[0]).toBe(a.prediction);
      expect(a.top_k).toHaveLength(3);
    }
  });

  it('writes the same JSON directly as JSON.stringify of the answer objects', async () => {
    const result = await engine.predict('w', [{ x1: 0.3, x2: 0.1 }, { x1: -0.2, x2: 1 }]);
    expect(predictionResponseJson(result)).toBe(JSON.stringify(predictionResponse(result)));
  });

  it("writes Ludwig's columns in CSV: <name>_predictions, <name>_probabilities_<class> per class, <name>_probability", async () => {
    const result = await engine.predictCsv('w', 'x1,x2\n2,-1\n');
    const lines = predictionCsv(result).trim().split('\n');
    expect(lines[0].split(',')).toEqual(['weather_predictions', 'weather_probabilities_rain', 'weather_probabilities_sun', 'weather_probabilities_snow', 'weather_probability', 'error']);
    expect(lines[1].split(',')[0]).toBe('rain');
  });
});
