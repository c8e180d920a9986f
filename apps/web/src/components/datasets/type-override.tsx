'use client';
import { featureTypes } from '@overture/config';
import { useOverrideColumnType } from '@/client/queries/datasets';
import type { ColumnProfile } from '@/client/types';
import { ErrorMessage } from '../ui/error-message';
import { Field } from '../ui/field';

/** The column's feature type; changing it overrides what inference chose (new models use it). */
export function TypeOverride({ datasetId, column, disabled }: { datasetId: string; column: ColumnProfile; disabled: boolean }) {
  const override = useOverrideColumnType(datasetId);
  return (
    <>
      <Field id="column-type" label="Feature type" help={column.inferredBy ? `You chose this; inference said ${column.inferredBy}.` : column.inferenceReason ?? undefined}>
        <select
          id="column-type"
          className="input"
          value={override.isPending ? override.variables.type : column.inferredType}
          disabled={disabled || override.isPending}
          onChange={(e) => override.mutate({ column: column.name, type: e.target.value })}
        >
          {featureTypes.map((t) => <option key={t} value={t}>{t}</option>)}
        </select>
      </Field>
      {override.isSuccess ? <div className="alert alert-ok" role="status">Saved. New models of this dataset treat {column.name} as {override.data.inferredType}.</div> : null}
      <ErrorMessage error={override.error} />
    </>
  );
}
