'use client';
import Link from 'next/link';
import { formatRelative } from '@/client/format';
import { useQueues, useWorkers } from '@/client/queries/system';
import type { Worker } from '@/client/types';
import { Card } from '../ui/card';
import { EmptyState } from '../ui/empty-state';
import { QueryState } from '../ui/query-state';

/** Live workers (heartbeats) with what each is running, and the depth of every queue; refreshes by itself. */
export function WorkersView() {
  const workers = useWorkers();
  const queues = useQueues();
  return (
    <>
      <Card title="Queues" description="Jobs waiting for a worker, running now, delayed for a retry, and failed." flush>
        <QueryState query={queues}>
          {(list) => (
            <table className="table" aria-label="Queues">
              <thead><tr><th>Queue</th><th className="num">Waiting</th><th className="num">Running</th><th className="num">Delayed</th><th className="num">Failed</th><th className="num">Done</th></tr></thead>
              <tbody>{list.map((q) => <tr key={q.name}><td>{q.name}</td><td className="num"><strong>{q.waiting}</strong></td><td className="num">{q.active}</td><td className="num">{q.delayed}</td><td className="num">{q.failed}</td><td className="num muted">{q.completed}</td></tr>)}</tbody>
            </table>
          )}
        </QueryState>
      </Card>
      <Card title="Workers" description="Processes that profile data, train and predict. Add more with npm run start:worker on any machine." flush>
        <QueryState query={workers}>
          {(list) => list.length === 0 ? <EmptyState icon="⚙" title="No worker is running">Start one with <code>npm run start:worker</code>; queued jobs wait until then.</EmptyState> : (
            <table className="table" aria-label="Workers">
              <thead><tr><th>Worker</th><th>Queues</th><th>Backend</th><th>Running</th><th>Up since</th><th>Last heartbeat</th></tr></thead>
              <tbody>
                {list.map((w) => (
                  <tr key={w.workerId}>
                    <td className="mono">{w.workerId}</td>
                    <td>{w.queues.join(', ')} <span className="faint">×{w.concurrency}</span></td>
                    <td data-testid="worker-backend"><WorkerBackend worker={w} /></td>
                    <td>{w.activeJobs.length === 0 ? <span className="muted">idle</span> : w.activeJobs.map((job) => <div key={job}><Link className="mono" href={`/runs/${job}`}>run {job.slice(0, 8)}</Link></div>)}</td>
                    <td className="muted">{formatRelative(w.startedAt)}</td>
                    <td className="muted">{formatRelative(w.beatAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </QueryState>
      </Card>
    </>
  );
}

const kindNames = { wasm: 'WebAssembly', cpu: 'JavaScript (cpu)', node: 'Native CPU (tfjs-node)', gpu: 'GPU (tfjs-node-gpu)' } as const;

/** What trains on a worker: its backend, SIMD/FMA on wasm, and how many trainings at once on how many cores. */
function WorkerBackend({ worker }: { worker: Worker }) {
  const engine = worker.engine;
  if (!engine) return <span className="muted">{worker.backend ?? 'not reported (an older worker)'}</span>;
  const features = engine.kind === 'wasm' ? [engine.simd ? 'SIMD' : 'no SIMD', ...(engine.fma ? ['FMA'] : [])] : [];
  return (
    <>
      <div>{kindNames[engine.kind]}{features.length > 0 ? <span className="faint"> · {features.join(' · ')}</span> : null}</div>
      <div className="small muted">
        {engine.trainingThreads === 0 ? 'no training' : `${engine.trainingThreads} training thread${engine.trainingThreads === 1 ? '' : 's'}`} · {engine.cores} core{engine.cores === 1 ? '' : 's'}
      </div>
    </>
  );
}
