'use client';
import { featureTypes } from '@overture/config';
import { useOverrideColumnType } from '@/client/queries/datasets';
import { ErrorMessage } from '../ui/error-message';

/** A compact "change this column's type" picker for the train screen (the column card has the full one). */
export function ColumnTypeSelect({ datasetId, column, type }: { datasetId: string; column: string; type: string }) {
  const override = useOverrideColumnType(datasetId);
  return (
    <span className="row" style={{ gap: '0.4rem', display: 'inline-flex' }}>
      <select
        className="input"
        style={{ width: 'auto' }}
        aria-label={`Type of ${column}`}
        value={override.isPending ? override.variables.type : type}
        disabled={override.isPending}
        onChange={(e) => override.mutate({ column, type: e.target.value })}
      >
        {featureTypes.map((t) => <option key={t} value={t}>{t}</option>)}
      </select>
      <ErrorMessage error={override.error} />
    </span>
  );
}
