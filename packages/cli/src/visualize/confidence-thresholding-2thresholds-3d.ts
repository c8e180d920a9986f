import type { TopLevelSpec } from 'vega-lite';
import { stem } from './charts.js';
import { thresholdSteps } from './thresholds.js';
import { thresholdGrid, thresholdPair } from './two-thresholds.js';
import type { Visualization } from './visualization.js';

/**
 * Ludwig draws accuracy and coverage as two surfaces over the pair of thresholds; Vega-Lite has
 * no 3-D marks, so the same two quantities are side-by-side heatmaps over the threshold grid.
 */
export const confidenceThresholding2Thresholds3d: Visualization = {
  needs: 'threshold_probabilities',
  description: 'accuracy and data coverage over every pair of thresholds of two outputs (--threshold_output_feature_names); Ludwig\'s 3-D surfaces, drawn as two heatmaps',
  charts({ thresholdProbabilities }) {
    const [first, second] = thresholdPair(thresholdProbabilities, 'confidence_thresholding_2thresholds_3d');
    const t1 = `${first.feature} threshold`;
    const t2 = `${second.feature} threshold`;
    const rows = thresholdGrid(first, second).flat().map((c) => ({ [t1]: thresholdSteps[c.i], [t2]: thresholdSteps[c.j], accuracy: c.accuracy, coverage: c.coverage }));
    const heat = (field: 'accuracy' | 'coverage', scheme: string) => ({
      // Blank cells keep no row: accuracy is undefined there.
      title: field === 'accuracy' ? 'accuracy (both right; blank: no row kept)' : 'data coverage',
      width: 300, height: 300,
      mark: { type: 'rect' as const },
      encoding: {
        x: { field: t1, type: 'ordinal' as const, scale: { domain: thresholdSteps }, axis: { format: '.2f', labelAngle: -45 } },
        y: { field: t2, type: 'ordinal' as const, scale: { domain: [...thresholdSteps].reverse() }, axis: { format: '.2f' } },
        color: { field, type: 'quantitative' as const, scale: { scheme, domain: [0, 1] }, title: field },
      },
    });
    const spec: TopLevelSpec = {
      title: `Confidence thresholding, two thresholds: ${first.feature} and ${second.feature}`,
      data: { values: rows },
      hconcat: [heat('accuracy', 'viridis'), heat('coverage', 'blues')],
      resolve: { scale: { color: 'independent' } },
    };
    return [{ name: stem('confidence_thresholding_2thresholds_3d', first.feature, second.feature), spec }];
  },
};
