'use client';
import dynamic from 'next/dynamic';
import { Skeleton } from '../ui/skeleton';

/** Side-by-side YAML of two versions in Monaco's diff editor (browser only). */
export const ConfigDiff = dynamic(() => import('./yaml-diff-editor'), { ssr: false, loading: () => <Skeleton lines={10} /> });
