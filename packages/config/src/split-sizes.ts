import type { z } from 'zod';
import type { DatasetProfile } from './profile.js';
import { ZSplit, type SplitConfig } from './preprocessing.js';

export interface SplitRows {
  training: number;
  validation: number;
  test: number;
  /** False when the sizes are proportions of the row count (stratified, by date, by hash: close, not exact). */
  exact: boolean;
}

/**
 * Rows in training and training+validation for `n` rows split in these proportions: what the
 * trainer assigns (in a seeded order), so the counts here are the counts a run will have.
 */
export function splitBoundaries(probabilities: readonly number[], n: number): [number, number] {
  const [train = 0, validation = 0, test = 0] = probabilities;
  const total = train + validation + test;
  const first = Math.round((train / total) * n);
  const second = Math.round(((train + validation) / total) * n);
  return [first, Math.max(first, second)];
}

const fixedSplitOf: Record<string, 'training' | 'validation' | 'test'> = {
  '0': 'training', train: 'training', training: 'training',
  '1': 'validation', validation: 'validation', val: 'validation', valid: 'validation',
  '2': 'test', test: 'test',
};

/** How many rows each split of a dataset gets under `split` (the schema default when absent). */
export function splitRows(profile: DatasetProfile, split: z.input<typeof ZSplit> | undefined): SplitRows {
  const config: SplitConfig = ZSplit.parse(split ?? { type: 'random' });
  if (config.type === 'fixed') {
    const counts = { training: 0, validation: 0, test: 0 };
    const column = profile.columns.find((c) => c.name === config.column);
    for (const v of column?.topValues ?? []) {
      const name = fixedSplitOf[v.value.trim().toLowerCase()];
      if (name) counts[name] += v.count;
    }
    return { ...counts, exact: true };
  }
  const [first, second] = splitBoundaries(config.probabilities, profile.rowCount);
  return { training: first, validation: second - first, test: profile.rowCount - second, exact: config.type === 'random' };
}

/** Fewer rows than this in training gives a model that cannot learn much (and metrics that mean little). */
export const MIN_TRAINING_ROWS = 20;
/** Fewer rows than this in validation or test gives metrics that move by whole steps of 1/n. */
export const MIN_EVALUATION_ROWS = 10;

/** What a user should know before training on splits this small, in plain words (empty when all is well). */
export function smallSplitWarnings(rows: SplitRows): string[] {
  const about = rows.exact ? '' : 'about ';
  const count = (n: number, what: string) => `${about}${n} ${what} row${n === 1 ? '' : 's'}`;
  const warnings: string[] = [];
  if (rows.training < MIN_TRAINING_ROWS) {
    warnings.push(`Only ${count(rows.training, 'training')}: the model has too little to learn from, and its scores will say little about new data. Add rows if you can.`);
  }
  if (rows.validation === 0) {
    warnings.push('No validation rows: early stopping and the choice of the best epoch will watch the training loss, which keeps falling as the model memorizes its training rows. Give the validation split a share of the rows (preprocessing.split.probabilities).');
  } else if (rows.validation < MIN_EVALUATION_ROWS) {
    warnings.push(`Only ${count(rows.validation, 'validation')}: the best epoch is picked from a very noisy score.`);
  }
  if (rows.test === 0) {
    warnings.push('No test rows: the run will have no test metrics, so its key metric will come from validation (or training) rows the model was tuned on.');
  } else if (rows.test < MIN_EVALUATION_ROWS) {
    warnings.push(`Only ${count(rows.test, 'test')}: each test row moves the test scores by ${Math.round(100 / rows.test)}%.`);
  }
  return warnings;
}
