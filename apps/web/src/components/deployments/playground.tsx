'use client';
import { useMemo, useState, type FormEvent } from 'react';
import { formatMetric, formatPercent } from '@/client/format';
import { useDatasetColumns } from '@/client/queries/datasets';
import { useDeploymentBundle, useInBrowserModel, useInBrowserPredict } from '@/client/queries/deployment-bundle';
import { useDeployment, usePredict, type PredictResponse } from '@/client/queries/deployments';
import { useRun } from '@/client/queries/runs';
import type { DeploymentDetail } from '@/client/types';
import { anomalyWording, outputWording } from '@/client/output-wording';
import { generatedSteps, taggedSteps, type TaggedStep } from '@/client/tagged-steps';
import { instanceFrom, notANumber, typicalValue } from '@/client/typical-row';
import { ErrorMessage } from '../ui/error-message';
import { Field } from '../ui/field';
import { QueryState } from '../ui/query-state';
import { Skeleton } from '../ui/skeleton';
import { InBrowserToggle, ServerComparison } from './in-browser-mode';
import { MediaInput } from './media-input';
import { SaliencyMap } from './saliency-map';
import { TokenHighlights } from './token-highlights';

/** A form generated from the deployment's inputs, prefilled with a typical row of its training data. */
export function Playground({ name }: { name: string }) {
  const deployment = useDeployment(name);
  return <QueryState query={deployment}>{(d) => <PlaygroundForm deployment={d} />}</QueryState>;
}

