/**
 * Ludwig-shaped `test_statistics.json` (packages/trainer/src/metrics): per output, scalar metrics
 * plus, for classifiers, the confusion matrix, per-class statistics, curves and calibration.
 */
export interface OutputStatistics {
  confusion_matrix?: number[][];
  per_class_stats?: Record<string, Record<string, number | null>>;
  overall_stats?: Record<string, number | null>;
  roc_curve?: { false_positive_rate: number[]; true_positive_rate: number[]; thresholds: number[] } | null;
  precision_recall_curve?: { precisions: number[]; recalls: number[]; thresholds: number[] } | null;
  calibration?: { bins: { lower: number; upper: number; count: number; mean_predicted: number | null; fraction_positive: number | null }[]; expected_calibration_error: number };
  [metric: string]: unknown;
}

export type TestStatistics = Record<string, OutputStatistics>;

/** The scalar metrics of an output (numbers only: no matrices, curves or nested stats). */
export function scalarMetrics(stats: OutputStatistics): [string, number][] {
  return Object.entries(stats).filter((e): e is [string, number] => typeof e[1] === 'number' && !/_macro$|_micro$|_samples$|^threshold$/.test(e[0]));
}

/** Output names and types from a resolved config. */
export function outputFeatures(config: Record<string, unknown>): { name: string; type: string }[] {
  const list = (config.output_features ?? []) as { name: string; type: string }[];
  return list.map((o) => ({ name: o.name, type: o.type }));
}

export function inputFeatures(config: Record<string, unknown>): { name: string; type: string; column?: string }[] {
  return ((config.input_features ?? []) as { name: string; type: string; column?: string }[]).map((i) => ({ name: i.name, type: i.type, column: i.column }));
}
