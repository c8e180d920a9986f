import { prunePredictionLog, recordPredictions, type Database, type NewPredictionLogEntry } from '@overture/db';
import type { PredictMetrics } from './metrics.js';

export interface PredictionLogBounds {
  /** Entries kept per deployment. */
  maxEntries: number;
  maxAgeDays: number;
}

/** Rows of one request kept in its log entry, and the characters of JSON they may take. */
export const LOGGED_ROWS = 100;
export const LOGGED_CHARS = 64 * 1024;

/** Entries waiting to be written before new ones are dropped (Postgres slower than the traffic). */
const MAX_QUEUED = 2_000;
/** Writes are batched: at most this long between a request and its entry in the table. */
const FLUSH_MS = 250;
/** A deployment's log is pruned at most this often by one process. */
const PRUNE_EVERY_MS = 60_000;

/**
 * Writes prediction log entries off the request path: /predict queues an entry and answers; the
 * queue is flushed in batches. When Postgres falls behind, entries beyond the queue's bound are
 * dropped and counted (`overture_prediction_log_entries_total{outcome="dropped"}`: a log is a
 * sample; the answers must not wait for it). Each deployment's log
 * is kept within its bounds by pruning after writes.
 */
export class PredictionLogger {
  private queue: NewPredictionLogEntry[] = [];
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> = Promise.resolve();
  private readonly prunedAt = new Map<string, number>();
  constructor(
    private readonly db: Database, private readonly bounds: PredictionLogBounds, private readonly log: (m: string) => void,
    private readonly metrics: Pick<PredictMetrics, 'predictionLogEntries'>,
  ) {}

  record(entry: NewPredictionLogEntry): void {
    if (this.queue.length >= MAX_QUEUED) {
      this.metrics.predictionLogEntries.inc({ outcome: 'dropped' });
      return;
    }
    this.queue.push(entry);
    this.timer ??= setTimeout(() => void this.flush(), FLUSH_MS);
    this.timer.unref?.();
  }

  /** Writes what is queued (and what a write in progress holds); resolves when it is in the table. */
  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.queue;
    this.queue = [];
    this.writing = this.writing.then(() => this.write(batch));
    await this.writing;
  }

  private async write(batch: NewPredictionLogEntry[]): Promise<void> {
    if (batch.length === 0) return;
    try {
      await recordPredictions(this.db, batch);
    } catch (error) {
      this.metrics.predictionLogEntries.inc({ outcome: 'dropped' }, batch.length);
      this.log(`prediction log: ${batch.length} entries not written (${(error as Error).message})`);
      return;
    }
    this.metrics.predictionLogEntries.inc({ outcome: 'written' }, batch.length);
    const now = Date.now();
    for (const deploymentId of new Set(batch.map((e) => e.deploymentId))) {
      if (now - (this.prunedAt.get(deploymentId) ?? 0) < PRUNE_EVERY_MS) continue;
      this.prunedAt.set(deploymentId, now);
      await prunePredictionLog(this.db, deploymentId, this.bounds).catch((error: Error) => this.log(`prediction log: pruning failed (${error.message})`));
    }
  }
}
