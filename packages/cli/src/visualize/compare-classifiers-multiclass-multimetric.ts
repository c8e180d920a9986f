import { groupedBarChart, stem } from './charts.js';
import type { Chart } from './render.js';
import { firstClasses, outputsOf, requireCharts, type Visualization } from './visualization.js';

type ClassStats = { precision?: number; recall?: number; f1_score?: number };
type ClassRow = { label: string; precision: number; recall: number; f1: number };

/** Classes in training_set_metadata.json's order (Ludwig sorts by str2idx) when given, else the statistics' order. */
function classOrder(perClass: Record<string, ClassStats>, metadata: Record<string, unknown> | null, output: string): string[] {
  const entry = metadata?.[output] as { idx2str?: unknown; bool2str?: unknown } | undefined;
  const vocab = Array.isArray(entry?.idx2str) ? entry.idx2str : Array.isArray(entry?.bool2str) ? entry.bool2str : null;
  const names = Object.keys(perClass);
  if (!vocab) return names;
  const ordered = (vocab as unknown[]).map(String).filter((l) => names.includes(l));
  return [...ordered, ...names.filter((l) => !ordered.includes(l))];
}

function chart(name: string, title: string, classes: ClassRow[]): Chart {
  const rows = classes.flatMap((c) => [
    { label: c.label, metric: 'precision', value: c.precision },
    { label: c.label, metric: 'recall', value: c.recall },
    { label: c.label, metric: 'f1 score', value: c.f1 },
  ]);
  return { name, spec: groupedBarChart({ title, rows, x: 'label', y: 'value', group: 'metric' }) };
}

/**
 * Per-class precision, recall and F1 of each model from its test statistics: the first
 * --top_n_classes classes (one chart per value), the best and worst of them by F1, and every
 * class sorted by F1 — Ludwig's four charts.
 */
export const compareClassifiersMulticlassMultimetric: Visualization = {
  needs: 'test_statistics',
  description: 'per-class precision, recall and F1 from test statistics: the first --top_n_classes classes, the best and worst by F1, and all classes sorted by F1',
  charts({ testStatistics, feature, metadata, topNClasses }) {
    const charts: Chart[] = [];
    for (const { model, value } of testStatistics) {
      const modelPart = testStatistics.length > 1 ? model : '';
      const titleModel = modelPart ? `${modelPart} ` : '';
      for (const output of outputsOf([value], feature)) {
        const perClass = (value[output] as { per_class_stats?: Record<string, ClassStats> }).per_class_stats;
        if (!perClass) continue;
        const classes = classOrder(perClass, metadata, output).map((label): ClassRow => ({
          label, precision: perClass[label].precision ?? 0, recall: perClass[label].recall ?? 0, f1: perClass[label].f1_score ?? 0,
        }));
        const byF1 = [...classes].sort((a, b) => b.f1 - a.f1);
        const base = (part: string) => stem('compare_classifiers_multiclass_multimetric', modelPart, output, part);
        for (const n of new Set(topNClasses.map((t) => firstClasses([t], classes.length)))) {
          charts.push(chart(base(`top${n}`), `${titleModel}Precision / recall / F1, top ${n} classes: ${output}`, classes.slice(0, n)));
          charts.push(chart(base(`best${n}`), `${titleModel}Precision / recall / F1, best ${n} classes: ${output}`, byF1.slice(0, n)));
          charts.push(chart(base(`worst${n}`), `${titleModel}Precision / recall / F1, worst ${n} classes: ${output}`, byF1.slice(-n).reverse()));
        }
        charts.push(chart(base('sorted'), `${titleModel}Precision / recall / F1, sorted by F1: ${output}`, byF1));
      }
    }
    return requireCharts('compare_classifiers_multiclass_multimetric', charts, 'no output in the test statistics has per_class_stats (only binary, category and set outputs do)');
  },
};
