import { curveFromProbabilities, rocCurve } from './binary-curves.js';

/** ROC of --positive_label against the rest, from each model's predicted probabilities. */
export const rocCurves = curveFromProbabilities('roc_curves', rocCurve);
