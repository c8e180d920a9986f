import { promises as fs } from 'node:fs';
import path from 'node:path';
import { applyParameters, renderConfigYaml, type HyperoptConfig, type ModelConfig } from '@overture/config';
import { createModelVersion, getModelVersion, getRun, recordArtifact, type Database, type Study, type StudyTrial } from '@overture/db';
import type { StudyResult } from '@overture/trainer/hyperopt';
import { relativeToStore } from '../paths.js';

/** Ludwig's hyperopt_statistics.json: the section with its defaults, and the trials with results, best first. */
export function hyperoptStatistics(hyperopt: HyperoptConfig, result: StudyResult) {
  return {
    hyperopt_config: hyperopt,
    hyperopt_results: result.ordered.map((t) => ({ parameters: t.parameters, metric_score: t.metricScore, training_stats: t.trainingStats, eval_stats: t.evalStats })),
  };
}

/**
 * The study's result: hyperopt_statistics.json in the store (an artifact of the best trial's run)
 * and the best trial's config registered as a new version of the study's model (child of the
 * searched version), so it can be trained again, compared and deployed like any version.
 */
export async function recordStudyResult(db: Database, dataDir: string, study: Study, result: StudyResult, trials: Map<number, StudyTrial>) {
  const hyperopt = study.hyperopt as unknown as HyperoptConfig;
  // The best trial that trained to a completed run (a killed trial may have a score but no model).
  let best: StudyTrial | null = null;
  for (const record of result.ordered) {
    const trial = trials.get(record.id);
    const run = trial?.runId ? await getRun(db, trial.runId) : null;
    if (trial && run?.status === 'completed') {
      best = trial;
      break;
    }
  }
  const directory = path.join(dataDir, 'studies', study.id);
  await fs.mkdir(directory, { recursive: true });
  const file = path.join(directory, 'hyperopt_statistics.json');
  await fs.writeFile(file, JSON.stringify(hyperoptStatistics(hyperopt, result), null, 2) + '\n');
  const artifact = await recordArtifact(db, {
    runId: best?.runId ?? null, datasetId: best ? null : study.datasetId, kind: 'hyperopt_statistics', path: relativeToStore(dataDir, file),
    sizeBytes: (await fs.stat(file)).size, contentType: 'application/json', metadata: { studyId: study.id },
  });
  let resultVersionId: string | null = null;
  if (best) {
    const base = await getModelVersion(db, study.modelVersionId);
    const run = await getRun(db, best.runId!);
    if (base && run) {
      const { hyperopt: _searched, ...written } = applyParameters(study.baseConfig, best.parameters);
      const shown = Object.entries(best.parameters).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(', ');
      const version = await createModelVersion(db, {
        modelId: base.modelId, parentVersionId: base.id, authorId: study.createdById, resolvedConfig: run.config,
        yaml: `# The best trial (${best.index}) of hyperparameter study ${study.id}: ${shown}\n${renderConfigYaml(written as unknown as ModelConfig)}`,
        message: `best trial ${best.index} of study ${study.id.slice(0, 8)}: ${hyperopt.metric} ${best.metricScore ?? result.ordered[0]?.metricScore}`,
      });
      resultVersionId = version.id;
    }
  }
  return { bestTrialId: best?.id ?? null, resultVersionId, statisticsArtifactId: artifact.id };
}
