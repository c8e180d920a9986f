import { promises as fs } from 'node:fs';
import path from 'node:path';
import { printJson, log } from '../output.js';
import { runTraining, type TrainOptions } from './train.js';

/** `overture experiment`: train, then evaluate on the test split (Ludwig's test_statistics.json). */
export async function experimentCommand(options: TrainOptions): Promise<void> {
  const result = await runTraining(options);
  const stats = result.testStatistics ?? {};
  if (!result.testStatistics) log('the test split is empty: no test statistics');
  await fs.writeFile(path.join(result.outputDirectory, 'test_statistics.json'), JSON.stringify(stats, null, 2) + '\n');
  if (result.featureImportance) {
    await fs.writeFile(path.join(result.outputDirectory, 'feature_importance.json'), JSON.stringify(result.featureImportance, null, 2) + '\n');
    const top = result.featureImportance.features.slice(0, 5).map((f) => `${f.feature} ${f.importance.toFixed(4)}`).join(', ');
    log(`feature importance (${result.featureImportance.output} ${result.featureImportance.metric} drop when shuffled): ${top}`);
  }
  if (options.json) printJson(stats);
  else for (const f of result.outcome.config.output_features) {
    const s = stats[f.name] as Record<string, unknown> | undefined;
    if (s) log(`${f.name}: ${Object.entries(s).filter(([, v]) => typeof v === 'number').map(([k, v]) => `${k} ${(v as number).toFixed(4)}`).join(', ')}`);
  }
  result.outcome.model.dispose();
}
