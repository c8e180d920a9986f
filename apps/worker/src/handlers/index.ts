import type { JobName } from '@overture/jobs';
import type { Handler } from '../context.js';
import { handleDatasetProfile } from './dataset-profile.js';
import { handleTrainingRun } from './training-run.js';
import { handlePredictionBatch, handleTrainingEvaluate } from './bundle-jobs.js';

/** One handler per catalog job: a job added to the catalog without a handler fails to compile. */
export const handlers = {
  'dataset.profile': handleDatasetProfile,
  'training.run': handleTrainingRun,
  'training.evaluate': handleTrainingEvaluate,
  'prediction.batch': handlePredictionBatch,
} satisfies { [K in JobName]: Handler<K> };
