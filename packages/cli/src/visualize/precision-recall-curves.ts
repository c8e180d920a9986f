import { curveFromProbabilities, precisionRecallCurve } from './binary-curves.js';

/** Precision-recall of --positive_label against the rest, from each model's predicted probabilities. */
export const precisionRecallCurves = curveFromProbabilities('precision_recall_curves', precisionRecallCurve);
