'use client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiFetch } from '../api';
import type { ApiKey, Invitation, NewApiKey, NewInvitation, User } from '../types';
import { queryKeys } from './keys';

export function useApiKeys() {
  return useQuery({ queryKey: queryKeys.apiKeys, queryFn: () => apiFetch<{ apiKeys: ApiKey[] }>('/api/api-keys').then((r) => r.apiKeys) });
}

export function useCreateApiKey() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => apiFetch<NewApiKey>('/api/api-keys', { body: { name } }),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.apiKeys }),
  });
}

export function useRevokeApiKey() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiFetch<ApiKey>(`/api/api-keys/${id}`, { method: 'DELETE' }),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.apiKeys }),
  });
}

export function useUsers() {
  return useQuery({ queryKey: queryKeys.users, queryFn: () => apiFetch<{ users: User[] }>('/api/users').then((r) => r.users) });
}

export function useInvitations() {
  return useQuery({ queryKey: queryKeys.invitations, queryFn: () => apiFetch<{ invitations: Invitation[] }>('/api/invitations').then((r) => r.invitations) });
}

export function useInvite() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { email: string; role: User['role'] }) => apiFetch<NewInvitation>('/api/invitations', { body: input }),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.invitations }),
  });
}

export function useWithdrawInvitation() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiFetch(`/api/invitations/${id}`, { method: 'DELETE' }),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.invitations }),
  });
}

export function useChangeRole() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, role }: { id: string; role: User['role'] }) => apiFetch<User>(`/api/users/${id}`, { method: 'PATCH', body: { role } }),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.users }),
  });
}

export function useRemoveUser() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiFetch(`/api/users/${id}`, { method: 'DELETE' }),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.users }),
  });
}
