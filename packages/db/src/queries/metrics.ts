import type { Database } from '../client.js';
import { StaleAttemptError } from './errors.js';

export interface MetricPoint {
  split: string;
  output: string;
  metric: string;
  step: number;
  epoch: number;
  value: number;
}

/**
 * Inserts points of one run in a single statement (unnest arrays: one round trip per batch).
 * Points already stored are skipped (`ON CONFLICT DO NOTHING`), so a resumed attempt that
 * re-sends them stores nothing twice. The row lock on the run (FOR SHARE) orders the insert
 * against a takeover: points of a stale attempt are refused with StaleAttemptError.
 * Returns how many rows were new.
 */
export async function insertMetrics(db: Database, input: { runId: string; attempt: number; points: readonly MetricPoint[] }): Promise<number> {
  const { runId, attempt, points } = input;
  const n = points.length;
  const split = new Array<string>(n), output = new Array<string>(n), metric = new Array<string>(n);
  const step = new Array<number>(n), epoch = new Array<number>(n), value = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const p = points[i];
    split[i] = p.split; output[i] = p.output; metric[i] = p.metric; step[i] = p.step; epoch[i] = p.epoch; value[i] = p.value;
  }
  const result = await db.$client.query<{ ok: number; inserted: number }>(
    `WITH ok AS (SELECT 1 FROM runs WHERE id = $1 AND attempt = $2 AND status = 'running' FOR SHARE),
     ins AS (
       INSERT INTO run_metrics (run_id, split, output, metric, step, epoch, value)
       SELECT $1, s.split, s.output, s.metric, s.step, s.epoch, s.value
       FROM unnest($3::text[], $4::text[], $5::text[], $6::int[], $7::int[], $8::float8[]) AS s(split, output, metric, step, epoch, value)
       WHERE EXISTS (SELECT 1 FROM ok)
       ON CONFLICT DO NOTHING
       RETURNING 1)
     SELECT (SELECT count(*) FROM ok)::int AS ok, (SELECT count(*) FROM ins)::int AS inserted`,
    [runId, attempt, split, output, metric, step, epoch, value],
  );
  const row = result.rows[0];
  if (!row || row.ok === 0) throw new StaleAttemptError(runId, attempt);
  return row.inserted;
}

export interface MetricSeries {
  split: string;
  output: string;
  metric: string;
  /** Points stored for the series. */
  total: number;
  /** True when `points` is a min/max-per-bucket sample of more than maxPoints points. */
  downsampled: boolean;
  points: { step: number; epoch: number; value: number }[];
}

export interface GetRunMetricsOptions {
  runId: string;
  output?: string;
  metric?: string;
  split?: string;
  /** Per series (default 1000, at least 4). */
  maxPoints?: number;
}

/**
 * Chart data of a run, one series per (split, output, metric), steps ascending. A series longer
 * than maxPoints is cut into maxPoints/2 equal step ranges, each keeping its lowest and highest
 * value (min/max decimation: spikes and dips survive, unlike averaging or striding).
 */
export async function getRunMetrics(db: Database, options: GetRunMetricsOptions): Promise<MetricSeries[]> {
  const maxPoints = Math.max(4, Math.floor(options.maxPoints ?? 1000));
  const params: unknown[] = [options.runId, maxPoints, Math.floor(maxPoints / 2)];
  const filters: [string, number][] = [];
  for (const key of ['output', 'metric', 'split'] as const) {
    if (options[key] !== undefined) {
      params.push(options[key]);
      filters.push([key, params.length]);
    }
  }
  const where = (alias = '') => [`${alias}run_id = $1`, ...filters.map(([k, i]) => `${alias}${k} = $${i}`)].join(' AND ');
  // Hash aggregation over the series' index range: min/max of ARRAY[value, step, epoch] keep
  // the step and epoch of each bucket's extreme values (~0.5 s for 1M points on 2 cores).
  const result = await db.$client.query<{ split: string; output: string; metric: string; n: string; lo: number[]; hi: number[] }>(
    `WITH st AS (
       SELECT split, output, metric, count(*) AS n, min(step) AS s0, max(step) AS s1 FROM run_metrics WHERE ${where()} GROUP BY 1, 2, 3),
     pts AS (
       SELECT m.split, m.output, m.metric, st.n,
              CASE WHEN st.n <= $2 THEN m.step ELSE floor((m.step - st.s0)::float8 * $3 / (st.s1 - st.s0 + 1))::int END AS bucket,
              ARRAY[m.value, m.step, m.epoch] AS v
       FROM run_metrics m JOIN st USING (split, output, metric) WHERE ${where('m.')})
     SELECT split, output, metric, n, min(v) AS lo, max(v) AS hi FROM pts GROUP BY split, output, metric, n, bucket`,
    params,
  );
  const byKey = new Map<string, MetricSeries>();
  for (const r of result.rows) {
    const key = `${r.split}\u0000${r.output}\u0000${r.metric}`;
    let series = byKey.get(key);
    if (!series) {
      const total = Number(r.n);
      series = { split: r.split, output: r.output, metric: r.metric, total, downsampled: total > maxPoints, points: [] };
      byKey.set(key, series);
    }
    series.points.push({ value: Number(r.lo[0]), step: Number(r.lo[1]), epoch: Number(r.lo[2]) });
    if (Number(r.hi[1]) !== Number(r.lo[1])) series.points.push({ value: Number(r.hi[0]), step: Number(r.hi[1]), epoch: Number(r.hi[2]) });
  }
  const series = [...byKey.values()].sort((a, b) => a.split.localeCompare(b.split) || a.output.localeCompare(b.output) || a.metric.localeCompare(b.metric));
  for (const s of series) s.points.sort((a, b) => a.step - b.step);
  return series;
}

