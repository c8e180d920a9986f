/** Every query key in one place, so mutations invalidate exactly what they change. */
export const queryKeys = {
  datasets: ['datasets'] as const,
  dataset: (id: string) => ['datasets', id] as const,
  datasetRows: (id: string, offset: number, limit: number) => ['datasets', id, 'rows', offset, limit] as const,
  datasetColumns: (id: string) => ['datasets', id, 'columns'] as const,
  models: (datasetId?: string) => ['models', 'list', datasetId ?? 'all'] as const,
  modelsAll: ['models'] as const,
  model: (id: string) => ['models', id] as const,
  version: (modelId: string, versionId: string) => ['models', modelId, 'versions', versionId] as const,
  versionSplits: (modelId: string, versionId: string) => ['models', modelId, 'versions', versionId, 'splits'] as const,
  diff: (modelId: string, from: string, to: string) => ['models', modelId, 'diff', from, to] as const,
  configSchema: ['config-schema'] as const,
  runs: (filter: Record<string, string | undefined> = {}) => ['runs', 'list', filter] as const,
  runsAll: ['runs'] as const,
  run: (id: string) => ['runs', id] as const,
  runMetrics: (id: string) => ['runs', id, 'metrics'] as const,
  runLogs: (id: string) => ['runs', id, 'logs'] as const,
  runImportance: (id: string) => ['runs', id, 'feature-importance'] as const,
  runArtifacts: (id: string) => ['runs', id, 'artifacts'] as const,
  studies: (versionId?: string) => ['studies', 'list', versionId ?? 'all'] as const,
  studiesAll: ['studies'] as const,
  study: (id: string) => ['studies', id] as const,
  deployments: ['deployments'] as const,
  deployment: (name: string) => ['deployments', name] as const,
  /**
   * Outside ['deployments']: a switch's invalidation waits for what it refetches, and the bundle of
   * the new run is a new key anyway (the playground remounts per served run).
   * The drift report and the log too: both refresh on a timer.
   */
  deploymentBundle: (name: string, runId: string) => ['deployment-bundle', name, runId] as const,
  deploymentDrift: (name: string) => ['deployment-drift', name] as const,
  deploymentLog: (name: string) => ['deployment-log', name] as const,
  batchPrediction: (id: string) => ['batch-predictions', id] as const,
  apiKeys: ['api-keys'] as const,
  users: ['users'] as const,
  invitations: ['invitations'] as const,
  workers: ['workers'] as const,
  queues: ['queues'] as const,
  storage: ['storage'] as const,
  pretrainedModels: ['pretrained-models'] as const,
};
