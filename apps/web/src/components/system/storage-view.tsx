'use client';
import { formatBytes, formatCount } from '@/client/format';
import { useStorage } from '@/client/queries/system';
import { Card } from '../ui/card';
import { QueryState } from '../ui/query-state';
import { Stat } from '../ui/stat';

const labels: Record<string, string> = { datasets: 'Datasets', runs: 'Runs and models', cache: 'Preprocessing cache', diskFree: 'Free on the disk' };

/** Disk use of the artifact store, by folder, and what the database records. */
export function StorageView() {
  const storage = useStorage();
  return (
    <QueryState query={storage}>
      {(s) => {
        const used = Object.entries(s.dataDir).filter(([k]) => k !== 'diskFree');
        const total = used.reduce((a, [, v]) => a + v, 0);
        return (
          <>
            <Card title="Disk usage" description="Files under DATA_DIR (recomputed at most once a minute).">
              <div className="stats">
                <Stat label="Total used" value={formatBytes(total)} />
                {used.map(([k, v]) => <Stat key={k} label={labels[k] ?? k} value={formatBytes(v)} />)}
                {s.dataDir.diskFree !== undefined ? <Stat label={labels.diskFree} value={formatBytes(s.dataDir.diskFree)} /> : null}
              </div>
              <div className="section-gap" aria-hidden>
                <div className="progress" style={{ height: 12, display: 'flex' }}>
                  {used.map(([k, v], i) => <div key={k} title={labels[k]} style={{ width: `${total ? (v / total) * 100 : 0}%`, background: ['#3451d1', '#8e5bfa', '#2f9e44'][i % 3] }} />)}
                </div>
              </div>
            </Card>
            <Card title="Recorded in the database">
              <div className="stats">
                <Stat label="Datasets" value={`${formatCount(s.recorded.datasetCount)} · ${formatBytes(s.recorded.datasetBytes)}`} />
                <Stat label="Run files" value={`${formatCount(s.recorded.artifactCount)} · ${formatBytes(s.recorded.artifactBytes)}`} />
              </div>
              <p className="muted small section-gap">To free space, delete datasets, models or runs from their pages: each deletion tells you first what goes with it.</p>
            </Card>
          </>
        );
      }}
    </QueryState>
  );
}
