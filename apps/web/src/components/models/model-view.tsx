'use client';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { formatDate } from '@/client/format';
import { queryKeys } from '@/client/queries/keys';
import { useModel } from '@/client/queries/models';
import { useSession } from '@/client/session';
import type { ModelDeleteSummary, ModelDetail } from '@/client/types';
import { RunsList } from '../runs/runs-list';
import { Card } from '../ui/card';
import { ConfirmDelete } from '../ui/confirm-delete';
import { PageHeader } from '../ui/page-header';
import { QueryState } from '../ui/query-state';
import { ForkButton } from './fork-button';
import { Lineage } from './lineage';
import { ModelCardPanel } from './model-card';

export function ModelView({ id }: { id: string }) {
  const model = useModel(id);
  return <QueryState query={model} lines={8}>{(m) => <ModelPage model={m} />}</QueryState>;
}

function ModelPage({ model }: { model: ModelDetail }) {
  const router = useRouter();
  const { canEdit } = useSession();
  const latest = model.versions.at(-1);
  const imported = model.versions.some((v) => v.imported);
  return (
    <>
      <PageHeader
        crumbs={[{ href: '/models', label: 'Models' }]}
        title={imported ? <span className="row">{model.name} <span className="badge badge-info plain">imported</span></span> : model.name}
        description={<>{model.versions.length} version{model.versions.length === 1 ? '' : 's'}, created {formatDate(model.createdAt)}{model.datasetId ? <> on <Link href={`/datasets/${model.datasetId}`}>its dataset</Link></> : imported ? '' : ' (its dataset was deleted)'}.{imported && model.description ? <> {model.description}</> : null}</>}
        actions={(
          <>
            {latest ? <Link className="btn btn-primary" href={`/models/${model.id}/versions/${latest.id}`}>Open v{latest.version}</Link> : null}
            {canEdit ? <ForkButton modelId={model.id} name={model.name} /> : null}
            {canEdit ? (
              <ConfirmDelete<ModelDeleteSummary>
                path={`/api/models/${model.id}`}
                what={`model “${model.name}”`}
                describe={(d) => <>This deletes the model, its {d.versions} version{d.versions === 1 ? '' : 's'} and {d.runs} run{d.runs === 1 ? '' : 's'} with their trained models and files. The dataset stays.</>}
                invalidate={[queryKeys.modelsAll, queryKeys.runsAll]}
                onDeleted={() => router.push('/models')}
              />
            ) : null}
          </>
        )}
      />
      <div className="grid" style={{ gridTemplateColumns: 'minmax(280px, 1fr) 2fr', alignItems: 'start' }}>
        <Card title="Versions" description={imported ? 'Version 1 is the config of the imported bundle. It has no dataset here, so it is deployed, not retrained; edits become child versions.' : 'Each version is immutable; edits become a child version.'}>
          <Lineage modelId={model.id} versions={model.versions} />
        </Card>
        <DiffPicker model={model} />
      </div>
      <RunsList modelId={model.id} />
      <ModelCardPanel modelId={model.id} />
    </>
  );
}

function DiffPicker({ model }: { model: ModelDetail }) {
  const router = useRouter();
  const versions = model.versions;
  const [from, setFrom] = useState(versions.at(-2)?.id ?? versions[0]?.id ?? '');
  const [to, setTo] = useState(versions.at(-1)?.id ?? '');
  return (
    <Card title="Compare versions" description="See what changed in the config between two versions.">
      {versions.length < 2 ? <p className="muted">There is one version so far. Edit its config to make a second.</p> : (
        <div className="row" style={{ alignItems: 'flex-end' }}>
          <div className="field"><label htmlFor="diff-from">From</label><select id="diff-from" className="input" value={from} onChange={(e) => setFrom(e.target.value)}>{versions.map((v) => <option key={v.id} value={v.id}>v{v.version}</option>)}</select></div>
          <div className="field"><label htmlFor="diff-to">To</label><select id="diff-to" className="input" value={to} onChange={(e) => setTo(e.target.value)}>{versions.map((v) => <option key={v.id} value={v.id}>v{v.version}</option>)}</select></div>
          <button type="button" className="btn" style={{ marginBottom: '0.9rem' }} disabled={from === to} onClick={() => router.push(`/models/${model.id}/diff?from=${from}&to=${to}`)}>Show the differences</button>
        </div>
      )}
    </Card>
  );
}
