import { describe, expect, it } from 'vitest';
import { parquetReadObjects } from 'hyparquet';
import { predictionWriters } from './prediction-files.js';

const columns = ['label_predictions', 'label_probabilities_no', 'label_probabilities_yes', 'label_probability', 'price_predictions', 'tags_predictions'];
const records = [
  { label_predictions: 'yes', label_probabilities_no: 0.25, label_probabilities_yes: 0.75, label_probability: 0.75, price_predictions: 12.5, tags_predictions: ['a', 'b'] },
  { label_predictions: 'no, "really"', label_probabilities_no: 0.9, label_probabilities_yes: 0.1, label_probability: 0.9, price_predictions: null, tags_predictions: [] },
];

describe('prediction files', () => {
  it('writes CSV with Ludwig\'s columns in order, quoting as RFC 4180 asks, missing values empty, lists as JSON', () => {
    expect(predictionWriters.csv(columns, records)).toBe([
      'label_predictions,label_probabilities_no,label_probabilities_yes,label_probability,price_predictions,tags_predictions',
      'yes,0.25,0.75,0.75,12.5,"[""a"",""b""]"',
      '"no, ""really""",0.9,0.1,0.9,,[]',
      '',
    ].join('\n'));
  });

  it('writes Parquet with typed columns that read back to the same values', async () => {
    const bytes = predictionWriters.parquet(columns, records);
    const rows = await parquetReadObjects({ file: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer });
    expect(Object.keys(rows[0])).toEqual(columns);
    expect(rows).toEqual([
      { label_predictions: 'yes', label_probabilities_no: 0.25, label_probabilities_yes: 0.75, label_probability: 0.75, price_predictions: 12.5, tags_predictions: '["a","b"]' },
      { label_predictions: 'no, "really"', label_probabilities_no: 0.9, label_probabilities_yes: 0.1, label_probability: 0.9, price_predictions: null, tags_predictions: '[]' },
    ]);
  });

  it('writes one JSON record per line, and nothing for no rows', () => {
    expect(predictionWriters.jsonl(columns, records).trim().split('\n').map((l) => JSON.parse(l))).toEqual(records);
    expect(predictionWriters.jsonl(columns, [])).toBe('');
  });
});
