/**
 * Ludwig's `training_statistics.json`: for each split, each output's metrics as one list entry
 * per evaluation, plus `combined.loss`.
 */
export interface TrainingStatistics {
  training: Record<string, Record<string, number[]>>;
  validation: Record<string, Record<string, number[]>>;
  test: Record<string, Record<string, number[]>>;
  evaluation_frequency: { frequency: number; period: 'epoch' | 'step' };
}

export type SplitName = 'training' | 'validation' | 'test';

export function emptyStatistics(period: 'epoch' | 'step', frequency: number): TrainingStatistics {
  return { training: {}, validation: {}, test: {}, evaluation_frequency: { frequency, period } };
}

export function appendMetrics(stats: TrainingStatistics, split: SplitName, metrics: Record<string, Record<string, number>>): void {
  for (const [output, values] of Object.entries(metrics)) {
    const target = (stats[split][output] ??= {});
    for (const [metric, value] of Object.entries(values)) (target[metric] ??= []).push(value);
  }
}
