'use client';
import { useRouter } from 'next/navigation';
import { useRef, useState, type FormEvent } from 'react';
import { useImportModel } from '@/client/queries/models';
import { useSession } from '@/client/session';
import { CodeBlock } from '../ui/code-block';
import { Dialog } from '../ui/dialog';
import { ErrorMessage } from '../ui/error-message';
import { Field } from '../ui/field';
import { FileDropZone, UploadProgress, useFileUpload } from '../ui/file-drop';

/** "Import model": upload a bundle trained with the CLI (a .tar.gz of OUT/model); its model page opens. */
export function ImportModelButton() {
  const { canEdit } = useSession();
  const [open, setOpen] = useState(false);
  if (!canEdit) return null;
  return (
    <>
      <button type="button" className="btn" onClick={() => setOpen(true)}>Import model</button>
      {open ? <ImportModelDialog onClose={() => setOpen(false)} /> : null}
    </>
  );
}

function ImportModelDialog({ onClose }: { onClose: () => void }) {
  const router = useRouter();
  const upload = useRef<AbortController | null>(null);
  const { file, name, setName, progress, choose, upload: importModel } = useFileUpload(useImportModel);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!file) return;
    upload.current = new AbortController();
    importModel.mutate({ file, name: name.trim(), signal: upload.current.signal }, { onSuccess: (m) => router.push(`/models/${m.id}`) });
  };
  const close = () => {
    upload.current?.abort();
    onClose();
  };
  const busy = importModel.isPending || importModel.isSuccess;

  return (
    <Dialog open onClose={close} title="Import a model trained with the CLI" footer={(
      <>
        <button type="button" className="btn" onClick={close}>{importModel.isPending ? 'Stop' : 'Cancel'}</button>
        <button type="submit" form="import-model-form" className="btn btn-primary" disabled={!file || busy}>{busy ? 'Importing…' : 'Import'}</button>
      </>
    )}>
      <form id="import-model-form" onSubmit={submit} aria-label="Import a model">
        <p className="muted" style={{ marginTop: 0 }}>
          Archive the output directory (OUT) of <code>overture train</code> or <code>overture experiment</code> and upload it:
        </p>
        <CodeBlock code="tar czf model.tar.gz -C OUT ." label="the archive command" />
        <p className="muted small" style={{ margin: '0.6rem 0 1rem' }}>
          The model folder alone (<code>tar czf model.tar.gz -C OUT model</code>, or a model downloaded from a run page) works too, without the test results.
          It becomes a new model whose run you can deploy at once.
        </p>
        <FileDropZone
          file={file}
          onChoose={choose}
          label="Choose the model archive"
          prompt="Drop the archive here, or click to choose it"
          hint=".tar.gz of the model folder"
          accept=".tar.gz,.tgz,.tar,application/gzip,application/x-tar"
          testId="model-archive-input"
        />
        <div className="section-gap">
          <Field id="import-model-name" label="Name" help="Defaults to the archive's name.">
            <input id="import-model-name" className="input" value={name} maxLength={200} onChange={(e) => setName(e.target.value)} placeholder={file ? file.name.replace(/\.(tar\.gz|tgz|tar)$/i, '') : 'e.g. churn model from the CLI'} />
          </Field>
        </div>
        {importModel.isPending || progress > 0 ? (
          <div style={{ marginBottom: '1rem' }} aria-live="polite">
            <UploadProgress progress={progress} afterUpload="Uploaded — checking the bundle and loading its model…" />
          </div>
        ) : null}
        <ErrorMessage error={importModel.error} title="The model was not imported" />
      </form>
    </Dialog>
  );
}
