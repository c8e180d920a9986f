'use client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiFetch, uploadFile } from '../api';
import type { PretrainedModel, PretrainedModels } from '../types';
import { queryKeys } from './keys';

export function usePretrainedModels(enabled = true) {
  return useQuery({ queryKey: queryKeys.pretrainedModels, queryFn: () => apiFetch<PretrainedModels>('/api/pretrained-models'), enabled, staleTime: 30_000 });
}

export function useUploadPretrainedModel(onProgress: (fraction: number) => void) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ file, name }: { file: File; name: string }) => uploadFile<PretrainedModel>('/api/pretrained-models', file, name ? { name } : {}, onProgress),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.pretrainedModels }),
  });
}

export function useDeletePretrainedModel() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => apiFetch<{ deleted: true }>(`/api/pretrained-models/${encodeURIComponent(name)}`, { method: 'DELETE' }),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.pretrainedModels }),
  });
}