function PlaygroundForm({ deployment }: { deployment: DeploymentDetail }) {
  const run = useRun(deployment.runId);
  const columns = useDatasetColumns(run.data?.datasetId ?? '', Boolean(run.data?.datasetId));
  const profile = useMemo(() => new Map((columns.data ?? []).map((c) => [c.name, c])), [columns.data]);
  const [values, setValues] = useState<Record<string, string>>({});
  // Text inputs are explained token by token, images patch by patch (one extra batch on the server each); other models are not asked to explain.
  const explained = deployment.inputs.some((input) => input.type === 'text' || input.type === 'image');
  const predict = usePredict(deployment.name, { explain: explained });
  const [sent, setSent] = useState<Record<string, unknown>>({});
  // In-browser mode: the model runs here on onnxruntime-web; the server is asked only to compare.
  const bundle = useDeploymentBundle(deployment.name, deployment.runId);
  const [inBrowser, setInBrowser] = useState(false);
  const browserModel = useInBrowserModel(bundle.data, inBrowser);
  const local = useInBrowserPredict(browserModel.data);
  const browserMode = inBrowser && Boolean(bundle.data?.runnableInBrowser);
  // The typical row comes from the training data's profile: wait for it (a missing profile leaves the fields empty).
  if (run.isPending || (columns.isPending && columns.fetchStatus !== 'idle')) return <Skeleton lines={4} />;
  // The training data's profile when the run has a dataset; else what the bundle's metadata says (imported models).
  const valueOf = (input: DeploymentDetail['inputs'][number]) => values[input.column] ?? (typicalValue(profile.get(input.column), input.type) || (input.typical ?? ''));
  const invalid = deployment.inputs.filter((input) => notANumber(input.type, valueOf(input)));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (invalid.length > 0) return;
    const instance = instanceFrom(deployment.inputs, (input) => valueOf(input as DeploymentDetail['inputs'][number]));
    setSent(instance);
    if (!browserMode) {
      predict.mutate([instance]);
      return;
    }
    predict.reset();
    local.mutate([instance]);
  };
  const switchMode = (on: boolean) => {
    setInBrowser(on);
    predict.reset();
    local.reset();
  };
  const busy = browserMode ? local.isPending || !browserModel.data : predict.isPending;
  return (
    <div className="grid grid-2" style={{ alignItems: 'start' }}>
      <form onSubmit={submit} aria-label="Prediction form">
        <div className="form-row">
          {deployment.inputs.map((input) => {
            const column = profile.get(input.column);
            const id = `input-${input.column}`;
            const options = column ? column.topValues.filter((t) => t.value !== '').slice(0, 50) : input.choices.map((value) => ({ value }));
            return (
              <Field key={input.column} id={id} label={<>{input.column} <span className="type-tag">{input.type}</span></>}>
                {input.type === 'binary' || (input.type === 'category' && options.length > 0 && options.length <= 30) ? (
                  <select id={id} className="input" value={valueOf(input)} onChange={(e) => setValues({ ...values, [input.column]: e.target.value })}>
                    <option value="">(missing)</option>
                    {options.map((o) => <option key={o.value} value={o.value}>{o.value}</option>)}
                  </select>
                ) : input.type === 'number' ? (
                  <NumberInput id={id} value={valueOf(input)} invalid={invalid.includes(input)} fallback={typicalValue(column, input.type) || (input.typical ?? '')} onChange={(value) => setValues({ ...values, [input.column]: value })} />
                ) : input.type === 'image' || input.type === 'audio' ? (
                  <MediaInput id={id} kind={input.type} value={valueOf(input)} onChange={(value) => setValues({ ...values, [input.column]: value })} />
                ) : input.type === 'text' ? (
                  <textarea id={id} className="input" rows={4} value={valueOf(input)} placeholder="(missing)" onChange={(e) => setValues({ ...values, [input.column]: e.target.value })} />
                ) : (
                  <input id={id} className="input" value={valueOf(input)} placeholder="(missing)" onChange={(e) => setValues({ ...values, [input.column]: e.target.value })} />
                )}
              </Field>
            );
          })}
        </div>
        {invalid.length > 0 ? <p className="small" style={{ color: 'var(--danger)' }} role="alert">{invalid.map((i) => i.column).join(', ')}: enter a number, or tick “missing”.</p> : null}
        <div className="row" style={{ gap: '1rem', alignItems: 'center' }}>
          <button type="submit" className="btn btn-primary" disabled={busy || invalid.length > 0}>{local.isPending || predict.isPending ? 'Predicting…' : 'Predict'}</button>
          <InBrowserToggle bundle={bundle.data} on={inBrowser} onChange={switchMode} loading={browserModel.isPending} error={browserModel.error} />
        </div>
      </form>
      <div aria-live="polite">
        {browserMode ? (
          <>
            <ErrorMessage error={local.error} title="No prediction" />
            {local.data ? (
              <div className="stack">
                <PredictionResult response={local.data.response} sent={sent} columns={new Map(deployment.inputs.map((i) => [i.name, i.column]))} types={new Map(deployment.outputs.map((o) => [o.name, o.type]))} decoders={new Map(deployment.outputs.map((o) => [o.name, o.decoder ?? '']))} source={`Computed in your browser in ${local.data.milliseconds.toFixed(1)} ms`} />
                <div className="row" style={{ gap: '0.75rem', alignItems: 'center' }}>
                  <button type="button" className="btn" disabled={predict.isPending} onClick={() => predict.mutate([sent])}>{predict.isPending ? 'Asking the server…' : 'Compare with server'}</button>
                </div>
                <ErrorMessage error={predict.error} title="The server did not answer" />
                {predict.data ? <ServerComparison server={predict.data} browser={local.data.response} /> : null}
              </div>
            ) : <p className="muted">Fill in the inputs and press Predict: the model runs in your browser, nothing is sent.</p>}
          </>
        ) : (
          <>
            <ErrorMessage error={predict.error} title="No prediction" />
            {predict.data ? <PredictionResult response={predict.data} sent={sent} columns={new Map(deployment.inputs.map((i) => [i.name, i.column]))} types={new Map(deployment.outputs.map((o) => [o.name, o.type]))} decoders={new Map(deployment.outputs.map((o) => [o.name, o.decoder ?? '']))} source="Computed on the server" /> : <p className="muted">Fill in the inputs (a typical row is there already) and press Predict.</p>}
          </>
        )}
      </div>
    </div>
  );
}

/**
 * A number field with a "(missing)" choice, as category fields have: ticking it sends null (the
 * model's missing-value strategy fills it); unticking brings back the typical value.
 */
function NumberInput({ id, value, invalid, fallback, onChange }: { id: string; value: string; invalid: boolean; fallback: string; onChange: (value: string) => void }) {
  const missing = value.trim() === '';
  return (
    <div className="row" style={{ gap: '0.5rem', flexWrap: 'nowrap' }}>
      <input
        id={id} className="input" inputMode="decimal" value={value} placeholder="(missing)"
        aria-invalid={invalid || undefined} onChange={(e) => onChange(e.target.value)}
      />
      <label className="small muted" style={{ whiteSpace: 'nowrap' }}>
        <input type="checkbox" checked={missing} onChange={(e) => onChange(e.target.checked ? '' : fallback || '0')} /> missing
      </label>
    </div>
  );
}

