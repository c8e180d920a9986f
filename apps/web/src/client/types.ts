/**
 * Response types of the JSON API, taken from the endpoints' own zod schemas (type-only imports:
 * nothing of the server reaches the browser bundle), so the UI cannot drift from the API.
 */
import type { z } from 'zod';
import type { EndpointSpec } from '@/server/http/route';
import type { createApiKeyEndpoint, listApiKeysEndpoint } from '@/server/endpoints/api-keys';
import type { autoConfigPreviewEndpoint, datasetColumnsEndpoint, datasetRowsEndpoint, deleteDatasetEndpoint, getDatasetEndpoint, listDatasetsEndpoint, testSourceEndpoint } from '@/server/endpoints/datasets';
import type { driftEndpoint, listPredictionLogEndpoint } from '@/server/endpoints/deployment-traffic';
import type { getDeploymentEndpoint, listDeploymentsEndpoint } from '@/server/endpoints/deployments';
import type { createModelEndpoint, createVersionEndpoint, deleteModelEndpoint, diffVersionsEndpoint, getModelEndpoint, getVersionEndpoint, importModelEndpoint, listModelsEndpoint, versionSplitsEndpoint } from '@/server/endpoints/models';
import type { getBatchPredictionEndpoint } from '@/server/endpoints/predict';
import type { deleteRunEndpoint, featureImportanceEndpoint, getRunEndpoint, listRunsEndpoint, runArtifactsEndpoint, runLogsEndpoint, runMetricsEndpoint } from '@/server/endpoints/runs';
import type { getStudyEndpoint, listStudiesEndpoint } from '@/server/endpoints/studies';
import type { queuesEndpoint, storageEndpoint, workersEndpoint } from '@/server/endpoints/system';
import type { listPretrainedModelsEndpoint } from '@/server/endpoints/pretrained-models';
import type { createInvitationEndpoint, listInvitationsEndpoint, listUsersEndpoint } from '@/server/endpoints/users';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type ResponseOf<E> = E extends EndpointSpec<any, any, any, infer R, any> ? (R extends z.ZodType ? z.output<R> : unknown) : never;

export type DatasetSummary = ResponseOf<typeof listDatasetsEndpoint>['datasets'][number];
export type DatasetDetail = ResponseOf<typeof getDatasetEndpoint>;
export type DatasetRows = ResponseOf<typeof datasetRowsEndpoint>;
export type ColumnProfile = ResponseOf<typeof datasetColumnsEndpoint>['columns'][number];
export type DeleteSummary = ResponseOf<typeof deleteDatasetEndpoint>;
export type SourceTest = ResponseOf<typeof testSourceEndpoint>;
export type AutoConfigPreview = ResponseOf<typeof autoConfigPreviewEndpoint>;

export type ModelSummary = ResponseOf<typeof listModelsEndpoint>['models'][number];
export type ModelDetail = ResponseOf<typeof getModelEndpoint>;
export type ModelVersion = ModelDetail['versions'][number];
export type VersionDetail = ResponseOf<typeof getVersionEndpoint>;
export type CreatedModel = ResponseOf<typeof createModelEndpoint>;
export type CreatedVersion = ResponseOf<typeof createVersionEndpoint>;
export type VersionDiff = ResponseOf<typeof diffVersionsEndpoint>;
export type VersionSplits = ResponseOf<typeof versionSplitsEndpoint>;
export type ModelDeleteSummary = ResponseOf<typeof deleteModelEndpoint>;
export type ImportedModel = ResponseOf<typeof importModelEndpoint>;

export type RunListItem = ResponseOf<typeof listRunsEndpoint>['runs'][number];
export type RunDetail = ResponseOf<typeof getRunEndpoint>;

export type StudyDetail = ResponseOf<typeof getStudyEndpoint>;
export type StudyTrial = StudyDetail['trials'][number];
export type StudySummary = ResponseOf<typeof listStudiesEndpoint>['studies'][number];
export type RunStatus = RunDetail['status'];
export type MetricSeries = ResponseOf<typeof runMetricsEndpoint>['series'][number];
export type LogLine = ResponseOf<typeof runLogsEndpoint>['logs'][number];
export type Artifact = ResponseOf<typeof runArtifactsEndpoint>['artifacts'][number];
export type FeatureImportanceResponse = ResponseOf<typeof featureImportanceEndpoint>;
export type RunDeleteSummary = ResponseOf<typeof deleteRunEndpoint>;

export type Deployment = ResponseOf<typeof listDeploymentsEndpoint>['deployments'][number];
export type DeploymentDetail = ResponseOf<typeof getDeploymentEndpoint>;
export type DriftReport = ResponseOf<typeof driftEndpoint>;
export type PredictionLog = ResponseOf<typeof listPredictionLogEndpoint>;
export type BatchPrediction = ResponseOf<typeof getBatchPredictionEndpoint>;

export type ApiKey = ResponseOf<typeof listApiKeysEndpoint>['apiKeys'][number];
export type NewApiKey = ResponseOf<typeof createApiKeyEndpoint>;
export type User = ResponseOf<typeof listUsersEndpoint>['users'][number];
export type Invitation = ResponseOf<typeof listInvitationsEndpoint>['invitations'][number];
export type NewInvitation = ResponseOf<typeof createInvitationEndpoint>;

export type Worker = ResponseOf<typeof workersEndpoint>['workers'][number];
export type QueueDepth = ResponseOf<typeof queuesEndpoint>['queues'][number];
export type StorageUsage = ResponseOf<typeof storageEndpoint>;
export type PretrainedModels = ResponseOf<typeof listPretrainedModelsEndpoint>;
export type PretrainedModel = PretrainedModels['models'][number];

/** A live run event from `/api/runs/<id>/events`. */
export type { RunEvent } from '@overture/jobs';

/** The signed-in user as the shell knows them. */
export interface SessionUser {
  id: string;
  email: string;
  name: string | null;
  role: 'admin' | 'member' | 'viewer';
}
