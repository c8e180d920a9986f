'use client';
import { useMutation, useQuery, useQueryClient, type QueryKey } from '@tanstack/react-query';
import { apiFetch } from '../api';

/** What deleting `path` would take with it (the API's `?dryRun=true`), asked when the dialog opens. */
export function useDeletePreview<T>(path: string, enabled: boolean) {
  return useQuery({
    queryKey: ['delete-preview', path],
    queryFn: () => apiFetch<T>(path, { method: 'DELETE', query: { dryRun: 'true' } }),
    enabled,
    staleTime: 0,
    gcTime: 0,
    retry: false,
  });
}

/**
 * Deletes `path`. The caller leaves the deleted thing's page first, then calls `refresh`: refetching
 * while its page is still shown would turn that page into a "does not exist" error.
 */
export function useDeleteResource(path: string, invalidate: QueryKey[]) {
  const client = useQueryClient();
  const mutation = useMutation({ mutationFn: () => apiFetch<unknown>(path, { method: 'DELETE' }) });
  const refresh = () => Promise.all(invalidate.map((queryKey) => client.invalidateQueries({ queryKey })));
  return { ...mutation, refresh };
}
