import { OvertureError } from '@overture/config';
import type { Chart } from './render.js';
import type { HyperoptStatistics } from './hyperopt-statistics.js';
import type { Named, PredictionRun, ProbabilityRun, TestStatistics, TrainingStatistics } from './inputs.js';

/**
 * Which of Overture's output files a visualization reads. `threshold_probabilities`: one
 * --probabilities file, read for the two --threshold_output_feature_names.
 */
export type Need = 'training_statistics' | 'test_statistics' | 'probabilities' | 'predictions' | 'threshold_probabilities' | 'hyperopt_statistics';

/** Ludwig's --subset: which rows count as "in the first --top_n_classes classes". */
export type Subset = 'ground_truth' | 'predictions';

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
  /** --top_k (compare_classifiers_performance_from_prob, _subset, _changing_k). */
  topK: number;
  /** For --output_feature_name, one run per --predictions file. */
  predictions: PredictionRun[];
  /** One run per --threshold_output_feature_names entry, from the first --probabilities file. */
  thresholdProbabilities: ProbabilityRun[];
  hyperopt: HyperoptStatistics | null;
  /** --ground_truth_metadata, when given (label order of test statistics' per-class charts). */
  metadata: Record<string, unknown> | null;
  /** --top_n_classes (Ludwig's default [0]: every class). */
  topNClasses: number[];
  /** --subset. */
  subset: Subset;
}

export interface Visualization {
  needs: Need;
  /** What it plots, for --help and `--visualization` errors. */
  description: string;
  /** Ludwig's file-name prefix, when it is not the visualization's name (hyperopt_report writes hyperopt_<parameter>). */
  filePrefix?: string;
  charts(context: VisualizeContext): Chart[];
  /**
   * A visualization that is one page rather than chart files (Ludwig's hyperopt_hiplot writes HTML):
   * the page around its charts, given them rendered as SVG.
   */
  page?(context: VisualizeContext, svgs: string[]): { name: string; content: string };
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

/** The predicted class (highest probability, first on ties) and its probability, per row. */
export function topPredictions(run: ProbabilityRun): { predicted: Int32Array; confidence: Float32Array } {
  const k = run.labels.length;
  const n = run.targets.length;
  const predicted = new Int32Array(n);
  const confidence = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let c = 1; c < k; c++) if (run.probabilities[i * k + c] > run.probabilities[i * k + best]) best = c;
    predicted[i] = best;
    confidence[i] = run.probabilities[i * k + best];
  }
  return { predicted, confidence };
}

/** Rank of the true class in each row's probabilities (0 = predicted; ties go to the lower index). */
export function trueRanks(run: ProbabilityRun): Int32Array {
  const k = run.labels.length;
  const ranks = new Int32Array(run.targets.length);
  for (let i = 0; i < run.targets.length; i++) {
    const p = run.probabilities[i * k + run.targets[i]];
    let rank = 0;
    for (let c = 0; c < k; c++) {
      const q = run.probabilities[i * k + c];
      if (q > p || (q === p && c < run.targets[i])) rank++;
    }
    ranks[i] = rank;
  }
  return ranks;
}

/** Ludwig's --top_n_classes: the first value, 0 (or more than there are) meaning every class. */
export function firstClasses(topNClasses: number[], classes: number): number {
  const k = topNClasses[0] ?? 0;
  return k <= 0 ? classes : Math.min(k, classes);
}
