import { isOvertureError } from '@overture/config';
import { describe, expect, it } from 'vitest';
import { computeEpochMetrics, computeOutputStatistics, metricsForOutputType } from './index.js';
import type { MetricOutputType, MetricsInputs } from './types.js';

/** Paths of every number in `value` that JSON could not hold (NaN, ±Infinity). */
function nonFinitePaths(value: unknown, path = '$'): string[] {
  if (typeof value === 'number') return Number.isFinite(value) ? [] : [path];
  if (Array.isArray(value)) return value.flatMap((v, i) => nonFinitePaths(v, `${path}[${i}]`));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => nonFinitePaths(v, `${path}.${k}`));
  }
  return [];
}

const f32 = (values: number[]) => Float32Array.from(values);

/** Ordinary, non-degenerate inputs of every output type. */
const ordinary: { [T in MetricOutputType]: MetricsInputs[T] } = {
  binary: { probabilities: f32([0.9, 0.2, 0.6, 0.4]), targets: Uint8Array.from([1, 0, 0, 1]) },
  category: {
    probabilities: f32([0.7, 0.2, 0.1, 0.1, 0.8, 0.1, 0.3, 0.3, 0.4]),
    targets: Int32Array.from([0, 1, 1]),
    labels: ['a', 'b', 'c'],
  },
  number: { predictions: f32([1, 2, 4]), targets: f32([1, 3, 5]) },
  set: { probabilities: f32([0.9, 0.1, 0.6, 0.7]), targets: Uint8Array.from([1, 0, 0, 1]), labels: ['x', 'y'] },
  vector: { predictions: f32([1, 2, 3, 5]), targets: f32([1, 2, 4, 4]), size: 2 },
  timeseries: { predictions: f32([1, 2, 3, 5, 4, 4]), targets: f32([1, 2, 4, 4, 4, 6]), size: 3 },
  category_distribution: {
    probabilities: f32([0.7, 0.2, 0.1, 0.1, 0.8, 0.1, 0.3, 0.3, 0.4]),
    targets: f32([0.6, 0.3, 0.1, 0.2, 0.5, 0.3, 0.1, 0.6, 0.3]),
    labels: ['a', 'b', 'c'],
  },
  anomaly: { scores: f32([0.1, 2, 0.5, 3, 0.2]), targets: f32([0, 1, 0, 1, -1]) },
  // Two rows of <SOS> tag tag <EOS> with ids <EOS> 0, <SOS> 1, <PAD> 2, then tags.
  text: {
    predictions: Int32Array.from([1, 3, 4, 0, 1, 4, 4, 0]), targets: Int32Array.from([1, 3, 4, 0, 1, 3, 4, 0]), steps: 4,
    targetProbabilities: f32([1, 0.9, 0.8, 1, 1, 0.4, 0.7, 1]), padId: 2, startId: 1, stopId: 0, vocabulary: ['<EOS>', '<SOS>', '<PAD>', 'O', 'PER'],
  },
  sequence: {
    predictions: Int32Array.from([1, 3, 0, 2]), targets: Int32Array.from([1, 3, 0, 2]), steps: 4, padId: 2, startId: 1, stopId: 0,
  },
};

/** Inputs where metrics do not exist: one class, empty sets, constant or zero targets, one row. */
const degenerate: { [K in string]: { type: MetricOutputType; input: MetricsInputs[MetricOutputType] } } = {
  'binary with one class': { type: 'binary', input: { probabilities: f32([0.1, 0.9]), targets: Uint8Array.from([1, 1]) } },
  'binary with probabilities 0 and 1': { type: 'binary', input: { probabilities: f32([0, 1]), targets: Uint8Array.from([1, 0]) } },
  'binary with a NaN probability': { type: 'binary', input: { probabilities: f32([Number.NaN, 0.5]), targets: Uint8Array.from([1, 0]) } },
  'category with one class present': {
    type: 'category',
    input: { probabilities: f32([1, 0, 1, 0]), targets: Int32Array.from([0, 0]), labels: ['a', 'b'] },
  },
  'category with a single-class vocabulary': {
    type: 'category',
    input: { probabilities: f32([1]), targets: Int32Array.from([0]), labels: ['only'] },
  },
  'number with one row': { type: 'number', input: { predictions: f32([3]), targets: f32([0]) } },
  'number with constant targets': { type: 'number', input: { predictions: f32([1, 2]), targets: f32([7, 7]) } },
  'set with empty truth and prediction': {
    type: 'set',
    input: { probabilities: f32([0, 0, 0, 0]), targets: Uint8Array.from([0, 0, 0, 0]), labels: ['x', 'y'] },
  },
  'vector with constant targets': { type: 'vector', input: { predictions: f32([1, 2]), targets: f32([0, 0]), size: 2 } },
  'anomaly with only unlabeled and normal rows': { type: 'anomaly', input: { scores: f32([1, 2, 3]), targets: f32([-1, 0, -1]) } },
};

