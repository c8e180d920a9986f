import { computeOutputStatistics } from '@overture/trainer';
import type { TopLevelSpec } from 'vega-lite';
import { lineChart, stem } from './charts.js';
import type { Chart } from './render.js';
import { oneVsAll, outputsOf, positiveClass, requireCharts, type Visualization } from './visualization.js';

type Row = Record<string, string | number>;
type BinaryStats = ReturnType<typeof computeOutputStatistics<'binary'>>;

/**
 * A curve that binary evaluation computes (ROC, precision-recall): its points from a binary
 * statistics entry, and how to chart them. The `…_from_test_statistics` visualization reads the
 * stored entry; the other one recomputes it from probabilities with the same code, so both agree.
 */
export interface BinaryCurve {
  title: string;
  points(stats: Partial<BinaryStats> | undefined): { x: number; y: number }[];
  chart(title: string, rows: Row[]): TopLevelSpec;
}

export function curveFromTestStatistics(name: string, curve: BinaryCurve, missing: string): Visualization {
  return {
    needs: 'test_statistics',
    description: `the ${curve.title} curve of each binary output from test_statistics.json, one line per model`,
    charts({ testStatistics, feature }) {
      const charts: Chart[] = [];
      for (const output of outputsOf(testStatistics.map((s) => s.value), feature)) {
        const rows = testStatistics.flatMap(({ model, value }) => curve.points(value[output] as Partial<BinaryStats> | undefined).map((p) => ({ ...p, model })));
        if (rows.length > 0) charts.push({ name: stem(name, output), spec: curve.chart(`${curve.title} curves: ${output}`, rows) });
      }
      return requireCharts(name, charts, missing);
    },
  };
}

export function curveFromProbabilities(name: string, curve: BinaryCurve): Visualization {
  return {
    needs: 'probabilities',
    description: `${curve.title} curve of --positive_label (one vs all) from predicted probabilities, one line per model`,
    charts({ probabilities, positiveLabel }) {
      const label = positiveClass(probabilities[0], positiveLabel);
      const rows = probabilities.flatMap((run) => curve.points(computeOutputStatistics('binary', oneVsAll(run, positiveLabel))).map((p) => ({ ...p, model: run.model })));
      const { feature } = probabilities[0];
      return [{ name: stem(name, feature, label), spec: curve.chart(`${curve.title} curves: ${feature} = ${label}`, rows) }];
    },
  };
}

export const rocCurve: BinaryCurve = {
  title: 'ROC',
  points: (stats) => {
    const roc = stats?.roc_curve;
    return roc ? roc.false_positive_rate.map((x, i) => ({ x, y: roc.true_positive_rate[i] })) : [];
  },
  chart: (title, rows) => lineChart({ title, rows, x: 'x', y: 'y', color: 'model', xTitle: 'false positive rate', yTitle: 'true positive rate', domain: [0, 1], diagonal: true }),
};

export const precisionRecallCurve: BinaryCurve = {
  title: 'Precision-recall',
  points: (stats) => {
    const pr = stats?.precision_recall_curve;
    return pr ? pr.recalls.map((x, i) => ({ x, y: pr.precisions[i] })) : [];
  },
  chart: (title, rows) => lineChart({ title, rows, x: 'x', y: 'y', color: 'model', xTitle: 'recall', yTitle: 'precision', domain: [0, 1] }),
};
