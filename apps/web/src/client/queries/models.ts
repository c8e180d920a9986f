'use client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiFetch, uploadFile } from '../api';
import type { AutoConfigPreview, CreatedModel, CreatedVersion, ImportedModel, ModelDetail, ModelSummary, VersionDetail, VersionDiff, VersionSplits } from '../types';
import { queryKeys } from './keys';

export function useModels(datasetId?: string) {
  return useQuery({
    queryKey: queryKeys.models(datasetId),
    queryFn: () => apiFetch<{ models: ModelSummary[] }>('/api/models', { query: { datasetId, limit: 200 } }).then((r) => r.models),
  });
}

export function useModel(id: string) {
  return useQuery({ queryKey: queryKeys.model(id), queryFn: () => apiFetch<ModelDetail>(`/api/models/${id}`) });
}

export function useVersion(modelId: string, versionId: string | undefined) {
  return useQuery({
    queryKey: queryKeys.version(modelId, versionId ?? ''),
    queryFn: () => apiFetch<VersionDetail>(`/api/models/${modelId}/versions/${versionId}`),
    enabled: Boolean(versionId),
    staleTime: Infinity, // versions are immutable
  });
}

/** The diff of two versions (any two: the endpoint reads both by id). */
/** Split sizes of a saved version on its model's dataset (they change only when the dataset is refreshed). */
export function useVersionSplits(modelId: string, versionId: string, enabled: boolean) {
  return useQuery({
    queryKey: queryKeys.versionSplits(modelId, versionId),
    queryFn: () => apiFetch<VersionSplits>(`/api/models/${modelId}/versions/${versionId}/splits`),
    enabled,
  });
}

export function useVersionDiff(modelId: string, from: string | undefined, to: string | undefined) {
  return useQuery({
    queryKey: queryKeys.diff(modelId, from ?? '', to ?? ''),
    queryFn: () => apiFetch<VersionDiff>(`/api/models/${modelId}/diff`, { query: { from, to } }),
    enabled: Boolean(from && to && from !== to),
    staleTime: Infinity,
  });
}

/** The config language's JSON Schema (for Monaco and the generated forms). */
export function useConfigSchema() {
  return useQuery({ queryKey: queryKeys.configSchema, queryFn: () => apiFetch<JsonSchema>('/api/config/schema'), staleTime: Infinity });
}

export interface JsonSchema {
  type?: string | string[];
  description?: string;
  default?: unknown;
  const?: unknown;
  enum?: unknown[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema | false;
  prefixItems?: JsonSchema[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  commonly_used?: boolean;
  suggested_values?: unknown[];
  [key: string]: unknown;
}

export function useCreateModel() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { name: string; datasetId: string; targets: string[] }) => apiFetch<CreatedModel>('/api/models', { body: input }),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.modelsAll }),
  });
}

/** Uploads a model bundle archive (.tar.gz of OUT/model) with upload progress; the server checks and records it. */
export function useImportModel(onProgress: (fraction: number) => void) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ file, name, signal }: { file: File; name: string; signal?: AbortSignal }) =>
      uploadFile<ImportedModel>('/api/models/import', file, name ? { name } : {}, onProgress, signal),
    onSuccess: () => Promise.all([client.invalidateQueries({ queryKey: queryKeys.modelsAll }), client.invalidateQueries({ queryKey: queryKeys.runsAll })]),
  });
}

export function useCreateVersion(modelId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { config: string; parentVersionId: string | null; message?: string }) =>
      apiFetch<CreatedVersion>(`/api/models/${modelId}/versions`, { body: input }),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.modelsAll }),
  });
}

export function useForkModel(modelId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { name: string; versionId?: string }) => apiFetch<{ id: string; versionId: string }>(`/api/models/${modelId}/fork`, { body: input }),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.modelsAll }),
  });
}

/** What auto-config writes for these targets on a dataset, and the columns it leaves out (nothing is created). */
export function useAutoConfigPreview(datasetId: string | null, targets: string[]) {
  return useQuery({
    queryKey: ['auto-config', datasetId, targets.join(',')],
    queryFn: () => apiFetch<AutoConfigPreview>(`/api/datasets/${datasetId}/auto-config`, { query: { targets: targets.join(',') } }),
    enabled: Boolean(datasetId) && targets.length > 0,
    staleTime: Infinity,
  });
}
