'use client';
import { queryKeys } from '@/client/queries/keys';
import { ConfirmDelete } from '../ui/confirm-delete';

/** Stops serving a deployment, after saying what that means. */
export function UndeployButton({ name, predictUrl, small = false, onDeleted }: { name: string; predictUrl: string; small?: boolean; onDeleted?: () => void }) {
  return (
    <ConfirmDelete
      path={`/api/deployments/${name}`}
      what={`deployment “${name}”`}
      dryRun={false}
      small={small}
      consequence={<>Requests to <code>{predictUrl}</code> stop being answered. The run and its trained model stay.</>}
      invalidate={[queryKeys.deployments]}
      onDeleted={onDeleted}
    />
  );
}
