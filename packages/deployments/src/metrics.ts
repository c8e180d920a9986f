import { Counter, Histogram, type Registry } from 'prom-client';

/**
 * The /predict series, the same in every process that answers predictions (web and serving), so
 * one dashboard query covers both: the process's `service` label tells them apart.
 */
export interface PredictMetrics {
  predictRequests: Counter<'deployment' | 'version' | 'status'>;
  predictDuration: Histogram<'deployment' | 'version'>;
  predictRows: Counter<'deployment' | 'version'>;
  modelLoad: Histogram<'deployment' | 'outcome'>;
  /** Prediction log entries written, or dropped (the queue was full or Postgres refused them). */
  predictionLogEntries: Counter<'outcome'>;
}

export const latencyBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export function createPredictMetrics(registry: Registry): PredictMetrics {
  const registers = [registry];
  return {
    predictRequests: new Counter({ name: 'overture_predict_requests_total', help: '/predict requests that reached a served deployment, by deployment, version (run id) and status', labelNames: ['deployment', 'version', 'status'], registers }),
    predictDuration: new Histogram({ name: 'overture_predict_duration_seconds', help: 'Time a served deployment took to answer /predict', labelNames: ['deployment', 'version'], buckets: latencyBuckets, registers }),
    predictRows: new Counter({ name: 'overture_predict_rows_total', help: 'Rows sent to /predict of a served deployment', labelNames: ['deployment', 'version'], registers }),
    predictionLogEntries: new Counter({ name: 'overture_prediction_log_entries_total', help: 'Prediction log entries (sampled requests, shadow answers) written or dropped by this process', labelNames: ['outcome'], registers }),
    modelLoad: new Histogram({ name: 'overture_model_load_seconds', help: "Time to load a deployment's model into this process's serving cache", labelNames: ['deployment', 'outcome'], buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60], registers }),
  };
}
