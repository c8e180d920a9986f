import { OvertureError } from '@overture/config';
import type { TopLevelSpec } from 'vega-lite';
import { stem } from './charts.js';
import type { PredictionRun } from './inputs.js';
import type { Visualization } from './visualization.js';

export interface Agreement {
  bothRight: number;
  firstRightOnly: number;
  secondRightOnly: number;
  bothWrongSame: number;
  bothWrongDifferent: number;
}

/** How two models' predictions agree with the truth and with each other, row by row. */
export function agreement(a: PredictionRun, b: PredictionRun): Agreement {
  const counts: Agreement = { bothRight: 0, firstRightOnly: 0, secondRightOnly: 0, bothWrongSame: 0, bothWrongDifferent: 0 };
  for (let i = 0; i < a.targets.length; i++) {
    const right1 = a.predicted[i] === a.targets[i];
    const right2 = b.predicted[i] === b.targets[i];
    if (right1 && right2) counts.bothRight++;
    else if (right1) counts.firstRightOnly++;
    else if (right2) counts.secondRightOnly++;
    else if (a.predicted[i] === b.predicted[i]) counts.bothWrongSame++;
    else counts.bothWrongDifferent++;
  }
  return counts;
}

/**
 * Ludwig's donut: the inner ring splits the rows into both right / one right / both wrong, the
 * outer ring which one was right and whether the two wrong answers were the same.
 */
export const compareClassifiersPredictions: Visualization = {
  needs: 'predictions',
  description: 'two models\' predictions against the truth as a donut: both right, one right (which one), both wrong (same or different prediction)',
  charts({ predictions }) {
    if (predictions.length !== 2) {
      throw new OvertureError('invalid_input', `compare_classifiers_predictions compares two models: pass two --predictions files, got ${predictions.length}`);
    }
    // Two files of one folder get the same default name: the legend must still tell them apart.
    const [a, b] = predictions[0].model === predictions[1].model
      ? predictions.map((run, i) => ({ ...run, model: `${run.model}_${i + 1}` }))
      : predictions;
    const c = agreement(a, b);
    const n = a.targets.length;
    const share = (v: number) => `${v} (${((100 * v) / n).toFixed(1)}%)`;
    const inner = [
      { part: 'both right', count: c.bothRight, color: '#2f9e44' },
      { part: 'one right', count: c.firstRightOnly + c.secondRightOnly, color: '#f08c00' },
      { part: 'both wrong', count: c.bothWrongSame + c.bothWrongDifferent, color: '#e03131' },
    ];
    const outer = [
      { part: 'both right', count: c.bothRight, color: '#2f9e44' },
      { part: `${a.model} right / ${b.model} wrong`, count: c.firstRightOnly, color: '#ffc078' },
      { part: `${a.model} wrong / ${b.model} right`, count: c.secondRightOnly, color: '#d9480f' },
      { part: 'same prediction', count: c.bothWrongSame, color: '#ffa8a8' },
      { part: 'different prediction', count: c.bothWrongDifferent, color: '#a61e4d' },
    ];
    // Legend entries carry the counts, since arcs of a few rows are too thin to label.
    const legend = [...inner, ...outer.slice(1)].map((p) => ({ ...p, label: `${p.part}: ${share(p.count)}` }));
    const rows = [...inner.map((p, i) => ({ ...p, ring: 'inner', order: i })), ...outer.map((p, i) => ({ ...p, ring: 'outer', order: i }))]
      .map((r) => ({ ...r, label: legend.find((l) => l.part === r.part)!.label }));
    const ring = (name: string, innerRadius: number, outerRadius: number) => ({
      transform: [{ filter: `datum.ring === '${name}'` }],
      mark: { type: 'arc' as const, innerRadius, outerRadius, stroke: 'white' },
      encoding: {
        theta: { field: 'count', type: 'quantitative' as const, stack: true },
        order: { field: 'order', type: 'quantitative' as const },
        color: { field: 'label', type: 'nominal' as const, title: `${n} rows`, legend: { labelLimit: 400 }, scale: { domain: legend.map((l) => l.label), range: legend.map((l) => l.color) } },
      },
    });
    const spec: TopLevelSpec = {
      title: `${a.model} vs ${b.model}: ${a.feature}`, width: 320, height: 320, data: { values: rows },
      layer: [ring('inner', 60, 105), ring('outer', 110, 155)],
    };
    return [{ name: stem('compare_classifiers_predictions', a.feature, a.model, b.model), spec }];
  },
};
