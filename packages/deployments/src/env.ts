import { envInt } from '@overture/config';
import { z } from 'zod';

/**
 * The settings of /predict, shared by every process that answers it (web and serving) so both
 * enforce the same limits: one definition, spread into each process's env schema.
 */
export const predictEnvFields = {
  /** Accepted as an admin API key (automation, first deploys). */
  OVERTURE_BOOTSTRAP_API_KEY: z.string().min(16, 'use at least 16 characters').optional(),
  /** Bearer token a Prometheus scraper sends to the metrics endpoint (admins may scrape with their session or API key without it). */
  OVERTURE_METRICS_TOKEN: z.string().min(16, 'use at least 16 characters').optional(),
  /** Wall-clock limit for checking and loading an imported model.onnx in its worker thread (default 60 s). */
  OVERTURE_MODEL_LOAD_TIMEOUT_MS: envInt(100, 3_600_000, 60_000),
  /** JavaScript heap of that worker thread, in MB (default 1024). */
  OVERTURE_MODEL_LOAD_MEMORY_MB: envInt(64, 65_536, 1024),
  /** Largest /predict body, in bytes (default 10 MB). */
  OVERTURE_MAX_PREDICT_BYTES: envInt(1024, 1024 ** 3, 10 * 1024 ** 2),
  /** Requests per minute per API key (or user) on /predict. */
  OVERTURE_PREDICT_RATE_LIMIT: envInt(1, 10_000_000, 6000),
  /** Prediction log entries kept per deployment (the oldest go first; default 10,000). */
  OVERTURE_PREDICTION_LOG_MAX_ENTRIES: envInt(100, 10_000_000, 10_000),
  /** Days a prediction log entry is kept (default 30). */
  OVERTURE_PREDICTION_LOG_RETENTION_DAYS: envInt(1, 3650, 30),
};

/**
 * The largest body the web accepts (a dataset upload or a bundle import). Shared with the front
 * server, which answers a body declared larger itself: the web's early 413 closes a connection the
 * front is still writing to, and a write error there loses the answer in flight (EPIPE, then 503).
 */
export const uploadEnvFields = {
  /** Largest dataset upload, in bytes (default 2 GB). */
  OVERTURE_MAX_UPLOAD_BYTES: envInt(1, Number.MAX_SAFE_INTEGER, 2 * 1024 ** 3),
};
