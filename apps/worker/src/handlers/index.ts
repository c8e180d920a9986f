import type { JobName } from '@overture/jobs';
import type { Handler } from '../context.js';
import { handleDatasetProfile } from './dataset-profile.js';
import { handleHyperoptTrial, handleTrainingRun } from './training-run.js';
import { handleHyperoptStudy } from './hyperopt-study.js';
import { handlePredictionBatch, handleTrainingEvaluate } from './bundle-jobs.js';

/** One handler per catalog job: a job added to the catalog without a handler fails to compile. */
export const handlers = {
  'dataset.profile': handleDatasetProfile,
  'training.run': handleTrainingRun,
  'training.evaluate': handleTrainingEvaluate,
  'hyperopt.study': handleHyperoptStudy,
  'hyperopt.trial': handleHyperoptTrial,
  'prediction.batch': handlePredictionBatch,
} satisfies { [K in JobName]: Handler<K> };