function PredictionResult({ response, sent, columns, types, decoders, source }: { response: PredictResponse; sent: Record<string, unknown>; columns: Map<string, string>; types: Map<string, string>; decoders: Map<string, string>; source: string }) {
  const row = response.predictions[0];
  const explanation = response.explanations?.[0] ?? null;
  if (!row) return <div className="alert alert-error" role="alert">{response.errors?.[0]?.message ?? 'This row could not be predicted.'}</div>;
  return (
    <div className="stack" data-testid="prediction-result">
      <p className="small muted" data-testid="prediction-source">{source}</p>
      {Object.entries(row).map(([output, result]) => {
        const wording = outputWording(types.get(output) ?? '');
        return (
        <div key={output} className="card" style={{ margin: 0 }}>
          <div className="card-body">
            <div className="stat-label">{output}</div>
            <div style={{ fontSize: '1.6rem', fontWeight: 650 }} data-testid={`prediction-${output}`}>{typeof result.anomaly_score === 'number' ? anomalyWording.predictionLabel(result.prediction === true) : Array.isArray(result.prediction) ? result.prediction.join(', ') : typeof result.prediction === 'number' ? formatMetric(result.prediction) : String(result.prediction)}</div>
            {typeof result.anomaly_score === 'number' ? <div className="muted" data-testid={`anomaly-score-${output}`}>{anomalyWording.scoreCaption(result.anomaly_score, null)}</div> : null}
            {typeof result.probability === 'number' ? <div className="muted" data-testid={`probability-${output}`}>{wording.probabilityCaption(result.probability)}</div> : null}
            {result.probabilities && wording.probabilitiesHeading ? <div className="stat-label section-gap">{wording.probabilitiesHeading}</div> : null}
            {result.probabilities ? (
              <table className="table compact section-gap">
                <tbody>
                  {Object.entries(result.probabilities).sort((a, b) => b[1] - a[1]).map(([label, p]) => (
                    <tr key={label}><td>{label}</td><td style={{ width: '55%' }}><span className="bar-inline" style={{ width: `${p * 100}%` }} /></td><td className="num">{formatPercent(p)}</td></tr>
                  ))}
                </tbody>
              </table>
            ) : null}
            {result.tokens && result.token_probabilities ? (
              decoders.get(output) === 'generator'
                ? <TaggedSteps output={output} steps={generatedSteps(result.tokens, result.token_probabilities)} heading="Token" />
                : <TaggedSteps output={output} steps={taggedSteps(result.tokens, result.token_probabilities, [...columns.values()].map((c) => sent[c]).find((v) => typeof v === 'string' || Array.isArray(v)))} heading="Tag" />
            ) : null}
            {Object.entries(explanation?.[output]?.images ?? {}).map(([input, map]) => {
              const src = sent[columns.get(input) ?? input];
              return typeof src === 'string' && src.startsWith('data:image/') ? <SaliencyMap key={input} input={input} src={src} map={map} target={String(explanation?.[output]?.target ?? output)} /> : null;
            })}
            {Object.entries(explanation?.[output]?.tokens ?? {}).map(([input, tokens]) => {
              const text = sent[columns.get(input) ?? input];
              return typeof text === 'string' ? <TokenHighlights key={input} input={input} text={text} tokens={tokens} target={String(explanation?.[output]?.target ?? output)} /> : null;
            })}
          </div>
        </div>
        );
      })}
      <details>
        <summary className="small muted">Answer as JSON</summary>
        <pre className="small" data-testid="answer-json">{JSON.stringify({ predictions: response.predictions, ...(response.errors ? { errors: response.errors } : {}) }, null, 2)}</pre>
      </details>
    </div>
  );
}

/**
 * A tagger's answer step by step: the word (when the text splits into as many), its tag and the
 * tag's probability; a generator's: each token it wrote and its probability.
 */
function TaggedSteps({ output, steps, heading }: { output: string; steps: TaggedStep[]; heading: 'Tag' | 'Token' }) {
  if (steps.length === 0) return <p className="muted small">{heading === 'Tag' ? 'No token was tagged.' : 'No token was written.'}</p>;
  const words = steps.some((s) => s.word !== null);
  return (
    <table className="table compact section-gap" data-testid={`tags-${output}`}>
      <thead><tr>{words ? <th>Word</th> : null}<th>{heading}</th><th className="num">Probability</th></tr></thead>
      <tbody>
        {steps.map((s, i) => (
          <tr key={i}>{words ? <td>{s.word}</td> : null}<td>{s.tag}</td><td className="num">{formatPercent(s.probability)}</td></tr>
        ))}
      </tbody>
    </table>
  );
}
