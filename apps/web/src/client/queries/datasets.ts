'use client';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiFetch, uploadFile } from '../api';
import type { ColumnProfile, DatasetDetail, DatasetRows, DatasetSummary, SourceTest } from '../types';
import { queryKeys } from './keys';

const busy = (status: string | undefined) => status === 'uploading' || status === 'profiling';

export function useDatasets() {
  return useQuery({
    queryKey: queryKeys.datasets,
    queryFn: () => apiFetch<{ datasets: DatasetSummary[] }>('/api/datasets', { query: { limit: 200 } }).then((r) => r.datasets),
    refetchInterval: (query) => (query.state.data?.some((d) => busy(d.status)) ? 1500 : false),
  });
}

/** A dataset; polled while it is being profiled. */
export function useDataset(id: string) {
  return useQuery({
    queryKey: queryKeys.dataset(id),
    queryFn: () => apiFetch<DatasetDetail>(`/api/datasets/${id}`),
    refetchInterval: (query) => (busy(query.state.data?.status) ? 1000 : false),
  });
}

export function useDatasetRows(id: string, offset: number, limit: number, enabled = true) {
  return useQuery({
    queryKey: queryKeys.datasetRows(id, offset, limit),
    queryFn: () => apiFetch<DatasetRows>(`/api/datasets/${id}/rows`, { query: { offset, limit } }),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useDatasetColumns(id: string, enabled = true) {
  return useQuery({
    queryKey: queryKeys.datasetColumns(id),
    queryFn: () => apiFetch<{ columns: ColumnProfile[] }>(`/api/datasets/${id}/columns`).then((r) => r.columns),
    enabled,
  });
}

export function useOverrideColumnType(datasetId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ column, type }: { column: string; type: string }) =>
      apiFetch<ColumnProfile>(`/api/datasets/${datasetId}/columns/${encodeURIComponent(column)}`, { method: 'PATCH', body: { type } }),
    // The dataset (its columns), and the auto-config previews that read the changed type.
    onSuccess: () => Promise.all([client.invalidateQueries({ queryKey: queryKeys.dataset(datasetId) }), client.invalidateQueries({ queryKey: ['auto-config', datasetId] })]),
  });
}

/** Uploads a file with progress (0–1) reported through `onProgress`. */
export function useUploadDataset(onProgress: (fraction: number) => void) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ file, name }: { file: File; name: string }) =>
      uploadFile<{ id: string; status: string }>('/api/datasets', file, name ? { name } : {}, onProgress),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.datasets }),
  });
}

export interface SqlSource { type: 'postgres' | 'mysql'; url: string; query: string }

export function useTestSource() {
  return useMutation({ mutationFn: (source: SqlSource) => apiFetch<SourceTest>('/api/sources/test', { body: source }) });
}

export function useCreateSqlDataset() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ name, source }: { name: string; source: SqlSource }) => apiFetch<{ id: string; status: string }>('/api/datasets', { body: { name, source } }),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.datasets }),
  });
}

/** Runs a SQL dataset's query again into a new dataset (the old one stays for its runs). */
export function useRefreshDataset(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => apiFetch<{ id: string; status: string }>(`/api/datasets/${id}/refresh`, { method: 'POST' }),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.datasets }), // the list, and this dataset's newer snapshots
  });
}
