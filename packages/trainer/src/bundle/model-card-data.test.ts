import { resolveConfig } from '@overture/config';
import { describe, expect, it } from 'vitest';
import { buildModelCard, type ModelCardInputs } from './model-card-data.js';
import { renderModelCard } from './model-card.js';

const { config } = resolveConfig({
  input_features: [{ name: 'x', type: 'number' }, { name: 'noise', type: 'number' }],
  output_features: [{ name: 'y', type: 'category' }],
  preprocessing: { split: { type: 'fixed', column: 'fold' } },
});

const inputs = (over: Partial<ModelCardInputs> = {}): ModelCardInputs => ({
  config,
  manifest: { format_version: '1.2', overture_version: '0.1', created: '2026-12-01T00:00:00.000Z', backend: 'wasm', seed: 7, parameters: 1234 },
  progress: { epoch: 4, steps: 8, steps_per_epoch: 2, best_eval_metric_steps: 8, best_eval_metric_epoch: 4, best_eval_metric_value: 0.3, validation_field: 'y', validation_metric: 'loss', stop_reason: 'completed' },
  statistics: { training: { y: { loss: [0.9, 0.7, 0.5, 0.4] } }, validation: { y: { loss: [0.8, 0.6, 0.4, 0.3], accuracy: [0.5, 0.6, 0.7, 0.8] } } },
  testStatistics: { y: { loss: 0.35, accuracy: 0.79, per_class_stats: { a: { support: 95 }, b: { support: 5 } } }, combined: { loss: 0.35 } },
  report: {
    rows: { total: 600, sampled: 600, kept: 500, final: 500 },
    droppedRows: [{ feature: 'x', reason: 'missing_value', count: 100 }],
    missingValuesFilled: { noise: 150 }, outliersReplaced: {}, nonNumericValues: {}, unparseableValues: {}, truncatedSequences: {},
    split: { train: 400, validation: 0, test: 100 }, balance: null,
  },
  featureImportance: { output: 'y', metric: 'accuracy', repeats: 3, features: [{ feature: 'x', importance: 0.3, std: 0.01 }, { feature: 'noise', importance: -0.01, std: 0.02 }] },
  datasetName: 'rows.csv',
  ...over,
});

describe('buildModelCard', () => {
  it('reads the metrics of the evaluation whose weights were kept, per split', () => {
    const card = buildModelCard(inputs());
    expect(card.metrics_per_split).toEqual([
      { output: 'y', metric: 'loss', values: { training: 0.4, validation: 0.3, test: null } },
      { output: 'y', metric: 'accuracy', values: { training: null, validation: 0.8, test: null } },
    ]);
    expect(card.training).toMatchObject({ best_epoch: 4, best_step: 8, watched: 'y loss' });
    expect(card.data).toEqual({
      rows: { total: 600, used: 500, dropped: 100 },
      split: { method: 'fixed', detail: 'from the column fold', sizes: { training: 400, validation: 0, test: 100 } },
      missing_values_filled: { noise: 150 },
      dropped_rows: [{ feature: 'x', reason: 'missing_value', count: 100 }],
    });
    expect(card.test_metrics).toEqual({ y: { loss: 0.35, accuracy: 0.79 } });
  });

  it('names the limitations its data and training show', () => {
    const notes = buildModelCard(inputs()).limitations.join('\n');
    expect(notes).toContain('Trained on 400 rows');
    expect(notes).toContain('No validation rows');
    expect(notes).toContain('still improving at the last epoch');
    expect(notes).toContain('y is imbalanced: its rarest class b has 5 test rows against 95');
    expect(notes).toContain('noise was missing in 30% of rows');
    expect(notes).toContain('100 rows were dropped in preprocessing (100 for missing value in x)');
    expect(notes).toContain('Shuffling noise did not worsen the accuracy');
  });

  it('says so when there was no test split and leaves out what it does not know', () => {
    const card = buildModelCard(inputs({ testStatistics: null, report: undefined, featureImportance: null }));
    expect(card.test_metrics).toBeNull();
    expect(card.data.rows).toBeNull();
    expect(card.limitations.join('\n')).toContain('No test rows');
    const markdown = renderModelCard(card);
    expect(markdown).not.toContain('## Feature importance');
    expect(markdown).not.toContain('## Test evaluation');
    expect(markdown).toContain('## Limitations');
    expect(markdown).not.toMatch(/\n\n\n/);
  });
});
