'use client';
import type { QueryKey } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { useDeletePreview, useDeleteResource } from '@/client/queries/housekeeping';
import { Dialog } from './dialog';
import { ErrorMessage } from './error-message';
import { Skeleton } from './skeleton';

/**
 * A delete button whose confirmation says what goes: it asks the API (`?dryRun=true`) before the
 * user confirms. `describe` turns that answer into a sentence; without it, `consequence` is shown.
 */
export function ConfirmDelete<T>({ path, what, describe, consequence, invalidate, onDeleted, dryRun = true, small = false }: {
  path: string;
  what: string;
  describe?: (preview: T) => ReactNode;
  consequence?: ReactNode;
  invalidate: QueryKey[];
  onDeleted?: () => void;
  dryRun?: boolean;
  small?: boolean;
}) {
  const [open, setOpen] = useState(false);
  const preview = useDeletePreview<T>(path, open && dryRun);
  const remove = useDeleteResource(path, invalidate);
  const confirm = async () => {
    try {
      await remove.mutateAsync();
    } catch {
      return; // the dialog shows the error
    }
    setOpen(false);
    onDeleted?.();
    await remove.refresh();
  };
  const blocked = dryRun && !preview.isSuccess;
  return (
    <>
      <button type="button" className={`btn btn-danger${small ? ' btn-small' : ''}`} onClick={() => setOpen(true)}>Delete</button>
      <Dialog
        open={open}
        onClose={() => { setOpen(false); remove.reset(); }}
        title={`Delete ${what}?`}
        footer={(
          <>
            <button type="button" className="btn" onClick={() => setOpen(false)}>Keep it</button>
            <button type="button" className="btn btn-danger-solid" onClick={() => void confirm()} disabled={blocked || remove.isPending}>
              {remove.isPending ? 'Deleting…' : 'Delete for good'}
            </button>
          </>
        )}
      >
        {dryRun && preview.isPending ? <Skeleton lines={2} /> : null}
        {dryRun && preview.isError ? <ErrorMessage error={preview.error} title="It cannot be deleted now" /> : null}
        {(!dryRun || preview.isSuccess) ? (
          <div className="alert alert-warn" data-testid="delete-consequence">
            {preview.isSuccess && describe ? describe(preview.data) : consequence}
            <div className="small">This cannot be undone.</div>
          </div>
        ) : null}
        <ErrorMessage error={remove.error} />
      </Dialog>
    </>
  );
}
