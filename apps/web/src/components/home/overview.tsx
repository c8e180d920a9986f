'use client';
import Link from 'next/link';
import { useDatasets } from '@/client/queries/datasets';
import { useDeployments } from '@/client/queries/deployments';
import { useModels } from '@/client/queries/models';
import { useRuns } from '@/client/queries/runs';
import { useWorkers } from '@/client/queries/system';
import { useSession } from '@/client/session';
import { RunsTable } from '../runs/runs-table';
import { Card } from '../ui/card';
import { EmptyState } from '../ui/empty-state';
import { Skeleton } from '../ui/skeleton';
import { Stat } from '../ui/stat';

const steps = [
  { title: 'Add a dataset', text: 'Upload a CSV or snapshot a SQL query. Every column is profiled.', href: '/datasets/new' },
  { title: 'Pick what to predict', text: 'Overture writes the model config from the profile; train it in one click.', href: '/datasets' },
  { title: 'Read the results', text: 'Learning curves live, then test metrics and charts in plain words.', href: '/runs' },
  { title: 'Deploy and call it', text: 'Serve a model under a name and call POST /predict with an API key.', href: '/deployments' },
];

/** The start page: what exists, what runs now, and the four steps for a first model. */
export function Overview() {
  const { name, email } = useSession();
  const datasets = useDatasets();
  const models = useModels();
  const runs = useRuns();
  const deployments = useDeployments();
  const workers = useWorkers();
  const empty = datasets.isSuccess && datasets.data.length === 0;
  return (
    <>
      <header className="page-header"><div><h1>Welcome{name ? `, ${name}` : ''}</h1><p>Signed in as {email}.</p></div><div className="actions"><Link className="btn btn-primary" href="/datasets/new">Add a dataset</Link></div></header>
      <div className="stats" style={{ marginBottom: '1rem' }}>
        <Stat label="Datasets" value={datasets.data?.length ?? '…'} />
        <Stat label="Models" value={models.data?.length ?? '…'} />
        <Stat label="Runs" value={runs.data?.length ?? '…'} />
        <Stat label="Deployments" value={deployments.data?.length ?? '…'} />
        <Stat label="Workers online" value={workers.data?.length ?? '…'} />
      </div>
      {empty ? (
        <Card title="Your first model in four steps">
          <ol className="grid grid-2" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
            {steps.map((s, i) => (
              <li key={s.title} className="stat"><div className="stat-label">Step {i + 1}</div><Link href={s.href}><strong>{s.title}</strong></Link><div className="muted small">{s.text}</div></li>
            ))}
          </ol>
        </Card>
      ) : null}
      <Card title="Recent runs" flush actions={<Link className="btn btn-small" href="/runs">All runs</Link>}>
        {runs.isPending ? <div style={{ padding: '1rem' }}><Skeleton /></div> : runs.data && runs.data.length > 0 ? <RunsTable runs={runs.data.slice(0, 8)} /> : <EmptyState icon="↗" title="Nothing trained yet">Runs show up here as soon as you start one.</EmptyState>}
      </Card>
    </>
  );
}
