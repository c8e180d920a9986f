'use client';
import { formatCount, formatMetric, formatPercent } from '@/client/format';
import { useDataset, useDatasetColumns } from '@/client/queries/datasets';
import { useSession } from '@/client/session';
import { HistogramChart } from '../charts/histogram-chart';
import { TopValuesChart } from '../charts/top-values-chart';
import { Card } from '../ui/card';
import { EmptyState } from '../ui/empty-state';
import { PageHeader } from '../ui/page-header';
import { QueryState } from '../ui/query-state';
import { Stat } from '../ui/stat';
import { ImageStatsTable, ImageSummary, ImageThumbnails } from './image-stats';
import { TextColumnCards } from './text-stats';
import { TypeOverride } from './type-override';

/** Everything the profile knows about one column. */
export function ColumnView({ datasetId, name }: { datasetId: string; name: string }) {
  const { canEdit } = useSession();
  const dataset = useDataset(datasetId);
  const columns = useDatasetColumns(datasetId);
  return (
    <QueryState query={columns} lines={8}>
      {(list) => {
        const column = list.find((c) => c.name === name);
        const crumbs = [{ href: '/datasets', label: 'Datasets' }, { href: `/datasets/${datasetId}`, label: dataset.data?.name ?? 'Dataset' }];
        if (!column) return <><PageHeader crumbs={crumbs} title={name} /><EmptyState title="No such column">This dataset has no column named “{name}”.</EmptyState></>;
        const numeric = (column.stats.numeric ?? null) as { min: number; max: number; mean: number; std: number } | null;
        return (
          <>
            <PageHeader crumbs={crumbs} title={<span className="row">{column.name} <span className="type-tag">{column.inferredType}</span></span>} description={column.inferenceReason ?? undefined} />
            <div className="grid" style={{ gridTemplateColumns: 'minmax(260px, 1fr) 3fr', alignItems: 'start' }}>
              <Card title="Type and statistics">
                <TypeOverride datasetId={datasetId} column={column} disabled={!canEdit} />
                <div className="stats">
                  <Stat label="Missing" value={formatPercent(column.missingRatio)} />
                  <Stat label="Distinct" value={formatCount(column.distinctCount)} />
                  {numeric ? <><Stat label="Mean" value={formatMetric(numeric.mean)} /><Stat label="Std dev" value={formatMetric(numeric.std)} /><Stat label="Min" value={formatMetric(numeric.min)} /><Stat label="Max" value={formatMetric(numeric.max)} /></> : null}
                </div>
              </Card>
              <div className="stack">
                {column.histogram && column.histogram.length > 0 ? <Card title="Distribution"><HistogramChart bins={column.histogram} /></Card> : null}
                {column.text ? <TextColumnCards text={column.text} /> : null}
                {column.image ? (
                  <Card title="Pictures">
                    <ImageThumbnails datasetId={datasetId} position={column.position} name={column.name} image={column.image} />
                    <ImageSummary image={column.image} />
                    <div className="section-gap"><ImageStatsTable image={column.image} /></div>
                  </Card>
                ) : null}
                <Card title="Most frequent values">
                  {column.topValues.length > 0 ? <TopValuesChart values={column.topValues} /> : <p className="muted">No values recorded.</p>}
                </Card>
              </div>
            </div>
          </>
        );
      }}
    </QueryState>
  );
}
