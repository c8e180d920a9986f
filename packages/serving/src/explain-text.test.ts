import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTokenizer } from '@overture/trainer/preprocessing';
import { ServingEngine } from './engine.js';
import { MAX_TOKEN_SPANS, tokenSpans, type TokenAttribution } from './explain-text.js';
import { predictionResponse } from './responses.js';
import { bundleV1, row, textBundle } from './test/helpers.js';

const engine = new ServingEngine();
beforeAll(async () => {
  await engine.load('text', textBundle);
  await engine.load('tabular', bundleV1);
});
afterAll(async () => {
  await engine.close();
});

const explain = async (instances: unknown[]) => predictionResponse(await engine.predict('text', instances, { explain: true }));

describe('per-token explanations of text inputs', () => {
  it('places tokens at their characters, and gives up where a tokenizer rewrites them', () => {
    const tokenize = getTokenizer('space_punct', 'm');
    expect(tokenSpans('Win a  free prize!', { tokenize, lowercase: true })).toEqual([
      { start: 0, end: 3 }, { start: 4, end: 5 }, { start: 7, end: 11 }, { start: 12, end: 17 }, { start: 17, end: 18 },
    ]);
    // 'İ' lowercases to two code units: offsets in the model's text no longer match the request's.
    expect(tokenSpans('İstanbul', { tokenize, lowercase: true })).toBeNull();
  });

  it('attributes the prediction to the word that carries it, one entry per token', async () => {
    const body = await explain([{ message: 'please call me about the free report' }, { message: 'lunch today at noon' }]);
    const [spam, ham] = body.explanations!;
    expect(body.predictions[0]).toMatchObject({ spam: { prediction: 'yes' } });
    expect(body.predictions[1]).toMatchObject({ spam: { prediction: 'no' } });
    const tokens = spam!.spam.tokens!.message;
    expect(tokens.map((t) => t.text)).toEqual(['please', 'call', 'me', 'about', 'the', 'free', 'report']);
    expect(tokens[5]).toMatchObject({ start: 25, end: 29 });
    const strongest = tokens.reduce((a, b) => (b.attribution > a.attribution ? b : a));
    expect(strongest.text).toBe('free');
    expect(strongest.attribution).toBeGreaterThan(0.2);
    // For a "no", no filler word is evidence for spam as strong: removing any word changes little.
    expect(ham!.spam.tokens!.message.every((t) => Math.abs(t.attribution) < strongest.attribution)).toBe(true);
    // The feature-level attribution is still there.
    expect(Object.keys(spam!.spam.attributions)).toEqual(['message']);
  });

  it('cuts a long text into at most MAX_TOKEN_SPANS runs that cover it in order', async () => {
    const words = Array.from({ length: 300 }, (_, i) => (i === 2 ? 'free' : ['meeting', 'noon', 'report'][i % 3]));
    const text = words.join(' ');
    const body = await explain([{ message: text }]);
    const spans = body.explanations![0]!.spam.tokens!.message as TokenAttribution[];
    expect(spans).toHaveLength(MAX_TOKEN_SPANS);
    expect(spans[0].start).toBe(0);
    expect(spans.at(-1)!.end).toBe(text.length);
    for (let s = 1; s < spans.length; s++) expect(spans[s].start).toBeGreaterThan(spans[s - 1].end);
    for (const s of spans) expect(text.slice(s.start, s.end)).toBe(s.text);
  });

  it('skips rows in error and empty or missing text, and leaves models without text inputs as they were', async () => {
    const body = await explain([{ message: '' }, { message: null }, { other: 1 }, { message: 'free prize' }]);
    expect(body.explanations![0]!.spam.tokens).toBeUndefined();
    expect(body.explanations![1]!.spam.tokens).toBeUndefined();
    expect(body.explanations![2]).toBeNull();
    expect(body.explanations![3]!.spam.tokens!.message.map((t) => t.text)).toEqual(['free', 'prize']);
    const tabular = predictionResponse(await engine.predict('tabular', [row()], { explain: true }));
    expect(tabular.explanations![0]!.kind.tokens).toBeUndefined();
  });
});
