'use client';
import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { ErrorMessage } from './error-message';
import { Skeleton } from './skeleton';

/** The one way pages show a query: a skeleton while loading, the error in words, then the data. */
export function QueryState<T>({ query, children, lines = 4 }: { query: UseQueryResult<T>; children: (data: T) => ReactNode; lines?: number }) {
  if (query.isPending) return <Skeleton lines={lines} />;
  if (query.isError) return <ErrorMessage error={query.error} />;
  return <>{children(query.data)}</>;
}
