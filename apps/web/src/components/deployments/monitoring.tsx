'use client';
import { formatRelative } from '@/client/format';
import { useDrift, usePredictionLog } from '@/client/queries/deployments';
import { useSession } from '@/client/session';
import type { DeploymentDetail, DriftReport, PredictionLog } from '@/client/types';
import { ErrorMessage } from '../ui/error-message';
import { Skeleton } from '../ui/skeleton';

type FeatureDrift = DriftReport['features'][number];

const statusTone: Record<FeatureDrift['status'], string> = { stable: 'badge-ok', moderate: 'badge-warn', drift: 'badge-danger', insufficient: '', unmeasured: '' };
const statusText: Record<FeatureDrift['status'], string> = { stable: 'stable', moderate: 'moderate shift', drift: 'drift', insufficient: 'too few rows', unmeasured: 'not scored' };

/** A warning beside the deployment's name while an input drifts (PSI past the threshold). */
export function DriftBadge({ name }: { name: string }) {
  const drift = useDrift(name);
  const drifted = drift.data?.drifted ?? [];
  if (drifted.length === 0) return null;
  return <a href="#monitoring" className="badge badge-danger" data-testid="drift-badge" title="Inputs whose live distribution moved away from the training data">drift: {drifted.join(', ')}</a>;
}

/** Input drift against the training data, the shadow's agreement, and the newest logged requests. */
export function Monitoring({ deployment }: { deployment: DeploymentDetail }) {
  const { role } = useSession();
  const drift = useDrift(deployment.name);
  // Logged rows may hold personal data: members and admins see them (the API refuses viewers).
  const log = usePredictionLog(deployment.name, role !== 'viewer');
  return (
    <div data-testid="monitoring">
      {deployment.traffic.logPercent === 0 ? <p className="alert alert-info">Logging is off: set a logged share under Traffic to fill the drift report and the log below.</p> : null}
      <h3>Input drift</h3>
      <ErrorMessage error={drift.error} title="No drift report" />
      {drift.isPending ? <Skeleton lines={3} /> : drift.data ? <DriftTable report={drift.data} /> : null}
      {log.data ? <ShadowSummary log={log.data} /> : null}
      {log.data ? <RecentLog log={log.data} /> : null}
    </div>
  );
}

function DriftTable({ report }: { report: DriftReport }) {
  return (
    <>
      <p className="muted small">
        The newest {report.rows} logged rows against the profile of the data run {report.runId.slice(0, 8)} trained on. Population stability index:
        below {report.thresholds.moderate} stable, from {report.thresholds.drift} drift; scored from {report.thresholds.minRows} rows.
      </p>
      <div className="table-wrap">
        <table className="table compact" aria-label="Input drift">
          <thead><tr><th>Input</th><th>Type</th><th>Status</th><th className="num">PSI</th><th className="num">KS</th><th>Largest change</th></tr></thead>
          <tbody>
            {report.features.map((f) => {
              // With no live rows every bucket is "0% live": no change to name.
              const top = report.rows > 0 ? f.buckets[0] : undefined;
              return (
                <tr key={f.feature} data-feature={f.feature} data-status={f.status}>
                  <td>{f.column}</td>
                  <td><span className="type-tag">{f.type}</span></td>
                  <td><span className={`badge ${statusTone[f.status]}`} title={f.reason}>{statusText[f.status]}</span></td>
                  <td className="num">{f.psi === null ? '—' : f.psi.toFixed(3)}</td>
                  <td className="num">{f.ks === null ? '—' : f.ks.toFixed(3)}</td>
                  <td className="small">{f.reason && f.status === 'unmeasured' ? <span className="muted">{f.reason}</span> : top ? <>{top.label}: {share(top.training)} in training → {share(top.live)} live</> : '—'}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </>
  );
}

function ShadowSummary({ log }: { log: PredictionLog }) {
  if (log.shadow.entries === 0) return null;
  return (
    <>
      <h3 className="section-gap">Shadow vs. the answers returned</h3>
      <p className="muted small">{log.shadow.entries} mirrored requests{log.shadow.failed > 0 ? `, ${log.shadow.failed} of which the shadow failed` : ''}.</p>
      <div className="table-wrap">
        <table className="table compact" aria-label="Shadow agreement">
          <thead><tr><th>Output</th><th className="num">Rows</th><th className="num">Same prediction</th><th className="num">Mean abs. difference</th></tr></thead>
          <tbody>
            {log.shadow.outputs.map((o) => (
              <tr key={o.output}><td>{o.output}</td><td className="num">{o.rows}</td><td className="num">{share(o.agreement)}</td><td className="num">{o.meanAbsoluteDifference === null ? '—' : o.meanAbsoluteDifference.toPrecision(3)}</td></tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function RecentLog({ log }: { log: PredictionLog }) {
  const total = log.counts.primary + log.counts.canary + log.counts.shadow;
  return (
    <>
      <h3 className="section-gap">Logged requests</h3>
      <p className="muted small">{total} kept ({log.counts.primary} primary, {log.counts.canary} canary, {log.counts.shadow} shadow); the oldest are removed by age and count. <code>GET /api/deployments/&lt;name&gt;/predictions</code> pages through them.</p>
      {log.entries.length === 0 ? <p className="muted">Nothing logged yet.</p> : (
        <div className="table-wrap">
          <table className="table compact" aria-label="Logged requests">
            <thead><tr><th>When</th><th>Version</th><th className="num">Rows</th><th className="num">Latency</th><th>First row</th></tr></thead>
            <tbody>
              {log.entries.map((e) => (
                <tr key={e.id}>
                  <td className="nowrap muted">{formatRelative(e.createdAt)}</td>
                  <td><span className="badge plain">{e.role}</span> <span className="mono">{e.runId.slice(0, 8)}</span></td>
                  <td className="num">{e.rowCount}</td>
                  <td className="num">{e.latencyMs.toFixed(1)} ms</td>
                  <td className="mono small truncate" title={JSON.stringify(e.instances[0] ?? {})}>{e.error ? <span style={{ color: 'var(--danger)' }}>{e.error}</span> : JSON.stringify(e.instances[0] ?? {}).slice(0, 120)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

function share(value: number): string {
  return `${(value * 100).toFixed(value > 0 && value < 0.1 ? 1 : 0)}%`;
}
