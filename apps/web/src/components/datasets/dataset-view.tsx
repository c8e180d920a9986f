'use client';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { formatBytes, formatCount, formatDate } from '@/client/format';
import { useDataset, useDatasetColumns } from '@/client/queries/datasets';
import { queryKeys } from '@/client/queries/keys';
import { useModels } from '@/client/queries/models';
import { useSession } from '@/client/session';
import type { DatasetDetail, DeleteSummary } from '@/client/types';
import { Card } from '../ui/card';
import { ConfirmDelete } from '../ui/confirm-delete';
import { PageHeader } from '../ui/page-header';
import { QueryState } from '../ui/query-state';
import { Skeleton } from '../ui/skeleton';
import { Stat } from '../ui/stat';
import { StatusBadge } from '../ui/status-badge';
import { Tabs } from '../ui/tabs';
import { ColumnCard } from './column-card';
import { RowsPreview } from './rows-preview';
import { SqlSource, sqlSourceOf } from './sql-source';
import { TrainPanel } from './train-panel';
import { UploadForm } from './upload-form';

function describeDeletion(d: DeleteSummary) {
  const parts = [`${d.runs} run${d.runs === 1 ? '' : 's'} trained on it`, `${d.files} stored file${d.files === 1 ? '' : 's'} (${formatBytes(d.bytes)})`];
  return <>This deletes the dataset, {parts.join(' and ')}. {d.models > 0 ? `${d.models} model${d.models === 1 ? '' : 's'} built on it stay, without a dataset.` : ''}</>;
}

function describeSnapshot(d: DatasetDetail) {
  const source = sqlSourceOf(d);
  return `Snapshot of a ${source.database} query on ${source.server}, taken ${formatDate(d.createdAt)}`;
}

export function DatasetView({ id }: { id: string }) {
  const router = useRouter();
  const { canEdit } = useSession();
  const dataset = useDataset(id);
  return (
    <QueryState query={dataset} lines={6}>
      {(d) => (
        <>
          <PageHeader
            crumbs={[{ href: '/datasets', label: 'Datasets' }]}
            title={<span className="row">{d.name} <StatusBadge status={d.status} /></span>}
            description={d.source === 'sql' ? describeSnapshot(d) : `Uploaded ${formatDate(d.createdAt)}`}
            actions={canEdit ? <ConfirmDelete<DeleteSummary> path={`/api/datasets/${id}`} what={`dataset “${d.name}”`} describe={describeDeletion} invalidate={[queryKeys.datasets]} onDeleted={() => router.push('/datasets')} /> : null}
          />
          <div className="stats" style={{ marginBottom: '1rem' }}>
            <Stat label="Rows" value={formatCount(d.rowCount)} />
            <Stat label="Columns" value={formatCount(d.columns.length)} />
            <Stat label="Size" value={formatBytes(d.sizeBytes)} />
            <Stat label="Format" value={d.format?.toUpperCase() ?? '—'} />
          </div>
          {d.source === 'sql' ? <SqlSource key={d.id} dataset={d} canEdit={canEdit} /> : null}
          {d.status === 'failed' ? <div className="alert alert-error" role="alert"><strong>Profiling failed</strong>{d.error}</div> : null}
          {d.status === 'failed' && d.source === 'upload' && canEdit ? (
            <Card title="Upload a corrected file" description="Fix the file and upload it again; it becomes a new dataset (delete this one when you no longer need it).">
              <UploadForm />
            </Card>
          ) : null}
          {d.status === 'profiling' || d.status === 'uploading' ? (
            <Card title="Profiling the columns…" description="Counting values, finding types and drawing histograms. This page updates by itself."><Skeleton lines={4} /></Card>
          ) : null}
          {d.status === 'ready' ? <ReadyDataset dataset={d} canEdit={canEdit} /> : null}
        </>
      )}
    </QueryState>
  );
}

function ReadyDataset({ dataset, canEdit }: { dataset: DatasetDetail; canEdit: boolean }) {
  const [tab, setTab] = useState<'profile' | 'rows'>('profile');
  const columns = useDatasetColumns(dataset.id);
  return (
    <>
      {canEdit ? (
        <Card title="Train a model" description="Pick what to predict; Overture writes the config from the profile below.">
          <TrainPanel dataset={dataset} />
        </Card>
      ) : null}
      <DatasetModels datasetId={dataset.id} />
      <Tabs label="Dataset views" value={tab} onChange={setTab} tabs={[{ id: 'profile', label: 'Column profile' }, { id: 'rows', label: 'Rows' }]} />
      {tab === 'profile' ? (
        <QueryState query={columns} lines={6}>
          {(list) => <div className="grid grid-3">{list.map((c) => <ColumnCard key={c.name} datasetId={dataset.id} column={c} />)}</div>}
        </QueryState>
      ) : (
        <Card flush><RowsPreview datasetId={dataset.id} /></Card>
      )}
    </>
  );
}

function DatasetModels({ datasetId }: { datasetId: string }) {
  const models = useModels(datasetId);
  if (!models.data || models.data.length === 0) return null;
  return (
    <Card title="Models built on this dataset">
      <div className="row">
        {models.data.map((m) => <Link key={m.id} className="btn btn-small" href={`/models/${m.id}`}>{m.name} <span className="faint">v{m.latestVersion}</span></Link>)}
      </div>
    </Card>
  );
}
