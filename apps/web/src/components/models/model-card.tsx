'use client';
import Link from 'next/link';
import { useQuery } from '@tanstack/react-query';
import { apiFetch } from '@/client/api';
import { formatMetric } from '@/client/format';
import { useRuns } from '@/client/queries/runs';
import { ImportanceChart } from '../charts/importance-chart';
import { Card } from '../ui/card';

type Split = 'training' | 'validation' | 'test';
const splits: Split[] = ['training', 'validation', 'test'];

/** The fields of the bundle's card.json this panel shows (packages/trainer/src/bundle/model-card-data.ts). */
interface ModelCardData {
  dataset: string | null;
  intended_use: string[];
  data: { rows: { total: number; used: number; dropped: number } | null; split: { method: string; detail: string; sizes: Record<Split, number> | null } | null };
  training: { epochs: number | null; best_epoch: number | null; stop_reason: string | null };
  metrics_per_split: { output: string; metric: string; values: Record<Split, number | null> }[];
  feature_importance: { output: string; metric: string; features: { feature: string; importance: number; std: number }[] } | null;
  limitations: string[];
}

const count = (n: number) => n.toLocaleString('en-US');

/** The model card of the model's newest completed run: what `overture describe` prints. */
export function ModelCardPanel({ modelId }: { modelId: string }) {
  const runs = useRuns({ modelId });
  const run = runs.data?.find((r) => r.status === 'completed');
  const card = useQuery({
    queryKey: ['runs', run?.id, 'card'],
    queryFn: () => apiFetch<{ card: unknown; markdown: string | null }>(`/api/runs/${run!.id}/card`),
    enabled: Boolean(run),
    staleTime: Infinity,
  });
  if (!run || !card.data?.markdown) return null;
  const data = card.data.card as ModelCardData | null;
  return (
    <Card id="model-card" title="Model card" description={<>From <Link href={`/runs/${run.id}`}>the newest completed run</Link>{data?.dataset ? <>, trained on {data.dataset}</> : null}.</>}>
      {data ? <ModelCardBody card={data} /> : <pre className="small" style={{ whiteSpace: 'pre-wrap' }}>{card.data.markdown}</pre>}
      {data ? (
        <details>
          <summary className="muted small">card.md</summary>
          <pre className="small" style={{ whiteSpace: 'pre-wrap' }}>{card.data.markdown}</pre>
        </details>
      ) : null}
    </Card>
  );
}

function ModelCardBody({ card: stored }: { card: ModelCardData }) {
  // card.json comes from a file on disk: tolerate a card written by another version with fields missing.
  const card: ModelCardData = {
    ...stored,
    intended_use: stored.intended_use ?? [], limitations: stored.limitations ?? [], metrics_per_split: stored.metrics_per_split ?? [],
    training: stored.training ?? { epochs: null, best_epoch: null, stop_reason: null },
    data: stored.data ?? { rows: null, split: null },
  };
  const { rows, split } = card.data;
  return (
    <div className="stack" data-testid="model-card">
      <h3>Intended use</h3>
      <ul>{card.intended_use.map((line) => <li key={line}>{line}</li>)}</ul>
      <h3>Data</h3>
      <p>
        {rows ? <>{count(rows.total)} rows read, {count(rows.used)} used{rows.dropped ? `, ${count(rows.dropped)} dropped` : ''}. </> : null}
        {split ? <>Split {split.method}: {split.detail}{split.sizes ? <> — {splits.map((s) => `${count(split.sizes![s])} ${s}`).join(', ')}.</> : '.'}</> : null}
      </p>
      {card.metrics_per_split.length ? (
        <>
          <h3>Metrics per split</h3>
          <p className="muted small">At epoch {card.training.best_epoch ?? '—'} of {card.training.epochs ?? '—'}, the weights the model keeps{card.training.stop_reason ? ` (stopped: ${card.training.stop_reason.replace('_', ' ')})` : ''}.</p>
          <div className="table-wrap">
            <table className="table" aria-label="Metrics per split">
              <thead><tr><th>output</th><th>metric</th>{splits.map((s) => <th key={s}>{s}</th>)}</tr></thead>
              <tbody>
                {card.metrics_per_split.map((m) => (
                  <tr key={`${m.output}.${m.metric}`}>
                    <td>{m.output}</td><td>{m.metric}</td>
                    {splits.map((s) => <td key={s}>{m.values[s] === null ? '—' : formatMetric(m.values[s]!)}</td>)}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
      {card.feature_importance ? (
        <>
          <h3>Feature importance</h3>
          <p className="muted small">How much {card.feature_importance.output} {card.feature_importance.metric} worsens when each input is shuffled.</p>
          <ImportanceChart features={card.feature_importance.features} metric={card.feature_importance.metric} />
        </>
      ) : null}
      <h3>Limitations</h3>
      <ul>{card.limitations.map((line) => <li key={line}>{line}</li>)}</ul>
    </div>
  );
}
