'use client';
import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { queryKeys } from './queries/keys';
import type { LogLine, MetricSeries, RunDetail, RunEvent } from './types';

/**
 * Follows a run's Server-Sent Events while it is active and merges them into the query cache: metric
 * and step values into its series (by step, so history and replayed events never double), progress
 * into the run, log lines into its logs. Events are applied in batches a few times a second; the
 * browser resumes a dropped stream with Last-Event-ID by itself.
 */
export function useRunEvents(runId: string, active: boolean): void {
  const client = useQueryClient();
  useEffect(() => {
    if (!active) return;
    const source = new EventSource(`/api/runs/${runId}/events`);
    let pending: RunEvent[] = [];
    const flush = () => {
      if (pending.length === 0) return;
      const batch = pending;
      pending = [];
      applyEvents(client, runId, batch);
    };
    const timer = setInterval(flush, 300);
    source.onmessage = (message) => {
      const event = JSON.parse(message.data as string) as RunEvent;
      pending.push(event);
      if (event.type === 'end') {
        source.close();
        flush();
        void Promise.all([
          client.invalidateQueries({ queryKey: queryKeys.run(runId) }),
          client.invalidateQueries({ queryKey: queryKeys.runMetrics(runId) }),
          client.invalidateQueries({ queryKey: queryKeys.runLogs(runId) }),
          client.invalidateQueries({ queryKey: queryKeys.runsAll }),
        ]);
      }
    };
    return () => {
      clearInterval(timer);
      source.close();
    };
  }, [client, runId, active]);
}

function applyEvents(client: QueryClient, runId: string, events: RunEvent[]): void {
  const values = events.filter((e) => (e.type === 'metric' || e.type === 'step') && typeof e.value === 'number' && e.split && e.feature && e.metric);
  if (values.length > 0) {
    client.setQueryData<MetricSeries[]>(queryKeys.runMetrics(runId), (old) => mergeMetricEvents(old ?? [], values));
  }
  const logs = events.filter((e) => e.type === 'log');
  if (logs.length > 0) {
    client.setQueryData<LogLine[]>(queryKeys.runLogs(runId), (old) => [
      ...(old ?? []),
      ...logs.map((e) => ({ id: -e.ts, attempt: e.attempt ?? 1, at: new Date(e.ts).toISOString(), level: e.level ?? 'info', message: e.message ?? '' })),
    ]);
  }
  client.setQueryData<RunDetail>(queryKeys.run(runId), (run) => (run ? progressFrom(run, events) : run));
  if (events.some((e) => e.type === 'status')) void client.invalidateQueries({ queryKey: queryKeys.run(runId) });
}

/** Adds event values to their series (creating series as they first appear); a step already present is kept. */
export function mergeMetricEvents(series: MetricSeries[], events: RunEvent[]): MetricSeries[] {
  const next = series.map((s) => ({ ...s, points: s.points }));
  for (const e of events) {
    let target = next.find((s) => s.split === e.split && s.output === e.feature && s.metric === e.metric);
    if (!target) {
      target = { split: e.split!, output: e.feature!, metric: e.metric!, total: 0, downsampled: false, points: [] };
      next.push(target);
    }
    const last = target.points.at(-1);
    if (last && last.step >= e.step!) {
      if (target.points.some((p) => p.step === e.step)) continue;
      target.points = [...target.points, { step: e.step!, epoch: e.epoch ?? 0, value: e.value! }].sort((a, b) => a.step - b.step);
    } else {
      target.points = [...target.points, { step: e.step!, epoch: e.epoch ?? 0, value: e.value! }];
    }
    target.total = target.points.length;
  }
  return next;
}

function progressFrom(run: RunDetail, events: RunEvent[]): RunDetail {
  let next = run;
  for (const e of events) {
    if (e.type === 'start') next = { ...next, status: 'running', totalSteps: e.totalSteps ?? next.totalSteps };
    if (e.type === 'status' && e.status) next = { ...next, status: e.status as RunDetail['status'], workerId: e.workerId ?? next.workerId, attempt: e.attempt ?? next.attempt };
    if ((e.type === 'step' || e.type === 'metric') && e.step !== undefined && e.step >= next.step) {
      next = { ...next, step: e.step, epoch: e.epoch ?? next.epoch, progressPct: e.progressPct ?? next.progressPct, etaSeconds: e.etaSeconds ?? next.etaSeconds };
    }
    if (e.type === 'end' && e.status) next = { ...next, status: e.status as RunDetail['status'] };
  }
  return next;
}
