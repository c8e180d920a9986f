import type { TopLevelSpec } from 'vega-lite';
import type { HyperoptParameter, HyperoptStatistics } from './hyperopt-statistics.js';
import type { Visualization } from './visualization.js';

const compact = (v: number) => Number(v.toPrecision(4)).toString();

/** Where a trial's value sits on a parameter's axis, 0 (bottom) to 1 (top), and the axis' labels (every choice; a number's range). */
function axisOf(p: HyperoptParameter, stats: HyperoptStatistics): { at: (v: unknown) => number; ticks: { y: number; text: string }[] } {
  const values = stats.trials.map((t) => t.parameters[p.name]);
  if (p.kind === 'category') {
    const used = [...new Set(values.map(String))];
    const order = [...p.options.filter((o) => used.includes(o)), ...used.filter((u) => !p.options.includes(u))];
    const at = (v: unknown) => (order.length > 1 ? order.indexOf(String(v)) / (order.length - 1) : 0.5);
    return { at, ticks: order.map((o) => ({ y: at(o), text: o })) };
  }
  // Log-sampled parameters span decades: place them by their logarithm, as Ludwig's report does.
  const scale = (v: number) => (p.log && v > 0 ? Math.log10(v) : v);
  const numbers = (values as number[]).map(scale);
  const lo = Math.min(...numbers);
  const hi = Math.max(...numbers);
  const raw = values as number[];
  return {
    at: (v) => (hi > lo ? (scale(v as number) - lo) / (hi - lo) : 0.5),
    ticks: hi > lo
      ? [{ y: 0, text: compact(Math.min(...raw)) }, { y: 1, text: compact(Math.max(...raw)) }]
      : [{ y: 0.5, text: compact(raw[0]) }],
  };
}

/**
 * HiPlot's picture as a static chart: one vertical axis per hyperparameter and one for the metric,
 * a line per trial through its values, coloured by the metric (the best trial drawn on top).
 */
