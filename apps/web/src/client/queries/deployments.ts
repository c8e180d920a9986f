'use client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiFetch, uploadFile } from '../api';
import type { BatchPrediction, Deployment, DeploymentDetail, DriftReport, PredictionLog } from '../types';
import { queryKeys } from './keys';

export function useDeployments() {
  return useQuery({ queryKey: queryKeys.deployments, queryFn: () => apiFetch<{ deployments: Deployment[] }>('/api/deployments').then((r) => r.deployments) });
}

export function useDeployment(name: string) {
  return useQuery({ queryKey: queryKeys.deployment(name), queryFn: () => apiFetch<DeploymentDetail>(`/api/deployments/${encodeURIComponent(name)}`) });
}

export function useDeploy() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { name: string; runId: string }) => apiFetch<Deployment>('/api/deployments', { body: input }),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.deployments }),
  });
}

/** Points a deployment at another completed run (hot swap); the page follows once the new version serves. */
export function useSwitchDeployment(name: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { runId: string }) => apiFetch<Deployment>(`/api/deployments/${encodeURIComponent(name)}`, { method: 'PUT', body: input }),
    // The list and this deployment (same key prefix); resolves once the page has the new version.
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.deployments }),
  });
}

/** What PATCH /api/deployments/<name>/traffic takes: a key left out stays; null removes that part. */
export interface TrafficChange {
  canary?: { runId: string; percent: number } | null;
  shadow?: { runId: string; percent: number } | null;
  logPercent?: number;
}

export function useChangeTraffic(name: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (change: TrafficChange) => apiFetch<Deployment>(`/api/deployments/${encodeURIComponent(name)}/traffic`, { method: 'PATCH', body: change }),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.deployments }),
  });
}

/** The drift report, refreshed while the page is open (the log fills as traffic arrives). */
export function useDrift(name: string) {
  return useQuery({ queryKey: queryKeys.deploymentDrift(name), queryFn: () => apiFetch<DriftReport>(`/api/deployments/${encodeURIComponent(name)}/drift`), refetchInterval: 30_000 });
}

export function usePredictionLog(name: string, enabled: boolean) {
  return useQuery({ queryKey: queryKeys.deploymentLog(name), queryFn: () => apiFetch<PredictionLog>(`/api/deployments/${encodeURIComponent(name)}/predictions?limit=10`), enabled, refetchInterval: 30_000 });
}

/** A prediction response (DESIGN "Contracts: Predictions"). */
/** One token (or run of tokens) of a text input and its occlusion attribution (serving's explain-text.ts). */
export interface TokenAttribution { text: string; start: number; end: number; attribution: number }

/** An image input's saliency map (serving's explain-image.ts): each patch's attribution, row-major over a rows × cols grid. */
export interface ImageSaliency { rows: number; cols: number; attributions: number[] }

export interface PredictResponse {
  predictions: (Record<string, {
    prediction: unknown; probability?: number; probabilities?: Record<string, number>; anomaly_score?: number;
    /** A text/sequence output (tagger or generator): every step's token, each token's probability, the sequence's log probability. */
    tokens?: string[]; token_probabilities?: number[]; log_probability?: number;
  }> | null)[];
  errors?: { row: number; message: string }[];
  /** With `explain`: per row, per output, the attributions of each input (and of each token of text inputs, each patch of image inputs). */
  explanations?: (Record<string, { target: string | string[] | null; attributions: Record<string, number>; tokens?: Record<string, TokenAttribution[]>; images?: Record<string, ImageSaliency> }> | null)[];
}

export function usePredict(name: string, options: { explain?: boolean } = {}) {
  const query = options.explain ? '?explain=true' : '';
  return useMutation({
    mutationFn: (instances: Record<string, unknown>[]) => apiFetch<PredictResponse>(`/predict/${encodeURIComponent(name)}${query}`, { body: { instances } }),
  });
}

export function useStartBatchPrediction(deployment: string, onProgress: (fraction: number) => void) {
  return useMutation({
    mutationFn: (file: File) => uploadFile<{ id: string }>(`/api/batch-predictions?deployment=${encodeURIComponent(deployment)}`, file, {}, onProgress),
  });
}

/** A batch prediction job, polled until it has finished. */
export function useBatchPrediction(id: string | null) {
  return useQuery({
    queryKey: queryKeys.batchPrediction(id ?? ''),
    queryFn: () => apiFetch<BatchPrediction>(`/api/batch-predictions/${id}`),
    enabled: Boolean(id),
    refetchInterval: (query) => (['completed', 'failed'].includes(query.state.data?.state ?? '') ? false : 1000),
  });
}
