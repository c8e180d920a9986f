'use client';
import { useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiFetch } from '../api';
import type { Artifact, FeatureImportanceResponse, LogLine, MetricSeries, RunDetail, RunListItem, RunStatus } from '../types';
import { queryKeys } from './keys';

export const isActive = (status: RunStatus | undefined) => status === 'queued' || status === 'running';

export function useRuns(filter: { modelId?: string; versionId?: string; datasetId?: string; status?: string; sort?: string } = {}) {
  return useQuery({
    queryKey: queryKeys.runs(filter),
    queryFn: () => apiFetch<{ runs: RunListItem[] }>('/api/runs', { query: { ...filter, limit: 200 } }).then((r) => r.runs),
    // A new sort keeps the old rows on screen until the sorted ones arrive.
    placeholderData: (previous) => previous,
    refetchInterval: (query) => (query.state.data?.some((r) => isActive(r.status)) ? 2000 : false),
  });
}

/** A run; refetched now and then while it is active (live numbers come from its events). */
export function useRun(id: string) {
  return useQuery({
    queryKey: queryKeys.run(id),
    queryFn: () => apiFetch<RunDetail>(`/api/runs/${id}`),
    refetchInterval: (query) => (isActive(query.state.data?.status) ? 5000 : false),
  });
}

const fetchMetrics = (id: string) => apiFetch<{ series: MetricSeries[] }>(`/api/runs/${id}/metrics`, { query: { maxPoints: 500 } }).then((r) => r.series);

/** Every metric series of a run (history; live events are merged into this cache). */
export function useRunMetrics(id: string) {
  return useQuery({ queryKey: queryKeys.runMetrics(id), queryFn: () => fetchMetrics(id), staleTime: Infinity });
}

/** The metric series of several runs at once (compare page). */
export function useManyRunMetrics(ids: string[]) {
  return useQueries({ queries: ids.map((id) => ({ queryKey: queryKeys.runMetrics(id), queryFn: () => fetchMetrics(id) })) });
}

export function useManyRuns(ids: string[]) {
  return useQueries({ queries: ids.map((id) => ({ queryKey: queryKeys.run(id), queryFn: () => apiFetch<RunDetail>(`/api/runs/${id}`) })) });
}

export function useRunLogs(id: string) {
  return useQuery({
    queryKey: queryKeys.runLogs(id),
    queryFn: () => apiFetch<{ logs: LogLine[] }>(`/api/runs/${id}/logs`, { query: { limit: 2000 } }).then((r) => r.logs),
    staleTime: Infinity,
  });
}

export function useFeatureImportance(id: string, enabled: boolean) {
  return useQuery({
    queryKey: queryKeys.runImportance(id),
    queryFn: () => apiFetch<FeatureImportanceResponse>(`/api/runs/${id}/feature-importance`).then((r) => r.featureImportance as FeatureImportance | null),
    enabled,
    staleTime: Infinity,
  });
}

export interface FeatureImportance {
  output: string;
  metric: string;
  repeats: number;
  features: { feature: string; importance: number; std: number }[];
}

export function useRunArtifacts(id: string, enabled: boolean) {
  return useQuery({
    queryKey: queryKeys.runArtifacts(id),
    queryFn: () => apiFetch<{ artifacts: Artifact[] }>(`/api/runs/${id}/artifacts`).then((r) => r.artifacts),
    enabled,
  });
}

export function useStartRun() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { versionId: string; datasetId?: string; modelLoadRunId?: string; resumeRunId?: string; epochs?: number }) => apiFetch<{ id: string; status: RunStatus }>('/api/runs', { body: input }),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.runsAll }),
  });
}

export function useCancelRun(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => apiFetch(`/api/runs/${id}/cancel`, { method: 'POST' }),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.run(id) }),
  });
}
