'use client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiFetch } from '../api';
import type { StudyDetail, StudySummary } from '../types';
import { queryKeys } from './keys';

export const isStudyActive = (status: StudyDetail['status'] | undefined) => status === 'queued' || status === 'running';

/** A study with its trials; its live events refetch it (and a slow poll backs them up while it runs). */
export function useStudy(id: string) {
  return useQuery({
    queryKey: queryKeys.study(id),
    queryFn: () => apiFetch<StudyDetail>(`/api/studies/${id}`),
    refetchInterval: (query) => (isStudyActive(query.state.data?.status) ? 10_000 : false),
  });
}

export function useStudies(versionId?: string) {
  return useQuery({
    queryKey: queryKeys.studies(versionId),
    queryFn: () => apiFetch<{ studies: StudySummary[] }>('/api/studies', { query: { versionId, limit: 50 } }).then((r) => r.studies),
  });
}

export function useStartStudy() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { versionId: string }) => apiFetch<{ id: string; status: StudyDetail['status'] }>('/api/studies', { body: input }),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.studiesAll }),
  });
}

export function useCancelStudy(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => apiFetch(`/api/studies/${id}/cancel`, { method: 'POST' }),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.study(id) }),
  });
}
