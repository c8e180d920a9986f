import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServingEngine } from './engine.js';
import { predictionCsv, predictionResponse, predictionResponseJson } from './responses.js';
import { toJson } from './json.js';
import { bundleV1, bundleV2, copyBundle, row } from './test/helpers.js';

const engine = new ServingEngine();

beforeAll(async () => {
  await engine.load('m', bundleV1);
});
afterAll(async () => {
  await engine.close();
});

const predict = async (instances: unknown[], options = {}) => predictionResponse(await engine.predict('m', instances, options));

describe('ServingEngine', () => {
  it('refuses a bundle of an unknown major format version', async () => {
    const directory = copyBundle(bundleV1, (m) => { m.format_version = '2.0'; });
    await expect(new ServingEngine().load('x', directory)).rejects.toThrow(/model bundle format 2.0 is not supported .*reads 1.x/);
  });

  it('answers every output in the contract shapes', async () => {
    const { predictions, errors } = await predict([row()]);
    expect(errors).toBeUndefined();
    const p = predictions[0] as Record<string, Record<string, unknown>>;
    expect(Object.keys(p)).toEqual(['kind', 'label', 'amount', 'tags_out']);
    const kind = p.kind as { prediction: string; probability: number; probabilities: Record<string, number>; top_k: { label: string; probability: number }[] };
    expect(Object.keys(kind.probabilities).sort()).toEqual(['high', 'low', 'mid']);
    expect(Object.values(kind.probabilities).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    expect(kind.top_k).toHaveLength(3);
    expect(kind.top_k[0]).toEqual({ label: kind.prediction, probability: kind.probability });
    expect(kind.top_k.map((t) => t.probability)).toEqual([...kind.top_k.map((t) => t.probability)].sort((a, b) => b - a));
    const label = p.label as { prediction: string; probability: number; probabilities: Record<string, number> };
    expect(['yes', 'no']).toContain(label.prediction);
    expect(label.probabilities.yes + label.probabilities.no).toBeCloseTo(1, 6);
    expect(label.probability).toBe(label.probabilities[label.prediction]);
    expect(typeof (p.amount as { prediction: number }).prediction).toBe('number');
    const tags = p.tags_out as { prediction: string[]; probabilities: Record<string, number> };
    expect(Object.keys(tags.probabilities)).toEqual(['sale', 'blue', 'black', 'green', 'red', 'new']);
    expect(tags.prediction.every((t) => tags.probabilities[t] >= 0.5)).toBe(true);
  });

  it('learned the toy signal: a high score row is "yes" and "high", a low one "no" and "low"', async () => {
    const { predictions } = await predict([row({ x1: 2.5, x2: 1, color: 'red' }), row({ x1: -2.5, x2: -1, color: 'green' })]);
    const [high, low] = predictions as Record<string, { prediction: unknown }>[];
    expect([high.label.prediction, high.kind.prediction]).toEqual(['yes', 'high']);
    expect([low.label.prediction, low.kind.prediction]).toEqual(['no', 'low']);
    expect(high.amount.prediction as number).toBeGreaterThan(low.amount.prediction as number);
  });

  it('answers the good rows and reports each bad row: missing feature, wrong types', async () => {
    const { x1: _omitted, ...withoutX1 } = row();
    const { predictions, errors } = await predict([row(), withoutX1, row({ x1: 'abc' }), row({ color: { a: 1 } }), row({ tags: 3.5, x2: null })]);
    expect(predictions.map((p) => p === null)).toEqual([false, true, true, true, false]);
    expect(errors).toEqual([
      { row: 2, message: "missing feature 'x1' (send null for a missing value)." },
      { row: 3, message: "'x1' must be a number, got string \"abc\"." },
      { row: 4, message: "'color' must be a string, number or boolean, got an object." },
    ]);
  });

  it('maps an unknown category to <UNK> and ignores extra and output columns', async () => {
    const { predictions } = await predict([row({ color: 'purple' }), row({ color: '<UNK>' }), row({ color: 'purple', extra: 'x', kind: 'high', label: 'no' })]);
    expect(predictions[0]).toEqual(predictions[1]);
    expect(predictions[2]).toEqual(predictions[0]);
  });

  it('rejects empty or non-list instances as a whole', async () => {
    await expect(engine.predict('m', [])).rejects.toThrow("'instances' is empty");
    await expect(engine.predict('m', { x1: 1 } as never)).rejects.toThrow("'instances' must be a list");
    await expect(engine.predict('m', [row(), 7, [1, 2], null])).rejects.toMatchObject({
      code: 'invalid_input',
      message: `'instances' must be a list of objects ({"column": value, …}): row 2 is number 7, row 3 is a list, row 4 is null.`,
      details: [{ path: 'instances.1', message: 'row 2 is number 7' }, { path: 'instances.2', message: 'row 3 is a list' }, { path: 'instances.3', message: 'row 4 is null' }],
    });
  });

  it('turns a row whose outputs are not finite into a row error, so the JSON never holds NaN', async () => {
    const result = await engine.predict('m', [row({ x1: 1e308 }), row()]);
    const text = toJson(predictionResponse(result));
    expect(text).not.toMatch(/NaN|Infinity/);
    const body = JSON.parse(text);
    expect(body.predictions[0]).toBeNull();
    expect(body.errors[0].row).toBe(1);
    expect(body.errors[0].message).toMatch(/non-finite/);
    expect(body.predictions[1]).not.toBeNull();
    expect(toJson({ a: Number.NaN, b: [Infinity, 1] })).toBe('{"a":null,"b":[null,1]}');
  });

  it('merges concurrent requests into a few ORT runs, each answered as if alone', async () => {
    const rows = Array.from({ length: 24 }, (_, i) => row({ x1: i / 10 - 1 }));
    const alone = await Promise.all(rows.slice(0, 2).map(async (r) => (await predict([r])).predictions[0]));
    const before = engine.model('m').runs;
    const together = await Promise.all(rows.map(async (r) => (await predict([r])).predictions[0]));
    const runs = engine.model('m').runs - before;
    expect(runs).toBeLessThanOrEqual(2);
    expect(together.slice(0, 2)).toEqual(alone);
  });

  it('hot-swaps to a new version under concurrent load without failing a request', async () => {
    const local = new ServingEngine();
    await local.load('m', bundleV1);
    const probe = row({ x1: 0.3 });
    const v1 = predictionResponse(await local.predict('m', [probe])).predictions[0];
    let stop = false;
    const answered: unknown[] = [];
    const client = async () => {
      while (!stop) answered.push(predictionResponse(await local.predict('m', [probe])).predictions[0]);
    };
    const clients = Array.from({ length: 8 }, client);
    await new Promise((r) => setTimeout(r, 50));
    await local.load('m', bundleV2);
    await new Promise((r) => setTimeout(r, 50));
    stop = true;
    await Promise.all(clients);
    const v2 = predictionResponse(await local.predict('m', [probe])).predictions[0];
    expect(v2).not.toEqual(v1);
    expect(answered.every((a) => JSON.stringify(a) === JSON.stringify(v1) || JSON.stringify(a) === JSON.stringify(v2))).toBe(true);
    expect(answered.filter((a) => JSON.stringify(a) === JSON.stringify(v2)).length).toBeGreaterThan(0);
    expect(answered.length).toBeGreaterThan(16);
    await local.close();
  });

  it('writes the same JSON text directly as JSON.stringify of the response objects', async () => {
    const instances = [...Array.from({ length: 40 }, (_, i) => row({ x1: i / 8 - 2.5, x2: (i % 7) - 3, color: ['red', 'green', 'blue', 'black', 'x'][i % 5], tags: i % 3 ? ['red'] : [] })), row({ x1: 'bad' })];
    const result = await engine.predict('m', instances);
    expect(predictionResponseJson(result)).toBe(JSON.stringify(predictionResponse(result)));
    expect(predictionResponseJson(result, 'ludwig')).toBe(JSON.stringify(predictionResponse(result, 'ludwig')));
  });

  it('unknown model names are not_found errors', async () => {
    await expect(engine.predict('nope', [row()])).rejects.toMatchObject({ code: 'not_found' });
  });

  it('explains by occlusion: one attribution per input feature, zero for a feature at its baseline', async () => {
    const x1Mean = -0.12377809523809516;
    const result = await engine.predict('m', [row({ x1: x1Mean }), row({ x1: 'bad' })], { explain: true });
    const body = predictionResponse(result);
    expect(body.explanation_method).toBe('occlusion');
    expect(body.explanations?.[1]).toBeNull();
    const kind = body.explanations?.[0]?.kind;
    expect(Object.keys(kind?.attributions ?? {})).toEqual(['x1', 'x2', 'color', 'day', 'tags']);
    expect(kind?.target).toBe((body.predictions[0] as Record<string, { prediction: string }>).kind.prediction);
    expect(Math.abs(kind?.attributions.x1 ?? 1)).toBeLessThan(1e-6);
    expect(Math.abs(kind?.attributions.x2 ?? 0)).toBeGreaterThan(1e-4);
  });

  it('predicts CSV: a row with the wrong field count is a row error; CSV out has Ludwig columns and error', async () => {
    const csv = 'x1,x2,color,day,tags,extra\n0.8,-0.3,red,2024-07-14,red sale,1\n1,2\n-1,0.5,green,2024-01-02,,z\n';
    const result = await engine.predictCsv('m', csv);
    expect(result.rowErrors).toEqual([{ row: 2, message: 'CSV row 2 has 2 fields, the header has 6.' }]);
    const lines = predictionCsv(result).trim().split('\n');
    expect(lines[0].split(',')).toEqual([
      'kind_predictions', 'kind_probabilities_mid', 'kind_probabilities_low', 'kind_probabilities_high', 'kind_probability',
      'label_predictions', 'label_probabilities_no', 'label_probabilities_yes', 'label_probability', 'amount_predictions',
      'tags_out_predictions', ...['sale', 'blue', 'black', 'green', 'red', 'new'].map((t) => `tags_out_probabilities_${t}`), 'error',
    ]);
    expect(lines).toHaveLength(4);
    expect(lines[2]).toBe(`${','.repeat(17)}"CSV row 2 has 2 fields, the header has 6."`);
    const json = predictionResponse(await engine.predict('m', [row()]));
    expect(lines[1].split(',')[0]).toBe((json.predictions[0] as Record<string, { prediction: string }>).kind.prediction);
  });
});
