'use client';
import { useRouter } from 'next/navigation';
import type { FormEvent } from 'react';
import { useUploadDataset } from '@/client/queries/datasets';
import { ErrorMessage } from '../ui/error-message';
import { Field } from '../ui/field';
import { FileDropZone, UploadProgress, useFileUpload } from '../ui/file-drop';

/** Pick or drop a file; it streams to the server with a progress bar, then the dataset page opens. */
export function UploadForm() {
  const router = useRouter();
  const { file, name, setName, progress, choose, upload } = useFileUpload(useUploadDataset);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!file) return;
    upload.mutate({ file, name: name.trim() }, { onSuccess: (d) => router.push(`/datasets/${d.id}`) });
  };

  return (
    <form onSubmit={submit}>
      <FileDropZone
        file={file}
        onChoose={choose}
        label="Choose a file to upload"
        prompt="Drop a file here, or click to choose one"
        hint="CSV, TSV, JSON, JSON Lines, Parquet or Excel (.xlsx); or a .zip of one table with the image or audio files its rows name by relative path"
        accept=".csv,.tsv,.txt,.json,.jsonl,.ndjson,.parquet,.xlsx,.zip"
        testId="file-input"
      />
      <div className="section-gap">
        <Field id="dataset-name" label="Name" help="Defaults to the file name.">
          <input id="dataset-name" className="input" value={name} onChange={(e) => setName(e.target.value)} placeholder={file?.name ?? 'e.g. customer churn 2024'} />
        </Field>
      </div>
      {upload.isPending || progress > 0 ? (
        <div className="section-gap" style={{ marginBottom: '1rem' }}>
          <UploadProgress progress={progress} afterUpload="Uploaded — starting the profile…" />
        </div>
      ) : null}
      <ErrorMessage error={upload.error} title="The upload did not go through" />
      <button type="submit" className="btn btn-primary" disabled={!file || upload.isPending}>{upload.isPending ? 'Uploading…' : 'Upload and profile'}</button>
    </form>
  );
}
