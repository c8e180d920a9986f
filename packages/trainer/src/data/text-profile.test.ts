import { describe, expect, it } from 'vitest';
import { ZDatasetProfile } from '@overture/config';
import { profileTable } from './profile.js';
import { TextProfiler } from './text-profile.js';

describe('TextProfiler', () => {
  it('counts space_punct tokens, lengths and rows past max_sequence_length', () => {
    const profiler = new TextProfiler();
    profiler.add('Hello, world!', 3); // Hello , world ! → 4 tokens (Ludwig's default keeps case)
    profiler.add('hello again');
    profiler.add(Array.from({ length: 254 }, () => 'w').join(' ')); // 254 + start/stop = 256: kept whole
    profiler.add(Array.from({ length: 255 }, () => 'w').join(' '), 2); // 257: truncated
    const text = profiler.result();
    expect(text).toMatchObject({ tokenizer: 'space_punct', lowercase: false, rows: 7, maxTokens: 255, maxSequenceLength: 256 });
    expect(text.truncatedRows).toBe(2);
    expect(text.truncatedRatio).toBeCloseTo(2 / 7);
    expect(text.meanTokens).toBeCloseTo((4 * 3 + 2 + 254 + 255 * 2) / 7);
    expect(text.topTokens.slice(0, 3)).toEqual([
      { token: 'w', count: 254 + 510 },
      { token: 'Hello', count: 3 },
      { token: ',', count: 3 },
    ]);
    expect(text.tokenDictionaryCapped).toBe(false);
    expect(text.examples[0]).toBe('Hello, world!');
    expect(text.examples[2].endsWith('…')).toBe(true);
    expect(text.examples[2].length).toBe(301);
    // 20 bins of 13 lengths over 0..255; every row lands in one.
    expect(text.lengthHistogram).toHaveLength(20);
    expect(text.lengthHistogram[0]).toEqual({ start: 0, end: 12, count: 4 });
    expect(text.lengthHistogram.at(-1)).toEqual({ start: 247, end: 255, count: 3 });
    expect(text.lengthHistogram.reduce((s, b) => s + b.count, 0)).toBe(7);
  });

  it('keeps the token dictionary under its cap and reports the count error bound', () => {
    const profiler = new TextProfiler({ maxTokens: 100 });
    for (let i = 0; i < 10_000; i++) profiler.add(`common t${i}`);
    const text = profiler.result();
    expect(text.tokenDictionaryCapped).toBe(true);
    expect(text.topTokens[0]).toEqual({ token: 'common', count: 10_000 });
    expect(text.tokenCountError).toBe(1);
    expect(text.topTokens.every((t) => t.count <= 10_000)).toBe(true);
  });

  it('gives an empty histogram and no examples for a column of blank values', () => {
    const profiler = new TextProfiler();
    profiler.add('   ', 2);
    const text = profiler.result();
    expect(text).toMatchObject({ rows: 2, meanTokens: 0, maxTokens: 0, topTokens: [], examples: [], truncatedRows: 0 });
    expect(text.lengthHistogram).toEqual([{ start: 0, end: 0, count: 2 }]);
  });
});

describe('profileTable on text columns', () => {
  it('adds token statistics to text columns only, and the profile still parses', () => {
    const sentences = Array.from({ length: 200 }, (_, i) => `Message number ${i} says something different about item ${i * 7}.`);
    const profile = profileTable({ columns: ['body', 'label'], rowCount: 200, data: { body: sentences, label: sentences.map((_, i) => (i % 2 ? 'a' : 'b')) } });
    expect(ZDatasetProfile.parse(profile)).toEqual(profile);
    const [body, label] = profile.columns;
    expect(body.inferredType).toBe('text');
    expect(body.text).toMatchObject({ rows: 200, truncatedRows: 0, maxTokens: 10 });
    expect(body.text?.topTokens[0]).toEqual({ token: 'Message', count: 200 });
    expect(label.text).toBeNull();
  });

  it('reads a stored profile from before text statistics existed', () => {
    const old = { rowCount: 1, sampledRows: 1, columns: [{ name: 'x', inferredType: 'text', inferenceReason: '', rowCount: 1, missingCount: 0, missingRatio: 0, distinctCount: 1, topValues: [], numeric: null, histogram: null, averageWords: 3, idLike: false }] };
    expect(ZDatasetProfile.parse(old).columns[0].text).toBeUndefined();
  });
});
