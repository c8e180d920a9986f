'use client';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { useForkModel } from '@/client/queries/models';
import { Dialog } from '../ui/dialog';
import { ErrorMessage } from '../ui/error-message';
import { Field } from '../ui/field';

/** Copies the model's latest version into a new model of yours; its lineage points back here. */
export function ForkButton({ modelId, name }: { modelId: string; name: string }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [forkName, setForkName] = useState(`${name} (fork)`);
  const fork = useForkModel(modelId);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    fork.mutate({ name: forkName }, { onSuccess: (f) => router.push(`/models/${f.id}/versions/${f.versionId}`) });
  };
  return (
    <>
      <button type="button" className="btn" onClick={() => setOpen(true)}>Fork</button>
      <Dialog open={open} onClose={() => setOpen(false)} title="Fork this model" footer={(
        <>
          <button type="button" className="btn" onClick={() => setOpen(false)}>Cancel</button>
          <button type="submit" form="fork-form" className="btn btn-primary" disabled={fork.isPending || !forkName.trim()}>{fork.isPending ? 'Forking…' : 'Fork'}</button>
        </>
      )}>
        <form id="fork-form" onSubmit={submit}>
          <p className="muted">The latest version is copied into a new model you own. Its lineage points back to this one.</p>
          <Field id="fork-name" label="Name of the new model"><input id="fork-name" className="input" value={forkName} onChange={(e) => setForkName(e.target.value)} /></Field>
          <ErrorMessage error={fork.error} />
        </form>
      </Dialog>
    </>
  );
}
