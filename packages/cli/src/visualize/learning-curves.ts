import { lineChart, stem } from './charts.js';
import type { Chart } from './render.js';
import { outputsOf, requireCharts, type Visualization } from './visualization.js';

/** Each metric of each output (and the combined loss) per evaluation, one line per split and model. */
export const learningCurves: Visualization = {
  needs: 'training_statistics',
  description: 'metrics per epoch for the training, validation and test splits',
  charts({ trainingStatistics, feature }) {
    const outputs = [...outputsOf(trainingStatistics.flatMap((s) => Object.values(s.value)), feature), ...(feature ? [] : ['combined'])];
    const charts: Chart[] = [];
    for (const output of outputs) {
      // The training split may record only the loss; validation and test add the other metrics.
      const metrics = [...new Set(trainingStatistics.flatMap((s) => Object.values(s.value).flatMap((split) => Object.keys(split[output] ?? {}))))];
      for (const metric of metrics) {
        const rows = trainingStatistics.flatMap(({ model, value }) => Object.entries(value).flatMap(([split, outs]) =>
          (outs[output]?.[metric] ?? []).map((v, epoch) => ({ epoch: epoch + 1, value: v, split, model }))));
        if (rows.length === 0) continue;
        charts.push({
          name: stem('learning_curves', output, metric),
          spec: lineChart({ title: `Learning curves: ${output} ${metric}`, rows, x: 'epoch', y: 'value', color: 'split', dash: trainingStatistics.length > 1 ? 'model' : undefined, yTitle: metric, points: true, integerX: true }),
        });
      }
    }
    return requireCharts('learning_curves', charts, 'the training statistics have no metric series');
  },
};
