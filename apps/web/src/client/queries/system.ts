'use client';
import { useQuery } from '@tanstack/react-query';
import { apiFetch } from '../api';
import type { QueueDepth, StorageUsage, Worker } from '../types';
import { queryKeys } from './keys';

export function useWorkers() {
  return useQuery({ queryKey: queryKeys.workers, queryFn: () => apiFetch<{ workers: Worker[] }>('/api/workers').then((r) => r.workers), refetchInterval: 3000 });
}

export function useQueues() {
  return useQuery({ queryKey: queryKeys.queues, queryFn: () => apiFetch<{ queues: QueueDepth[] }>('/api/queues').then((r) => r.queues), refetchInterval: 3000 });
}

export function useStorage() {
  return useQuery({ queryKey: queryKeys.storage, queryFn: () => apiFetch<StorageUsage>('/api/storage') });
}