/** Which series a run has (for chart pickers), with their point counts. */
export async function listRunMetricSeries(db: Database, runId: string): Promise<{ split: string; output: string; metric: string; total: number; lastStep: number }[]> {
  const result = await db.$client.query<{ split: string; output: string; metric: string; total: number; last_step: number }>(
    `SELECT split, output, metric, count(*)::int AS total, max(step) AS last_step
     FROM run_metrics WHERE run_id = $1 GROUP BY split, output, metric ORDER BY output, metric, split`,
    [runId],
  );
  return result.rows.map((r) => ({ split: r.split, output: r.output, metric: r.metric, total: r.total, lastStep: r.last_step }));
}

export interface MetricValue { split: string; output: string; metric: string; value: number }

/**
 * The step whose weights a run kept: its best evaluation (the trainer restores those weights at
 * the end, so every split's metrics at that step are the final model's), or the last step when
 * the summary does not say (a run still going, an old run).
 */
export const keptStepSql = `COALESCE((runs.summary->'progress'->>'best_eval_metric_steps')::int, 2147483647)`;

/**
 * Each run's metrics at the step it kept, one value per (split, output, metric): the latest
 * evaluation at or before that step. Per-step training losses are left out (not an evaluation).
 * A run has a few dozen series but may have a million per-step points, and the runs list polls
 * this: the series are found by skipping along the primary key (a recursive "loose index scan")
 * and each value is one index probe, so the cost does not grow with the points stored.
 */
export async function getKeptRunMetrics(db: Database, runIds: readonly string[]): Promise<Map<string, MetricValue[]>> {
  const byRun = new Map<string, MetricValue[]>();
  if (runIds.length === 0) return byRun;
  const result = await db.$client.query<{ run_id: string; split: string; output: string; metric: string; value: number }>(
    `WITH RECURSIVE series AS (
       SELECT f.run_id, f.output, f.metric, f.split FROM unnest($1::uuid[]) AS r(id),
         LATERAL (SELECT run_id, output, metric, split FROM run_metrics WHERE run_id = r.id ORDER BY output, metric, split LIMIT 1) f
       UNION ALL
       SELECT n.run_id, n.output, n.metric, n.split FROM series s,
         LATERAL (SELECT run_id, output, metric, split FROM run_metrics m
                  WHERE m.run_id = s.run_id AND (m.output, m.metric, m.split) > (s.output, s.metric, s.split)
                  ORDER BY output, metric, split LIMIT 1) n)
     SELECT s.run_id, s.split, s.output, s.metric, v.value
     FROM series s JOIN runs ON runs.id = s.run_id,
       LATERAL (SELECT m.value FROM run_metrics m
                WHERE m.run_id = s.run_id AND m.output = s.output AND m.metric = s.metric AND m.split = s.split AND m.step <= ${keptStepSql}
                ORDER BY m.step DESC LIMIT 1) v
     WHERE s.metric <> 'step_loss'
     ORDER BY s.run_id, s.split, s.output, s.metric`,
    [runIds],
  );
  for (const r of result.rows) {
    let list = byRun.get(r.run_id);
    if (!list) byRun.set(r.run_id, (list = []));
    list.push({ split: r.split, output: r.output, metric: r.metric, value: Number(r.value) });
  }
  return byRun;
}
