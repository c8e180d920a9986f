import { cp, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { datasetsDir } from '../lib/paths.js';
import { mean, std } from '../lib/stats.js';
import { initConfig, readMetric, runExperiment } from './experiment.js';
import { countScoredTestRows, writeSplitCopy, type SplitSummary } from './split-dataset.js';
import { tolerance, type QualityTask } from './tasks.js';

export type Verdict = 'beats' | 'pass' | 'FAIL';

export interface SingleTargetResult {
  dataset: string;
  target: string;
  metric: QualityTask['metric'];
  /** Our score per seed, in the order of `seeds`. */
  scores: number[];
  seeds: number[];
  ours: number;
  ours_std: number;
  xgboost: number;
  baseline_model: string;
  delta: number;
  tolerance: number;
  scored_test_rows: number;
  split: SplitSummary;
  verdict: Verdict;
  dropped_columns: string[];
  caveat: string | null;
  /** Mean wall time of one `overture experiment` (train + test evaluation), seconds. */
  seconds: number;
}

/** `init-config --target T` on a copy with the README's split, then `experiment` once per seed. */
export async function runSingleTarget(task: QualityTask, workDir: string, seeds: number[]): Promise<SingleTargetResult> {
  const dir = join(workDir, `${task.dataset}-${task.target}`);
  await mkdir(dir, { recursive: true });
  const csv = join(dir, `${task.dataset}.csv`);
  const config = join(dir, 'config.yaml');
  const split = await writeSplitCopy(task.dataset, task.drop, csv);
  if (task.media) {
    // The copy names its images relative to its own folder, as the original does; copied, not
    // linked: the CLI reads no file whose real path leaves the dataset's folder.
    await cp(join(datasetsDir, task.media), join(dir, task.media), { recursive: true });
  }
  const scoredTestRows = await countScoredTestRows(task.dataset, task.target);
  await initConfig(csv, [task.target], config);

  const scores: number[] = [];
  const times: number[] = [];
  for (const seed of seeds) {
    const { stats, seconds } = await runExperiment(config, csv, join(dir, `out-${seed}`), seed);
    scores.push(readMetric(stats, task.target, task.metric));
    times.push(seconds);
  }
  const ours = mean(scores);
  const delta = ours - task.baseline;
  const allowed = tolerance(task.metric, scoredTestRows);
  const verdict: Verdict = delta > 0 ? 'beats' : delta >= -allowed - 1e-9 ? 'pass' : 'FAIL';
  return {
    dataset: task.dataset,
    target: task.target,
    metric: task.metric,
    scores,
    seeds,
    ours,
    ours_std: std(scores),
    xgboost: task.baseline,
    baseline_model: task.baselineModel,
    delta,
    tolerance: allowed,
    scored_test_rows: scoredTestRows,
    split,
    verdict,
    dropped_columns: task.drop,
    caveat: task.caveat ?? null,
    seconds: mean(times),
  };
}
