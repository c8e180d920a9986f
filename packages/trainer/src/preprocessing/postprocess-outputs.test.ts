import { describe, expect, it } from 'vitest';
import { formatPredictions, predictionJsonWriter, predictionObject, probabilityJson, roundProbability, roundValue } from './postprocess-outputs.js';

describe('probabilityJson', () => {
  it('writes exactly what JSON.stringify writes for the rounded probability', () => {
    const cases = [0, -0, 1, 0.5, 0.203254, 1e-7, 4e-7, 6e-7, 0.9999996, 0.1000004, 0.000001, 0.0000015, 0.123456789, 0.999999, 1.0000001, -1e-9];
    for (let i = 0; i < 2000; i++) cases.push(Math.fround(Math.random()), Math.random() ** 8);
    for (const p of cases) expect(probabilityJson(p), String(p)).toBe(JSON.stringify(roundProbability(p)));
    expect(probabilityJson(Number.NaN)).toBe('null');
  });
});

describe('a tagger output (text or sequence) as answers', () => {
  const idx2str = ['<EOS>', '<SOS>', '<PAD>', '<UNK>', 'O', 'PER'];
  const metadata = {
    tags: {
      type: 'sequence', idx2str, str2idx: Object.fromEntries(idx2str.map((t, i) => [t, i])), vocab_size: 6, max_sequence_length: 4, pad_idx: 2,
      unknown_symbol: '<UNK>', preprocessing: { tokenizer: 'space' },
    },
  } as never;
  // One row, 4 steps × 6 tokens: <SOS> (0.9), PER (0.6), <EOS> (0.8), <PAD> (1).
  const step = (id: number, p: number) => idx2str.map((_, k) => (k === id ? p : (1 - p) / 5));
  const output = {
    feature: { name: 'tags', type: 'sequence' } as never,
    values: Float32Array.from([...step(1, 0.9), ...step(5, 0.6), ...step(0, 0.8), ...step(2, 1)]),
    width: 24,
  };

  it('answers the text between the symbols, every step\'s token and probability, and the log probability; the JSON writer writes the same', () => {
    const object = predictionObject(output, metadata, 0);
    expect(object).toEqual({
      prediction: 'PER', tokens: ['<SOS>', 'PER', '<EOS>', '<PAD>'], token_probabilities: [0.9, 0.6, 0.8, 1],
      log_probability: roundValue(Math.log(Math.fround(0.9)) + Math.log(Math.fround(0.6)) + Math.log(Math.fround(0.8))),
    });
    expect(predictionJsonWriter(output, metadata)?.(0)).toBe(JSON.stringify(object));
  });

  it("writes Ludwig's three columns: the token list, the per-step probabilities, the log probability", () => {
    const { columns, records } = formatPredictions({ tags: output }, metadata, 1);
    expect(columns).toEqual(['tags_predictions', 'tags_probabilities', 'tags_probability']);
    expect(records[0]).toEqual({ tags_predictions: ['<SOS>', 'PER', '<EOS>', '<PAD>'], tags_probabilities: [0.9, 0.6, 0.8, 1], tags_probability: (predictionObject(output, metadata, 0) as { log_probability: number }).log_probability });
  });
});
