// The platform side of serving, shared by the web app and the serving process (apps/serving):
// deployments followed from Postgres and the bus, API key authentication, rate limits, the
// /predict protocol, its metrics and the REST error envelope.
export { hasRole, type Actor } from './actor.js';
export { ApiKeyCache } from './api-key-cache.js';
export { bodyTooLarge, formatBytes } from './body-limit.js';
export { createBus, ZBusMessage, type Bus, type BusMessage } from './bus.js';
export { inStore, runBundleDirectory } from './bundle-paths.js';
export { authenticate, checkSameOrigin, readCookie, requestOrigin, sha256, SESSION_COOKIE, type Authentication, type AuthSettings, type HeaderSource } from './credentials.js';
export { isDeploymentName, unknownDeployment, ZDeploymentName } from './deployment-names.js';
export { DeploymentServer, type DeploymentServerOptions } from './deployment-server.js';
export { predictEnvFields, uploadEnvFields } from './env.js';
export { ApiError, badInput, conflict, forbidden, httpErrorStatus, isApiError, notFound, toErrorResponse, ZErrorBody, type ErrorBody, type HttpErrorCode } from './errors.js';
export { createPredictMetrics, latencyBuckets, type PredictMetrics } from './metrics.js';
export { answerPredict, mediaType, PREDICT_BODY_HINT, ROLE_HEADER, VERSION_HEADER, type PredictAnswer, type PredictCall, type PredictService } from './predict.js';
export { RateLimiter } from './rate-limit.js';
export { awaitReplicas, beatReplica, listReplicas, reportServed, retireReplica, type ServingReplica } from './replicas.js';
export { LOGGED_CHARS, LOGGED_ROWS, PredictionLogger, type PredictionLogBounds } from './prediction-log.js';
export { answeringRole, engineKey, routesOf, routesSignature, type Role, type Routes } from './traffic.js';
