import { binaryThresholdVsMetric } from './binary-threshold-vs-metric.js';
import { calibration1VsAll } from './calibration-1-vs-all.js';
import { calibrationMulticlass } from './calibration-multiclass.js';
import { compareClassifiersPerformanceFromProb } from './compare-classifiers-performance-from-prob.js';
import { comparePerformance } from './compare-performance.js';
import { compareClassifiersMulticlassMultimetric } from './compare-classifiers-multiclass-multimetric.js';
import { compareClassifiersPerformanceChangingK } from './compare-classifiers-performance-changing-k.js';
import { compareClassifiersPerformanceFromPred } from './compare-classifiers-performance-from-pred.js';
import { compareClassifiersPerformanceSubset } from './compare-classifiers-performance-subset.js';
import { compareClassifiersPredictions } from './compare-classifiers-predictions.js';
import { compareClassifiersPredictionsDistribution } from './compare-classifiers-predictions-distribution.js';
import { confidenceThresholding2Thresholds2d } from './confidence-thresholding-2thresholds-2d.js';
import { confidenceThresholding2Thresholds3d } from './confidence-thresholding-2thresholds-3d.js';
import { confidenceThresholdingDataVsAcc } from './confidence-thresholding-data-vs-acc.js';
import { confidenceThresholdingDataVsAccSubset } from './confidence-thresholding-data-vs-acc-subset.js';
import { confidenceThresholdingDataVsAccSubsetPerClass } from './confidence-thresholding-data-vs-acc-subset-per-class.js';
import { hyperoptHiplot } from './hyperopt-hiplot.js';
import { hyperoptReport } from './hyperopt-report.js';
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
  compare_classifiers_performance_from_pred: compareClassifiersPerformanceFromPred,
  compare_classifiers_performance_subset: compareClassifiersPerformanceSubset,
  compare_classifiers_performance_changing_k: compareClassifiersPerformanceChangingK,
  compare_classifiers_multiclass_multimetric: compareClassifiersMulticlassMultimetric,
  compare_classifiers_predictions: compareClassifiersPredictions,
  compare_classifiers_predictions_distribution: compareClassifiersPredictionsDistribution,
  confidence_thresholding_data_vs_acc: confidenceThresholdingDataVsAcc,
  confidence_thresholding_data_vs_acc_subset: confidenceThresholdingDataVsAccSubset,
  confidence_thresholding_data_vs_acc_subset_per_class: confidenceThresholdingDataVsAccSubsetPerClass,
  confidence_thresholding_2thresholds_2d: confidenceThresholding2Thresholds2d,
  confidence_thresholding_2thresholds_3d: confidenceThresholding2Thresholds3d,
  hyperopt_report: hyperoptReport,
  hyperopt_hiplot: hyperoptHiplot,
} satisfies Record<string, Visualization>;

export type VisualizationName = keyof typeof visualizations;

/** Ludwig's other names, refused with the reason rather than an unknown-name error. */
/** Ludwig's other names, refused with the reason rather than an unknown-name error (none left). */
export const unsupportedVisualizations: Record<string, string> = {};
