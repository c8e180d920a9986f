import type { TopLevelSpec } from 'vega-lite';
import { stem } from './charts.js';
import type { HyperoptParameter, HyperoptStatistics } from './hyperopt-statistics.js';
import type { Chart } from './render.js';
import type { Visualization } from './visualization.js';

/** Ludwig's pair plot quantizes numeric parameters into (at most) ten quantile bins. */
const QUANTILES = 10;

const compact = (v: number) => Number(v.toPrecision(3)).toString();

/** A choice's values in the config's order, then any a trial used that the config does not list. */
function choiceOrder(p: HyperoptParameter, stats: HyperoptStatistics): string[] {
  const used = [...new Set(stats.trials.map((t) => String(t.parameters[p.name])))];
  return [...p.options.filter((o) => used.includes(o)), ...used.filter((u) => !p.options.includes(u))];
}

/** One chart per parameter: the metric of every trial against its value (a strip with a box per value for choices). */
function parameterChart(p: HyperoptParameter, stats: HyperoptStatistics): TopLevelSpec {
  const rows = stats.trials.map((t) => ({ value: p.kind === 'category' ? String(t.parameters[p.name]) : (t.parameters[p.name] as number), metric: t.metric_score }));
  const y = { field: 'metric', type: 'quantitative' as const, title: stats.metric, scale: { zero: false } };
  const title = `Hyperopt report: ${p.name}`;
  if (p.kind === 'category') {
    const x = { field: 'value', type: 'nominal' as const, title: p.name, sort: choiceOrder(p, stats) };
    return {
      title, width: 480, height: 320, data: { values: rows },
      layer: [
        { mark: { type: 'boxplot', extent: 'min-max', opacity: 0.35, color: '#3451d1' }, encoding: { x, y } },
        { mark: { type: 'circle', size: 60, opacity: 0.8, color: '#e8590c' }, encoding: { x, y } },
      ],
    };
  }
  return {
    title, width: 480, height: 320, data: { values: rows },
    mark: { type: 'circle', size: 60, opacity: 0.8, color: '#3451d1' },
    encoding: {
      x: { field: 'value', type: 'quantitative', title: p.name, scale: p.log ? { type: 'log' } : { zero: false }, ...(p.kind === 'int' ? { axis: { tickMinStep: 1, format: 'd' } } : {}) },
      y,
    },
  };
}

/** A parameter's value as a pair-plot category: numbers by quantile bin (ints with few values stay as they are). */
function binner(p: HyperoptParameter, stats: HyperoptStatistics): { of: (v: unknown) => string; order: string[] } {
  const values = stats.trials.map((t) => t.parameters[p.name]);
  if (p.kind === 'category') {
    return { of: String, order: choiceOrder(p, stats) };
  }
  const numbers = (values as number[]).slice().sort((a, b) => a - b);
  const distinct = [...new Set(numbers)];
  if (p.kind === 'int' && distinct.length <= QUANTILES) return { of: String, order: distinct.map(String) };
  const edges = [...new Set(Array.from({ length: QUANTILES + 1 }, (_, q) => numbers[Math.round((q / QUANTILES) * (numbers.length - 1))]))];
  const labels = edges.slice(1).map((hi, b) => `${compact(edges[b])}–${compact(hi)}`);
  if (labels.length === 0) return { of: () => compact(numbers[0]), order: [compact(numbers[0])] };
  const of = (v: unknown) => {
    const b = edges.slice(1).findIndex((hi) => (v as number) <= hi);
    return labels[b < 0 ? labels.length - 1 : b];
  };
  return { of, order: labels };
}

/** Every ordered pair of parameters as a heatmap of the mean metric, Ludwig's pair plot. */
function pairPlot(stats: HyperoptStatistics): TopLevelSpec {
  const params = [...stats.parameters].sort((a, b) => a.name.localeCompare(b.name));
  const bins = new Map(params.map((p) => [p.name, binner(p, stats)]));
  // Parameter names hold dots, which Vega-Lite reads as nested fields: the rows use positions.
  const key = (p: HyperoptParameter) => `p${params.indexOf(p)}`;
  const rows = stats.trials.map((t) => ({ metric: t.metric_score, ...Object.fromEntries(params.map((p) => [key(p), bins.get(p.name)!.of(t.parameters[p.name])])) }));
  const cell = (row: HyperoptParameter, column: HyperoptParameter) => ({
    width: 160, height: 160,
    mark: { type: 'rect' as const },
    encoding: {
      x: { field: key(column), type: 'ordinal' as const, title: column.name, sort: bins.get(column.name)!.order, axis: { labelAngle: -45 } },
      y: { field: key(row), type: 'ordinal' as const, title: row.name, sort: bins.get(row.name)!.order },
      color: { aggregate: 'mean' as const, field: 'metric', type: 'quantitative' as const, scale: { scheme: 'viridis' }, title: `mean ${stats.metric}` },
    },
  });
  return {
    title: 'Hyperopt report: pair plot', data: { values: rows },
    vconcat: params.map((row) => ({ hconcat: params.filter((column) => column !== row).map((column) => cell(row, column)) })),
  };
}

/**
 * Ludwig's hyperopt_report from hyperopt_statistics.json: each parameter's trials against the
 * metric (scatter for numbers, log x for log-sampled ones; strip and box for choices), and a
 * pair plot of the mean metric over every two parameters when there are several.
 */
export const hyperoptReport: Visualization = {
  needs: 'hyperopt_statistics',
  description: "each hyperparameter's trials against the metric, and a pair plot of the mean metric over every two hyperparameters, from hyperopt_statistics.json (--hyperopt_stats_path)",
  filePrefix: 'hyperopt_',
  charts({ hyperopt }) {
    const stats = hyperopt!;
    const charts: Chart[] = stats.parameters.map((p) => ({ name: stem('hyperopt', p.name), spec: parameterChart(p, stats) }));
    if (stats.parameters.length > 1) charts.push({ name: 'hyperopt_pair_plot', spec: pairPlot(stats) });
    return charts;
  },
};
