import type { TopLevelSpec } from 'vega-lite';

/** Shared chart shapes, so every visualization looks alike (and like the web's run charts). */
const width = 480;

/** The web's colours (apps/web/src/components/charts/palette.ts), so a chart reads the same in both. */
const palette = ['#3451d1', '#e8590c', '#2f9e44', '#ae3ec9', '#1098ad', '#f08c00'];
const splitColors = { training: '#3451d1', validation: '#e8590c', test: '#2f9e44' };

/** Splits keep their colours whichever are present; anything else takes the palette in order. */
function colorScale(field: string): { domain?: string[]; range: string[] } {
  return field === 'split' ? { domain: Object.keys(splitColors), range: Object.values(splitColors) } : { range: palette };
}
const height = 320;

type Row = Record<string, string | number | null>;

export function lineChart(args: { title: string; rows: Row[]; x: string; y: string; color?: string; dash?: string; xTitle?: string; yTitle?: string; domain?: [number, number]; diagonal?: boolean; points?: boolean; integerX?: boolean }): TopLevelSpec {
  const line = {
    mark: { type: 'line' as const, point: args.points ?? false, interpolate: 'linear' as const },
    encoding: {
      x: { field: args.x, type: 'quantitative' as const, title: args.xTitle ?? args.x, ...(args.domain ? { scale: { domain: args.domain } } : {}), ...(args.integerX ? { axis: { tickMinStep: 1, format: 'd' } } : {}) },
      y: { field: args.y, type: 'quantitative' as const, title: args.yTitle ?? args.y, ...(args.domain ? { scale: { domain: args.domain } } : { scale: { zero: false } }) },
      ...(args.color ? { color: { field: args.color, type: 'nominal' as const, scale: colorScale(args.color), sort: null } } : {}),
      ...(args.dash ? { strokeDash: { field: args.dash, type: 'nominal' as const } } : {}),
      order: { field: '__order', type: 'quantitative' as const },
    },
  };
  const rows = args.rows.map((r, i) => ({ ...r, __order: i }));
  if (!args.diagonal) return { title: args.title, width, height, data: { values: rows }, ...line };
  // The y = x reference of ROC and calibration charts: a chance / perfectly calibrated model.
  return {
    title: args.title, width, height,
    layer: [
      { data: { values: [{ [args.x]: 0, [args.y]: 0 }, { [args.x]: 1, [args.y]: 1 }] }, mark: { type: 'line', color: '#999', strokeDash: [4, 4] }, encoding: { x: { field: args.x, type: 'quantitative' }, y: { field: args.y, type: 'quantitative' } } },
      { data: { values: rows }, ...line },
    ],
  };
}

export function groupedBarChart(args: { title: string; rows: Row[]; x: string; y: string; group: string; yTitle?: string }): TopLevelSpec {
  return {
    title: args.title, width, height, data: { values: args.rows },
    mark: { type: 'bar', tooltip: true },
    encoding: {
      x: { field: args.x, type: 'nominal', sort: null, axis: { labelAngle: -30 } },
      // Bars in each group follow the legend's order (the rows' order), not the alphabet.
      xOffset: { field: args.group, type: 'nominal', sort: null },
      y: { field: args.y, type: 'quantitative', title: args.yTitle ?? args.y },
      color: { field: args.group, type: 'nominal', scale: { range: palette }, sort: null },
    },
  };
}

export function heatmap(args: { title: string; rows: Row[]; x: string; y: string; value: string; valueTitle: string; order: string[] }): TopLevelSpec {
  const max = args.rows.reduce((m, r) => Math.max(m, Number(r[args.value]) || 0), 0);
  return {
    title: args.title, width: Math.min(width, 40 * args.order.length + 80), height: Math.min(width, 40 * args.order.length + 80),
    data: { values: args.rows },
    encoding: {
      x: { field: args.x, type: 'nominal', sort: args.order, title: 'predicted' },
      y: { field: args.y, type: 'nominal', sort: args.order, title: 'actual' },
    },
    layer: [
      { mark: 'rect', encoding: { color: { field: args.value, type: 'quantitative', scale: { scheme: 'blues' }, title: args.valueTitle } } },
      {
        mark: { type: 'text', fontSize: 11 },
        encoding: {
          text: { field: args.value, type: 'quantitative', format: '.3~f' },
          // White on the darker half of the scale, so every count stays readable.
          color: { condition: { test: `datum['${args.value}'] > ${0.5 * max}`, value: 'white' }, value: 'black' },
        },
      },
    ],
  };
}

/** File-name-safe part: Ludwig's stems join feature, metric and model names with underscores. */
export function stem(...parts: string[]): string {
  return parts.filter(Boolean).join('_').replace(/[^A-Za-z0-9._-]+/g, '-');
}