export function parallelCoordinates(stats: HyperoptStatistics): TopLevelSpec {
  const metricAxis: HyperoptParameter = { name: stats.metric, space: 'uniform', kind: 'float', log: false, options: [] };
  const axes = [...stats.parameters, metricAxis];
  const scales = axes.map((p) => (p === metricAxis
    ? axisOf(p, { ...stats, trials: stats.trials.map((t) => ({ ...t, parameters: { [p.name]: t.metric_score } })) })
    : axisOf(p, stats)));
  const lines = stats.trials.flatMap((t, trial) => axes.map((p, i) => ({
    trial, axis: i, name: p.name, metric: t.metric_score,
    y: scales[i].at(p === metricAxis ? t.metric_score : t.parameters[p.name]),
  })));
  const labels = axes.flatMap((_, i) => scales[i].ticks.map((t) => ({ axis: i, ...t })));
  const x = { field: 'axis', type: 'ordinal' as const, axis: null, scale: { padding: 0.2 } };
  const higherIsBetter = stats.goal === 'maximize';
  return {
    title: `Hyperopt: ${stats.trials.length} trials, coloured by ${stats.metric}`,
    width: Math.max(480, 140 * axes.length), height: 360,
    layer: [
      {
        data: { values: lines },
        mark: { type: 'line', strokeWidth: 1.5, opacity: 0.75 },
        encoding: {
          x, y: { field: 'y', type: 'quantitative', axis: null, scale: { domain: [0, 1] } },
          detail: { field: 'trial', type: 'nominal' },
          color: { field: 'metric', type: 'quantitative', title: stats.metric, scale: { scheme: 'viridis', reverse: !higherIsBetter } },
          order: { field: 'metric', sort: higherIsBetter ? 'ascending' : 'descending' },
        },
      },
      { data: { values: axes.map((_, i) => ({ axis: i })) }, mark: { type: 'rule', color: '#555' }, encoding: { x, y: { datum: 0 }, y2: { datum: 1 } } },
      { data: { values: labels }, mark: { type: 'text', dx: 4, align: 'left', fontSize: 10 }, encoding: { x, y: { field: 'y', type: 'quantitative' }, text: { field: 'text' } } },
      {
        data: { values: axes.map((p, i) => ({ axis: i, name: p.name })) },
        mark: { type: 'text', dy: 14, fontWeight: 'bold', fontSize: 11, baseline: 'top' },
        encoding: { x, y: { datum: 0 }, text: { field: 'name' } },
      },
    ],
  };
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A cell's text: numbers rounded for reading, with the exact value kept for sorting. */
function cell(v: unknown): string {
  if (typeof v === 'number') return `<td class="num" data-sort="${v}">${escapeHtml(compact(v))}</td>`;
  return `<td>${escapeHtml(typeof v === 'string' ? v : JSON.stringify(v))}</td>`;
}

/** Click a header to sort by it (numbers by value); a few lines, inline, so the page works from a file. */
const sortScript = `document.querySelectorAll('th').forEach((th, i) => th.addEventListener('click', () => {
  const body = th.closest('table').tBodies[0];
  const up = th.dataset.dir !== 'up'; th.dataset.dir = up ? 'up' : 'down';
  const key = (r) => { const c = r.cells[i]; return c.dataset.sort !== undefined ? Number(c.dataset.sort) : c.textContent; };
  [...body.rows].sort((a, b) => { const x = key(a), y = key(b); return (x < y ? -1 : x > y ? 1 : 0) * (up ? 1 : -1); }).forEach((r) => body.appendChild(r));
}));`;

/**
 * Ludwig's hyperopt_hiplot writes `hyperopt_hiplot.html`, HiPlot's interactive page of the trials.
 * Overture writes one self-contained page (no script or font is fetched): the parallel-coordinates
 * chart as inline SVG and the trials as a table sortable by any column, best first.
 */
export const hyperoptHiplot: Visualization = {
  needs: 'hyperopt_statistics',
  description: 'one HTML page (hyperopt_hiplot.html) with a parallel-coordinates chart of every trial\'s hyperparameters and metric, and the trials as a sortable table, from hyperopt_statistics.json (--hyperopt_stats_path); --file_format does not apply',
  charts({ hyperopt }) {
    return [{ name: 'hyperopt_hiplot', spec: parallelCoordinates(hyperopt!) }];
  },
  page({ hyperopt }, [chart]) {
    const stats = hyperopt!;
    const sign = stats.goal === 'maximize' ? -1 : 1;
    const trials = stats.trials.map((t, i) => ({ ...t, index: i })).sort((a, b) => sign * (a.metric_score - b.metric_score));
    const head = ['trial', ...stats.parameters.map((p) => p.name), stats.metric].map((h) => `<th title="sort">${escapeHtml(h)}</th>`).join('');
    const rows = trials.map((t) => `<tr>${cell(t.index)}${stats.parameters.map((p) => cell(t.parameters[p.name])).join('')}${cell(t.metric_score)}</tr>`).join('\n');
    const goal = stats.goal ? `${stats.goal} ${stats.metric}` : stats.metric;
    return {
      name: 'hyperopt_hiplot.html',
      content: `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Hyperopt: ${escapeHtml(goal)}</title>
<style>body{font-family:'DejaVu Sans',system-ui,sans-serif;margin:2rem;color:#222}table{border-collapse:collapse;margin-top:1.5rem}
th,td{border-bottom:1px solid #ddd;padding:.3rem .7rem;text-align:left}th{cursor:pointer;background:#f4f4f6}td.num{text-align:right;font-variant-numeric:tabular-nums}</style>
</head><body>
<h1>Hyperopt: ${stats.trials.length} trials (${escapeHtml(goal)})</h1>
${chart}
<table><thead><tr>${head}</tr></thead><tbody>
${rows}
</tbody></table>
<script>${sortScript}</script>
</body></html>
`,
    };
  },
};
