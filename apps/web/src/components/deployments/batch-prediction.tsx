'use client';
import { useState, type FormEvent } from 'react';
import { formatBytes, formatCount, formatPercent } from '@/client/format';
import { useBatchPrediction, useStartBatchPrediction } from '@/client/queries/deployments';
import { ErrorMessage } from '../ui/error-message';
import { ProgressBar } from '../ui/progress-bar';
import { StatusBadge } from '../ui/status-badge';

const formatNames = { jsonl: 'JSON lines', csv: 'CSV', parquet: 'Parquet' } as const;

/** Upload a file of rows; a worker predicts them all; the result comes back as a download. */
export function BatchPrediction({ deployment }: { deployment: string }) {
  const [file, setFile] = useState<File | null>(null);
  const [progress, setProgress] = useState(0);
  const start = useStartBatchPrediction(deployment, setProgress);
  const job = useBatchPrediction(start.data?.id ?? null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (file) start.mutate(file);
  };
  return (
    <form onSubmit={submit}>
      <div className="row">
        <input type="file" aria-label="File of rows to predict" accept=".csv,.tsv,.json,.jsonl,.parquet,.xlsx,.zip" onChange={(e) => { setFile(e.target.files?.[0] ?? null); start.reset(); setProgress(0); }} />
        <button type="submit" className="btn" disabled={!file || start.isPending}>{start.isPending ? `Uploading ${formatPercent(progress, 0)}` : 'Predict every row'}</button>
      </div>
      {start.isPending ? <div className="section-gap"><ProgressBar fraction={progress} label="Upload progress" /></div> : null}
      <ErrorMessage error={start.error ?? job.error} />
      {job.data ? (
        <div className="alert alert-info section-gap" role="status">
          <div className="row"><StatusBadge status={job.data.state} />
            {job.data.state === 'completed' && job.data.downloads.length > 0 ? (
              <>
                <span>{formatCount(job.data.rows)} rows predicted{job.data.failedRows ? `, ${formatCount(job.data.failedRows)} could not be` : ''}. Download:</span>
                {job.data.downloads.map((d, i) => (
                  <a key={d.format} className={`btn btn-small${i === 0 ? ' btn-primary' : ''}`} href={d.url} download aria-label={`Download predictions as ${formatNames[d.format]}`} title={d.sizeBytes ? formatBytes(d.sizeBytes) : undefined}>{formatNames[d.format]}</a>
                ))}
              </>
            ) : job.data.state === 'failed' ? <span>{job.data.error}</span> : <span>Predicting on a worker…</span>}
          </div>
        </div>
      ) : null}
    </form>
  );
}
