import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** This worker process's Prometheus series, served on OVERTURE_WORKER_METRICS_PORT (127.0.0.1 only). */
export interface WorkerMetrics {
  registry: Registry;
  jobs: Counter<'job' | 'outcome'>;
  jobDuration: Histogram<'job' | 'outcome'>;
  activeJobs: Gauge<'job'>;
  trainingSteps: Counter;
  /** Per running training, from its last two step reports; removed when the training ends. */
  trainingStepsPerSecond: Gauge<'run_id'>;
}

function createWorkerMetrics(): WorkerMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ service: 'worker' });
  collectDefaultMetrics({ register: registry, prefix: 'overture_worker_' });
  const registers = [registry];
  return {
    registry,
    jobs: new Counter({ name: 'overture_jobs_total', help: 'Jobs this worker ran, by job type and outcome (completed, cancelled, skipped, handed_back, failed)', labelNames: ['job', 'outcome'], registers }),
    jobDuration: new Histogram({ name: 'overture_job_duration_seconds', help: 'Time a job ran on this worker, by job type and outcome', labelNames: ['job', 'outcome'], buckets: [0.05, 0.1, 0.5, 1, 5, 15, 30, 60, 300, 900, 1800, 3600, 4 * 3600, 12 * 3600], registers }),
    activeJobs: new Gauge({ name: 'overture_jobs_active', help: 'Jobs running on this worker now, by job type', labelNames: ['job'], registers }),
    trainingSteps: new Counter({ name: 'overture_training_steps_total', help: 'Training steps reported by the trainings of this worker (rate() is steps/s)', registers }),
    trainingStepsPerSecond: new Gauge({ name: 'overture_training_steps_per_second', help: 'Steps/s of each running training, from its progress reports', labelNames: ['run_id'], registers }),
  };
}

let metrics: WorkerMetrics | undefined;

export function workerMetrics(): WorkerMetrics {
  return (metrics ??= createWorkerMetrics());
}

/** Outcome label of a finished job: its handler's `status`, or `failed`/`handed_back` for what it threw. */
export function jobOutcome(result: unknown): string {
  const status = (result as { status?: unknown } | null)?.status;
  return typeof status === 'string' && /^[a-z_]{1,20}$/.test(status) ? status : 'completed';
}

/** Follows one training's step reports into the step counter and its steps/s gauge. */
export function trainingStepMeter(runId: string): { step(step: number, ts: number): void; end(): void } {
  const m = workerMetrics();
  let last: { step: number; ts: number } | null = null;
  return {
    step(step, ts) {
      if (last && step > last.step) {
        m.trainingSteps.inc(step - last.step);
        if (ts > last.ts) m.trainingStepsPerSecond.set({ run_id: runId }, ((step - last.step) * 1000) / (ts - last.ts));
      }
      // The first report (or one after a resume) only sets the baseline: its steps were counted before, or by another worker.
      last = { step, ts };
    },
    end() {
      m.trainingStepsPerSecond.remove({ run_id: runId });
    },
  };
}

/** Serves GET /metrics on 127.0.0.1:`port` (0: any free port); the scraper runs on the same host or beside it in the pod. */
export async function startMetricsServer(port: number, onError: (message: string) => void): Promise<{ port: number; close(): Promise<void> }> {
  const registry = workerMetrics().registry;
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    if (request.method !== 'GET' || path !== '/metrics') {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('only GET /metrics is served here\n');
      return;
    }
    registry.metrics().then(
      (text) => response.writeHead(200, { 'content-type': registry.contentType, 'cache-control': 'no-store' }).end(text),
      (error: Error) => {
        onError(`metrics: ${error.message}`);
        response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end('could not collect the metrics\n');
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => { server.off('error', reject); resolve(); });
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => { server.close(() => resolve()); server.closeAllConnections(); }),
  };
}
