'use client';
import { useMutation, useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { getDeploymentBundleEndpoint } from '@/server/endpoints/deployment-bundle';
import { apiFetch, errorFrom } from '../api';
import { InBrowserModel } from '../in-browser/in-browser-model';
import { queryKeys } from './keys';

/** GET /api/deployments/{name}/bundle: the served run's config and metadata, and whether the browser may run it. */
export type DeploymentBundle = z.output<NonNullable<(typeof getDeploymentBundleEndpoint)['response']>>;

/** The bundle of the run the deployment serves (`runId`, from GET /api/deployments/{name}). */
export function useDeploymentBundle(name: string, runId: string) {
  return useQuery({
    queryKey: queryKeys.deploymentBundle(name, runId),
    queryFn: () => apiFetch<DeploymentBundle>(`/api/deployments/${encodeURIComponent(name)}/bundle`),
    // A completed run's bundle does not change.
    staleTime: Number.POSITIVE_INFINITY,
  });
}

async function fetchModel(url: string): Promise<Uint8Array> {
  const response = await fetch(url, { credentials: 'same-origin' });
  if (!response.ok) throw await errorFrom(response);
  return new Uint8Array(await response.arrayBuffer());
}

/** The one model held in this browser: loading another releases its session (wasm memory is not garbage-collected). */
let held: InBrowserModel | null = null;

async function loadModel(bundle: DeploymentBundle): Promise<InBrowserModel> {
  const model = await InBrowserModel.load(bundle, await fetchModel(bundle.modelUrl));
  const previous = held;
  held = model;
  await previous?.release();
  return model;
}

/**
 * The deployment's model on an onnxruntime-web session, loaded when `enabled` (the toggle is on),
 * once per served run.
 */
export function useInBrowserModel(bundle: DeploymentBundle | undefined, enabled: boolean) {
  return useQuery({
    queryKey: [...queryKeys.deploymentBundle(bundle?.name ?? '', bundle?.runId ?? ''), 'in-browser-model'],
    queryFn: () => loadModel(bundle!),
    enabled: enabled && Boolean(bundle?.runnableInBrowser),
    // Kept while the playground shows it; dropped at once after (its session is released by the next load).
    staleTime: Number.POSITIVE_INFINITY,
    gcTime: 0,
    retry: false,
  });
}

export function useInBrowserPredict(model: InBrowserModel | undefined) {
  return useMutation({
    mutationFn: (instances: Record<string, unknown>[]) => {
      if (!model) throw new Error('the model is still loading in your browser; try again in a moment.');
      return model.predict(instances);
    },
  });
}
