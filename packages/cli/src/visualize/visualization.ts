import { OvertureError } from '@overture/config';
import type { Chart } from './render.js';
import type { Named, ProbabilityRun, TestStatistics, TrainingStatistics } from './inputs.js';

/** Which of Overture's output files a visualization reads. */
export type Need = 'training_statistics' | 'test_statistics' | 'probabilities';

export interface VisualizeContext {
  trainingStatistics: Named<TrainingStatistics>[];
  testStatistics: Named<TestStatistics>[];
  /** For --output_feature_name, one run per --probabilities file. */
  probabilities: ProbabilityRun[];
  /** --output_feature_name; every output in the statistics when absent. */
  feature: string | null;
  /** --metrics (binary_threshold_vs_metric). */
  metrics: string[];
  /** --positive_label: index of the positive class (roc, precision-recall, threshold charts). */
  positiveLabel: number;
  /** --normalize (confusion_matrix). */
  normalize: boolean;
  /** --top_k (compare_classifiers_performance_from_prob). */
  topK: number;
}

export interface Visualization {
  needs: Need;
  /** What it plots, for --help and `--visualization` errors. */
  description: string;
  charts(context: VisualizeContext): Chart[];
}

/** Output features of statistics files (not `combined`), narrowed to --output_feature_name. */
export function outputsOf(sections: Record<string, unknown>[], feature: string | null): string[] {
  const names = [...new Set(sections.flatMap((s) => Object.keys(s)))].filter((n) => n !== 'combined');
  if (feature === null) return names;
  if (!names.includes(feature)) {
    throw new OvertureError('invalid_input', `--output_feature_name ${feature} is not in the statistics: outputs are ${names.join(', ')}`);
  }
  return [feature];
}

/** Refuses a visualization that found nothing of its kind in the inputs, rather than writing no file. */
export function requireCharts(name: string, charts: Chart[], what: string): Chart[] {
  if (charts.length === 0) throw new OvertureError('invalid_input', `${name} found nothing to plot: ${what}`);
  return charts;
}

export function positiveClass(run: ProbabilityRun, index: number): string {
  if (index < 0 || index >= run.labels.length) {
    throw new OvertureError('invalid_input', `--positive_label ${index} is out of range: ${run.feature} has labels ${run.labels.map((l, i) => `${i} ${l}`).join(', ')}`);
  }
  return run.labels[index];
}

/** P(class c) of every row, and whether c is the row's true class. */
export function oneVsAll(run: ProbabilityRun, c: number): { probabilities: Float32Array; targets: Uint8Array } {
  const k = run.labels.length;
  const n = run.targets.length;
  const probabilities = new Float32Array(n);
  const targets = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    probabilities[i] = run.probabilities[i * k + c];
    targets[i] = run.targets[i] === c ? 1 : 0;
  }
  return { probabilities, targets };
}
