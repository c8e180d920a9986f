'use client';
import { useEffect, useRef } from 'react';
import { useRunLogs } from '@/client/queries/runs';
import { QueryState } from '../ui/query-state';

/** The run's log, following new lines while it runs. */
export function RunLogs({ runId }: { runId: string }) {
  const logs = useRunLogs(runId);
  const box = useRef<HTMLPreElement>(null);
  useEffect(() => {
    if (box.current) box.current.scrollTop = box.current.scrollHeight;
  }, [logs.data?.length]);
  return (
    <QueryState query={logs} lines={3}>
      {(lines) => (
        <pre className="logs" ref={box} aria-label="Run log">
          {lines.length === 0 ? 'No log lines yet.' : lines.map((l) => (
            <div key={`${l.id}-${l.at}`} className={`lvl-${l.level}`}><time>{new Date(l.at).toLocaleTimeString('en-GB')}</time>{l.message}</div>
          ))}
        </pre>
      )}
    </QueryState>
  );
}
