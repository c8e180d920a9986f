'use client';
import { formatBytes } from '@/client/format';
import type { PredictResponse } from '@/client/queries/deployments';
import type { DeploymentBundle } from '@/client/queries/deployment-bundle';
import { answerDifferences } from '@/client/in-browser/compare-answers';

/**
 * The "Run in browser" switch of the playground: shown only for a model the browser may run (else
 * a muted note says why), with the state of loading the model into this browser.
 */
export function InBrowserToggle({ bundle, on, onChange, loading, error }: { bundle: DeploymentBundle | undefined; on: boolean; onChange: (on: boolean) => void; loading: boolean; error: unknown }) {
  if (!bundle) return null;
  if (!bundle.runnableInBrowser) return <p className="small muted" data-testid="in-browser-unavailable">{bundle.reason}</p>;
  return (
    <div className="stack" style={{ gap: '0.25rem' }}>
      <label className="small">
        <input type="checkbox" checked={on} onChange={(e) => onChange(e.target.checked)} /> Run in browser
        <span className="muted"> ({formatBytes(bundle.modelBytes)} model, computed on this device with onnxruntime-web)</span>
      </label>
      {on && loading ? <p className="small muted" role="status">Loading the model into your browser…</p> : null}
      {on && error ? <p className="small" style={{ color: 'var(--danger)' }} role="alert">The model could not run in your browser: {error instanceof Error ? error.message : String(error)}</p> : null}
    </div>
  );
}

/** Whether the browser's answer is the server's for the same row (numbers to 1e-5), and where it is not. */
export function ServerComparison({ server, browser }: { server: PredictResponse; browser: PredictResponse }) {
  // Explanations are the server's alone (occlusion re-runs); the answers are the predictions and row errors.
  const differences = answerDifferences({ predictions: server.predictions, errors: server.errors }, { predictions: browser.predictions, errors: browser.errors });
  return differences.length === 0 ? (
    <div className="alert alert-info" role="status" data-testid="server-comparison" data-match="true">Same answer as the server (every probability within 0.00001).</div>
  ) : (
    <div className="alert alert-error" role="alert" data-testid="server-comparison" data-match="false">
      <strong>The server answers differently</strong>
      <ul>{differences.slice(0, 10).map((d) => <li key={d}>{d}</li>)}</ul>
    </div>
  );
}
