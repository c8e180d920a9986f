export * from './catalog.js';
export { createRedis, deleteKeysWithPrefix, pingRedis, redactRedisUrl, DEFAULT_PREFIX, type RedisSettings } from './connection.js';
export { keys } from './keys.js';
export { createQueues, enqueue, removeWaitingJob, type JobTrace, type Queues } from './queues.js';
export { acceptRequestId, createServiceLogger, isWellFormedRequestId, jobRequestId, logFunction, redactText, redactValue, REQUEST_ID_HEADER, type LogFields, type LoggerOptions, type ServiceLogger } from './logging.js';
export * from './events.js';
export { runEventsSseStream, SSE_HEADERS } from './sse.js';
export { beatWorker, retireWorker, listLiveWorkers, type WorkerInfo, type WorkerEngine } from './heartbeat.js';
export { datasetPreviewPath, formatsPreviewedByProfile, isPreviewedByProfile } from './dataset-preview.js';
