'use client';
import dynamic from 'next/dynamic';
import { Skeleton } from '../ui/skeleton';

/** Monaco only in the browser (it touches window and spawns workers): loaded with ssr: false. */
export const ConfigEditor = dynamic(() => import('./yaml-editor'), { ssr: false, loading: () => <div className="editor-frame"><Skeleton lines={12} /></div> });
