'use client';
import { useRouter } from 'next/navigation';
import { useRef, useState, type DragEvent, type FormEvent } from 'react';
import { formatBytes, formatPercent } from '@/client/format';
import { useUploadDataset } from '@/client/queries/datasets';
import { ErrorMessage } from '../ui/error-message';
import { Field } from '../ui/field';
import { ProgressBar } from '../ui/progress-bar';

/** Pick or drop a file; it streams to the server with a progress bar, then the dataset page opens. */
export function UploadForm() {
  const router = useRouter();
  const input = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [name, setName] = useState('');
  const [over, setOver] = useState(false);
  const [progress, setProgress] = useState(0);
  const upload = useUploadDataset(setProgress);

  const choose = (f: File | undefined) => {
    if (!f) return;
    setFile(f);
    upload.reset();
    setProgress(0);
  };
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setOver(false);
    choose(event.dataTransfer.files[0]);
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!file) return;
    upload.mutate({ file, name: name.trim() }, { onSuccess: (d) => router.push(`/datasets/${d.id}`) });
  };

  return (
    <form onSubmit={submit}>
      <div
        className={over ? 'dropzone over' : 'dropzone'}
        onDragOver={(e) => { e.preventDefault(); setOver(true); }}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
        onClick={() => input.current?.click()}
        role="button"
        tabIndex={0}
        onKeyDown={(e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); input.current?.click(); } }}
        aria-label="Choose a file to upload"
      >
        {file ? (
          <><strong>{file.name}</strong><div className="muted">{formatBytes(file.size)} — click to pick another file</div></>
        ) : (
          <><strong>Drop a file here, or click to choose one</strong><div className="muted">CSV, TSV, JSON, JSON Lines, Parquet or Excel (.xlsx)</div></>
        )}
        <input ref={input} type="file" hidden data-testid="file-input" accept=".csv,.tsv,.txt,.json,.jsonl,.ndjson,.parquet,.xlsx" onChange={(e) => choose(e.target.files?.[0])} />
      </div>
      <div className="section-gap">
        <Field id="dataset-name" label="Name" help="Defaults to the file name.">
          <input id="dataset-name" className="input" value={name} onChange={(e) => setName(e.target.value)} placeholder={file?.name ?? 'e.g. customer churn 2024'} />
        </Field>
      </div>
      {upload.isPending || progress > 0 ? (
        <div className="section-gap" style={{ marginBottom: '1rem' }}>
          <div className="row small"><span>{progress >= 1 ? 'Uploaded — starting the profile…' : 'Uploading…'}</span><span className="spacer" /><span>{formatPercent(progress, 0)}</span></div>
          <ProgressBar fraction={progress} label="Upload progress" />
        </div>
      ) : null}
      <ErrorMessage error={upload.error} title="The upload did not go through" />
      <button type="submit" className="btn btn-primary" disabled={!file || upload.isPending}>{upload.isPending ? 'Uploading…' : 'Upload and profile'}</button>
    </form>
  );
}
