import { curveFromTestStatistics, precisionRecallCurve } from './binary-curves.js';

/** The precision-recall curve that evaluation stored for each binary output, one line per model. */
export const precisionRecallCurvesFromTestStatistics = curveFromTestStatistics('precision_recall_curves_from_test_statistics', precisionRecallCurve,
  'no output in the test statistics has a precision_recall_curve (binary outputs with true rows in the test split do)');
