'use client';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { formatDate, formatMetric, humanize } from '@/client/format';
import { useConfigSchema, useCreateVersion, useModel, useVersion, useVersionSplits } from '@/client/queries/models';
import { useRuns, useStartRun } from '@/client/queries/runs';
import { useStartStudy, useStudies } from '@/client/queries/studies';
import { useSession } from '@/client/session';
import { outputFeatures } from '@/client/test-statistics';
import type { ModelDetail, VersionDetail } from '@/client/types';
import { ConfigWorkspace, serverProblems } from '../config/config-workspace';
import { Card } from '../ui/card';
import { ErrorMessage } from '../ui/error-message';
import { PageHeader } from '../ui/page-header';
import { QueryState } from '../ui/query-state';
import { StatusBadge } from '../ui/status-badge';
import { KeyMetric } from '../runs/key-metric';
import { ExcludedColumns } from './excluded-columns';
import { SplitWarnings } from './split-warnings';

/** A version's config to read, edit (saved as a new version whose parent is this one) and train. */
export function VersionView({ modelId, versionId }: { modelId: string; versionId: string }) {
  const model = useModel(modelId);
  const version = useVersion(modelId, versionId);
  const schema = useConfigSchema();
  return (
    <QueryState query={model} lines={8}>
      {(m) => (
        <QueryState query={version} lines={8}>
          {(v) => <QueryState query={schema} lines={8}>{(s) => <VersionEditor key={v.id} model={m} version={v} schema={s} />}</QueryState>}
        </QueryState>
      )}
    </QueryState>
  );
}

const sentence = (text: string) => (/[.!?]$/.test(text) ? text : `${text}.`);