describe('computeOutputStatistics', () => {
  it("writes Ludwig's keys for category outputs", () => {
    expect(Object.keys(computeOutputStatistics('category', ordinary.category))).toEqual([
      'loss', 'accuracy', 'accuracy_micro', 'hits_at_k', 'roc_auc', 'roc_auc_macro', 'roc_auc_micro',
      'confusion_matrix', 'overall_stats', 'per_class_stats', 'calibration',
    ]);
  });

  it("writes Ludwig's keys for binary outputs", () => {
    expect(Object.keys(computeOutputStatistics('binary', ordinary.binary))).toEqual([
      'loss', 'accuracy', 'precision', 'recall', 'specificity', 'f1', 'roc_auc', 'average_precision', 'threshold',
      'confusion_matrix', 'overall_stats', 'per_class_stats', 'roc_curve', 'roc_auc_macro', 'roc_auc_micro',
      'precision_recall_curve', 'average_precision_macro', 'average_precision_micro', 'average_precision_samples',
      'calibration',
    ]);
  });

  it('has overall_stats with Ludwig names', () => {
    const stats = computeOutputStatistics('category', ordinary.category);
    expect(Object.keys(stats.overall_stats).sort()).toEqual([
      'avg_f1_score_macro', 'avg_f1_score_micro', 'avg_f1_score_weighted',
      'avg_precision_macro', 'avg_precision_micro', 'avg_precision_weighted',
      'avg_recall_macro', 'avg_recall_micro', 'avg_recall_weighted',
      'kappa_score', 'overall_accuracy',
    ]);
  });

  it.each(Object.entries(degenerate))('has no NaN or Infinity for %s', (_name, { type, input }) => {
    const stats = computeOutputStatistics(type, input as never);
    expect(nonFinitePaths(stats)).toEqual([]);
    expect(nonFinitePaths(computeEpochMetrics(type, input as never))).toEqual([]);
  });

  it('uses null for metrics that do not exist', () => {
    const oneClass = computeOutputStatistics('binary', degenerate['binary with one class'].input as MetricsInputs['binary']);
    expect(oneClass.roc_auc).toBeNull();
    expect(oneClass.roc_curve).toBeNull();
    const category = computeOutputStatistics('category', degenerate['category with one class present'].input as MetricsInputs['category']);
    expect(category.roc_auc).toBeNull();
    expect(category.overall_stats.kappa_score).toBeNull();
  });

  it.each(['binary', 'category', 'number', 'set', 'vector'] as const)(
    'rejects an empty %s split with an invalid_input error',
    (type) => {
      const empty = {
        binary: { probabilities: f32([]), targets: new Uint8Array(0) },
        category: { probabilities: f32([]), targets: new Int32Array(0), labels: ['a', 'b'] },
        number: { predictions: f32([]), targets: f32([]) },
        set: { probabilities: f32([]), targets: new Uint8Array(0), labels: ['x'] },
        vector: { predictions: f32([]), targets: f32([]), size: 3 },
      }[type];
      let error: unknown;
      try {
        computeEpochMetrics(type, empty as never);
      } catch (e) {
        error = e;
      }
      expect(isOvertureError(error) && error.code).toBe('invalid_input');
      expect((error as Error).message).toMatch(/empty split/);
    },
  );

  it('rejects mismatched lengths and out-of-range class indices', () => {
    expect(() => computeOutputStatistics('number', { predictions: f32([1]), targets: f32([1, 2]) })).toThrow(
      /predictions has 1 values but 2 were expected/,
    );
    expect(() =>
      computeOutputStatistics('category', { probabilities: f32([0.5, 0.5]), targets: Int32Array.from([2]), labels: ['a', 'b'] }),
    ).toThrow(/target 2 at row 0/);
  });
});

describe('computeEpochMetrics', () => {
  it.each(['binary', 'category', 'number', 'set', 'vector'] as const)(
    'reports exactly the registry metrics of %s outputs',
    (type) => {
      expect(Object.keys(computeEpochMetrics(type, ordinary[type] as never)).sort()).toEqual(
        [...metricsForOutputType(type)].sort(),
      );
    },
  );

  it('handles 100 000 rows × 10 classes quickly (sanity bound, not a benchmark)', () => {
    const n = 100_000;
    const k = 10;
    const probabilities = new Float32Array(n * k);
    const targets = new Int32Array(n);
    let seed = 12345;
    const random = () => {
      seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
      return seed / 4294967296;
    };
    for (let i = 0; i < n; i++) {
      targets[i] = Math.floor(random() * k);
      let sum = 0;
      for (let c = 0; c < k; c++) sum += probabilities[i * k + c] = random() + (c === targets[i] ? 0.5 : 0);
      for (let c = 0; c < k; c++) probabilities[i * k + c] /= sum;
    }
    const input = { probabilities, targets, labels: Array.from({ length: k }, (_, c) => `c${c}`) };
    computeEpochMetrics('category', input); // warm up the JIT
    const started = performance.now();
    const metrics = computeEpochMetrics('category', input);
    const elapsed = performance.now() - started;
    expect(metrics.roc_auc).toBeGreaterThan(0.6);
    expect(elapsed).toBeLessThan(1000);
  });
});
