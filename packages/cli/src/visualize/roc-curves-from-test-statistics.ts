import { curveFromTestStatistics, rocCurve } from './binary-curves.js';

/** The ROC curve that evaluation stored for each binary output, one line per model. */
export const rocCurvesFromTestStatistics = curveFromTestStatistics('roc_curves_from_test_statistics', rocCurve,
  'no output in the test statistics has a roc_curve (binary outputs with both classes in the test split do)');