function VersionEditor({ model, version, schema }: { model: ModelDetail; version: VersionDetail; schema: NonNullable<ReturnType<typeof useConfigSchema>['data']> }) {
  const router = useRouter();
  const { canEdit } = useSession();
  const [text, setText] = useState(version.config);
  const [message, setMessage] = useState('');
  const save = useCreateVersion(model.id);
  const train = useStartRun();
  const search = useStartStudy();
  const runs = useRuns({ versionId: version.id });
  const studies = useStudies(version.id);
  // A version whose config has a hyperopt section can be searched as well as trained.
  const searchable = (version.resolvedConfig as { hyperopt?: unknown }).hyperopt != null;
  const changed = text !== version.config;
  const latest = model.versions.at(-1)?.version ?? version.version;
  const parent = model.versions.find((v) => v.id === version.parentVersionId);
  // Training needs the model's dataset: imported models (and those whose dataset was deleted) have none.
  const trainable = model.datasetId !== null;
  // The saved version's own split on the dataset: what "Train" would give each split.
  const splits = useVersionSplits(model.id, version.id, trainable);

  const saveVersion = async (thenTrain: boolean) => {
    const created = await save.mutateAsync({ config: text, parentVersionId: version.id, message: message.trim() || undefined });
    if (thenTrain) {
      const run = await train.mutateAsync({ versionId: created.versionId });
      router.push(`/runs/${run.id}`);
    } else {
      router.push(`/models/${model.id}/versions/${created.versionId}`);
    }
  };
  // An edit after a refused save makes its error stale: the next save checks the new text again.
  const edit = (next: string) => {
    setText(next);
    if (save.isError) save.reset();
  };
  const trainThis = () => train.mutate({ versionId: version.id }, { onSuccess: (run) => router.push(`/runs/${run.id}`) });
  const searchThis = () => search.mutate({ versionId: version.id }, { onSuccess: (study) => router.push(`/studies/${study.id}`) });
  const busy = save.isPending || train.isPending || search.isPending;

  return (
    <>
      <PageHeader
        crumbs={[{ href: '/models', label: 'Models' }, { href: `/models/${model.id}`, label: model.name }]}
        title={<>{model.name} <span className="faint">v{version.version}</span></>}
        description={<>{sentence(version.message ?? 'No message')} Saved {formatDate(version.createdAt)}{parent ? <> from <Link href={`/models/${model.id}/versions/${parent.id}`}>v{parent.version}</Link></> : null}.</>}
        actions={canEdit && !changed && trainable ? (
          <>
            {searchable ? <button type="button" className="btn" onClick={searchThis} disabled={busy}>{search.isPending ? 'Starting…' : 'Search hyperparameters'}</button> : null}
            <button type="button" className="btn btn-primary" onClick={trainThis} disabled={busy}>{train.isPending ? 'Starting…' : `Train v${version.version}`}</button>
          </>
        ) : null}
      />
      {version.imported ? (
        <div className="alert alert-info" role="note">
          <strong>Imported model</strong>
          This is the config of a model bundle trained outside the platform. It has no dataset here, so it cannot be trained again; deploy its run to serve it.
        </div>
      ) : null}
      <div className="grid" style={{ gridTemplateColumns: 'minmax(0, 1fr) 320px', alignItems: 'start' }}>
        <div>
          {changed && canEdit ? (
            <div className="alert alert-info" role="status">
              <label htmlFor="version-message" className="label">Unsaved changes: saving makes version {latest + 1}, with v{version.version} as its parent.</label>
              <div className="row section-gap">
                <input id="version-message" className="input" style={{ flex: 1, minWidth: 200, width: 'auto' }} value={message} onChange={(e) => setMessage(e.target.value)} placeholder="What did you change? (optional)" />
                <button type="button" className="btn" onClick={() => edit(version.config)} disabled={busy}>Discard</button>
                <button type="button" className="btn" onClick={() => void saveVersion(false).catch(() => undefined)} disabled={busy}>Save version</button>
                {trainable ? <button type="button" className="btn btn-primary" onClick={() => void saveVersion(true).catch(() => undefined)} disabled={busy}>{busy ? 'Saving…' : 'Save and train'}</button> : null}
              </div>
            </div>
          ) : null}
          {!changed && splits.data?.splits ? <SplitWarnings splits={splits.data.splits} warnings={splits.data.warnings} /> : null}
          <ErrorMessage error={save.error ?? train.error ?? search.error} title={save.error ? 'The version was not saved' : search.error ? 'The search did not start' : undefined} locatedElsewhere={Boolean(save.error)} />
          <ConfigWorkspace text={text} onChange={edit} schema={schema} extraProblems={serverProblems(save.error)} readOnly={!canEdit} />
        </div>
        <div className="stack">
          <ExcludedColumns datasetId={model.datasetId} targets={outputFeatures(version.resolvedConfig).map((o) => o.name)} />
          <Card title="Runs of this version" flush>
            {runs.data && runs.data.length > 0 ? (
              <table className="table compact"><tbody>
                {runs.data.map((r) => (
                  <tr key={r.id}><td><Link className="mono" href={`/runs/${r.id}`}>{r.id.slice(0, 8)}</Link></td><td><StatusBadge status={r.status} /></td><td className="num small"><KeyMetric metric={r.keyMetric} /></td></tr>
                ))}
              </tbody></table>
            ) : <p className="muted" style={{ padding: '1rem', margin: 0 }}>{trainable ? 'Not trained yet.' : 'No runs: this model has no dataset to train on.'}</p>}
          </Card>
          {searchable || (studies.data?.length ?? 0) > 0 ? (
            <Card title="Hyperparameter studies" flush>
              {studies.data && studies.data.length > 0 ? (
                <table className="table compact"><tbody>
                  {studies.data.map((s) => (
                    <tr key={s.id}><td><Link className="mono" href={`/studies/${s.id}`}>{s.id.slice(0, 8)}</Link></td><td><StatusBadge status={s.status} /></td><td className="num small">{typeof s.summary?.bestMetricScore === 'number' ? `${s.metric} ${formatMetric(s.summary.bestMetricScore)}` : ''}</td></tr>
                  ))}
                </tbody></table>
              ) : <p className="muted" style={{ padding: '1rem', margin: 0 }}>Not searched yet: the config's hyperopt section says what to search.</p>}
            </Card>
          ) : null}
          <Card title="Other versions">
            <div className="row">
              {model.versions.map((v) => <Link key={v.id} className={`btn btn-small${v.id === version.id ? ' btn-primary' : ''}`} href={`/models/${model.id}/versions/${v.id}`}>v{v.version}</Link>)}
            </div>
            {parent ? <p className="section-gap small"><Link href={`/models/${model.id}/diff?from=${parent.id}&to=${version.id}`}>What changed since v{parent.version}</Link></p> : null}
          </Card>
        </div>
      </div>
    </>
  );
}
