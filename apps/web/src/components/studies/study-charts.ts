import type { StudyTrial } from '@/client/types';

/**
 * The best metric score after each trial that ended, in the order they ended (the study's
 * best-so-far curve): x is how many trials have ended, y the best score among them.
 */
export function bestSoFar(trials: StudyTrial[], goal: 'minimize' | 'maximize'): { x: number; y: number }[] {
  const ended = trials.filter((t) => t.finishedAt !== null && t.metricScore !== null)
    .sort((a, b) => a.finishedAt!.localeCompare(b.finishedAt!) || a.index - b.index);
  const points: { x: number; y: number }[] = [];
  let best: number | null = null;
  ended.forEach((t, i) => {
    const score = t.metricScore!;
    if (best === null || (goal === 'maximize' ? score > best : score < best)) best = score;
    points.push({ x: i + 1, y: best });
  });
  return points;
}

export interface Axis {
  name: string;
  /** Where a value sits on the axis, 0 (bottom) to 1 (top); null when the trial has no value. */
  position(value: unknown): number | null;
  ticks: { at: number; label: string }[];
}

const show = (v: unknown) => (typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toPrecision(3)) : typeof v === 'string' ? v : JSON.stringify(v));

/**
 * One axis per parameter (and the metric): numbers on a linear scale, or a log scale when they are
 * positive and span more than a factor of 20 (a loguniform learning rate); anything else as
 * evenly spaced categories in the order they first appear.
 */
export function axisOf(name: string, values: unknown[]): Axis {
  const present = values.filter((v) => v !== undefined && v !== null);
  const numbers = present.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  if (present.length > 0 && numbers.length === present.length) {
    const min = Math.min(...numbers), max = Math.max(...numbers);
    const log = min > 0 && max / min > 20;
    const f = (v: number) => (log ? Math.log10(v) : v);
    const span = f(max) - f(min);
    const position = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? (span === 0 ? 0.5 : (f(v) - f(min)) / span) : null);
    const ticks = min === max ? [{ at: 0.5, label: show(min) }] : [{ at: 0, label: show(min) }, { at: 1, label: show(max) }];
    return { name: log ? `${name} (log)` : name, position, ticks };
  }
  const categories = [...new Map(present.map((v) => [JSON.stringify(v), v])).keys()];
  const at = (key: string) => (categories.length === 1 ? 0.5 : categories.indexOf(key) / (categories.length - 1));
  return {
    name,
    position: (v) => (v === undefined || v === null ? null : at(JSON.stringify(v))),
    ticks: categories.map((key) => ({ at: at(key), label: show(JSON.parse(key)) })),
  };
}
