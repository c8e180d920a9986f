import type { Redis } from 'ioredis';
import { appendRunLogs, insertMetrics, isStaleAttemptError, type Database, type MetricPoint, type NewLogLine } from '@overture/db';
import { publishRunEvents, type RunEvent } from '@overture/jobs';
import { withRetry } from '../retry.js';

export interface RunWriterOptions {
  db: Database;
  redis: Redis;
  prefix: string;
  runId: string;
  attempt: number;
  /** Points are written at least this often (ms) while training. */
  flushIntervalMs?: number;
  /** ...or as soon as this many are waiting. */
  batchSize?: number;
  log?: (message: string) => void;
  onStale?: () => void;
}

/**
 * Streams one attempt's metrics and logs into Postgres (batched, idempotent, retried while the
 * database restarts) and its events onto the run's Redis Stream (published as soon as the event
 * loop is free, so they reach SSE clients within milliseconds).
 */
export class RunWriter {
  private points: MetricPoint[] = [];
  private logs: NewLogLine[] = [];
  private events: RunEvent[] = [];
  private dbFlight: Promise<void> = Promise.resolve();
  private publishing: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private eventsScheduled = false;
  stale = false;
  /** Points stored by this attempt (new rows). */
  inserted = 0;

  constructor(private readonly options: RunWriterOptions) {}

  addPoints(points: MetricPoint[]): void {
    for (const p of points) this.points.push(p);
    if (this.points.length >= (this.options.batchSize ?? 5000)) void this.flush().catch(() => undefined);
    else this.schedule();
  }

  addLog(line: NewLogLine): void {
    this.logs.push(line);
    this.schedule();
  }

  addEvent(event: RunEvent): void {
    this.events.push(event);
    if (!this.eventsScheduled) {
      this.eventsScheduled = true;
      setImmediate(() => {
        this.eventsScheduled = false;
        void this.publishEvents();
      });
    }
  }

  private schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.flush().catch(() => undefined);
    }, this.options.flushIntervalMs ?? 250);
  }

  /** Writes everything buffered so far; resolves once it is durable. Throws StaleAttemptError. */
  flush(): Promise<void> {
    const next = this.dbFlight.catch(() => undefined).then(() => this.writeBuffered());
    this.dbFlight = next;
    return next;
  }

  private async writeBuffered(): Promise<void> {
    const { db, runId, attempt } = this.options;
    try {
      while (this.points.length > 0 || this.logs.length > 0) {
        const points = this.points.splice(0, this.options.batchSize ?? 5000);
        const logs = this.logs.splice(0, this.logs.length);
        try {
          if (points.length > 0) this.inserted += await withRetry(() => insertMetrics(db, { runId, attempt, points }), { what: 'storing metrics', log: this.options.log });
          if (logs.length > 0) await withRetry(() => appendRunLogs(db, { runId, attempt, lines: logs }), { what: 'storing logs', log: this.options.log });
        } catch (error) {
          // Keep what was not written (a later flush retries it) unless the attempt is over.
          if (!isStaleAttemptError(error)) {
            this.points.unshift(...points);
            this.logs.unshift(...logs);
          }
          throw error;
        }
      }
    } catch (error) {
      if (isStaleAttemptError(error) && !this.stale) {
        this.stale = true;
        this.points = [];
        this.logs = [];
        this.options.onStale?.();
      }
      throw error;
    }
  }

  private publishEvents(): Promise<void> {
    this.publishing ??= this.publishLoop().finally(() => { this.publishing = null; });
    return this.publishing;
  }

  private async publishLoop(): Promise<void> {
    while (this.events.length > 0) {
      const batch = this.events.splice(0, 500);
      try {
        await publishRunEvents(this.options.redis, this.options.prefix, this.options.runId, batch);
      } catch (error) {
        // Redis is down: events are the live view only (Postgres has the truth); keep a bounded backlog.
        this.events.unshift(...batch);
        if (this.events.length > 50_000) this.events.splice(0, this.events.length - 50_000);
        this.options.log?.(`publishing run events failed (${(error as Error).message}); retrying`);
        await new Promise((r) => setTimeout(r, 500));
      }
    }
  }

  /** Final drain of metrics, logs and events. */
  async close(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.flush();
    // Events wait for Redis while it reconnects, but a run never hangs on its live view.
    const drained = (async () => { while (this.events.length > 0 || this.publishing) await this.publishEvents(); })();
    await Promise.race([drained, new Promise((r) => setTimeout(r, 10_000).unref())]);
  }
}
