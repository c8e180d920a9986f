import type { Database } from '../client.js';
import { createDataset } from '../queries/datasets.js';
import { createModel, createModelVersion } from '../queries/models.js';
import { createRun, type Run } from '../queries/runs.js';

/** A dataset, a model with one version, and a queued run of it. */
export async function queuedRun(db: Database, config: Record<string, unknown> = { input_features: [], output_features: [] }): Promise<Run> {
  const dataset = await createDataset(db, { name: 'toy', source: 'sample', storagePath: 'datasets/toy.csv', status: 'ready' });
  const model = await createModel(db, { name: 'toy model', datasetId: dataset.id });
  const version = await createModelVersion(db, { modelId: model.id, yaml: 'input_features: []\n', resolvedConfig: config });
  return createRun(db, { modelVersionId: version.id, datasetId: dataset.id, config });
}
