import { binaryThresholdVsMetric } from './binary-threshold-vs-metric.js';
import { calibration1VsAll } from './calibration-1-vs-all.js';
import { calibrationMulticlass } from './calibration-multiclass.js';
import { compareClassifiersPerformanceFromProb } from './compare-classifiers-performance-from-prob.js';
import { comparePerformance } from './compare-performance.js';
import { confidenceThresholding } from './confidence-thresholding.js';
import { confusionMatrix } from './confusion-matrix.js';
import { frequencyVsF1 } from './frequency-vs-f1.js';
import { learningCurves } from './learning-curves.js';
import { precisionRecallCurves } from './precision-recall-curves.js';
import { precisionRecallCurvesFromTestStatistics } from './precision-recall-curves-from-test-statistics.js';
import { rocCurves } from './roc-curves.js';
import { rocCurvesFromTestStatistics } from './roc-curves-from-test-statistics.js';
import type { Visualization } from './visualization.js';

/** Ludwig's visualization names that Overture draws, each from files Overture writes. */
export const visualizations = {
  learning_curves: learningCurves,
  compare_performance: comparePerformance,
  confusion_matrix: confusionMatrix,
  frequency_vs_f1: frequencyVsF1,
  roc_curves_from_test_statistics: rocCurvesFromTestStatistics,
  precision_recall_curves_from_test_statistics: precisionRecallCurvesFromTestStatistics,
  compare_classifiers_performance_from_prob: compareClassifiersPerformanceFromProb,
  roc_curves: rocCurves,
  precision_recall_curves: precisionRecallCurves,
  calibration_1_vs_all: calibration1VsAll,
  calibration_multiclass: calibrationMulticlass,
  binary_threshold_vs_metric: binaryThresholdVsMetric,
  confidence_thresholding: confidenceThresholding,
} satisfies Record<string, Visualization>;

export type VisualizationName = keyof typeof visualizations;

/** Ludwig's other names, refused with the reason rather than an unknown-name error. */
export const unsupportedVisualizations: Record<string, string> = {
  compare_classifiers_performance_from_pred: 'it is not drawn yet; compare_classifiers_performance_from_prob plots the same metrics from --probabilities',
  compare_classifiers_performance_subset: 'it is not drawn yet',
  compare_classifiers_performance_changing_k: 'it is not drawn yet; compare_classifiers_performance_from_prob shows hits at --top_k',
  compare_classifiers_multiclass_multimetric: 'it is not drawn yet; frequency_vs_f1 shows per-class F1',
  compare_classifiers_predictions: 'it is not drawn yet',
  compare_classifiers_predictions_distribution: 'it is not drawn yet',
  confidence_thresholding_data_vs_acc: 'it is not drawn yet; confidence_thresholding plots accuracy and data coverage per threshold',
  confidence_thresholding_data_vs_acc_subset: 'it is not drawn yet',
  confidence_thresholding_data_vs_acc_subset_per_class: 'it is not drawn yet',
  confidence_thresholding_2thresholds_2d: 'it is not drawn yet',
  confidence_thresholding_2thresholds_3d: 'it is not drawn yet',
  hyperopt_report: 'it is not drawn yet; `overture hyperopt` writes the hyperopt_statistics.json it would read',
  hyperopt_hiplot: 'HiPlot is an interactive HTML page rather than a chart file; `overture hyperopt` writes the hyperopt_statistics.json it would read',
};
