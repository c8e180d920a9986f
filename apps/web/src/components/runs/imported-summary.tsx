import { formatBytes, formatCount, formatDate } from '@/client/format';
import type { RunDetail } from '@/client/types';
import { Stat } from '../ui/stat';

/** What `summary.import` of an imported run holds (services/models/import-bundle.ts). */
interface ImportDetails {
  fileName?: string;
  archiveBytes?: number;
  formatVersion?: string;
  overtureVersion?: string | null;
  trainedAt?: string | null;
  backend?: string | null;
  parameters?: number | null;
}

export function importDetails(run: RunDetail): ImportDetails | null {
  const details = run.summary?.import;
  return run.imported && details && typeof details === 'object' ? (details as ImportDetails) : null;
}

/** The "training summary" of a run that was trained elsewhere: where it came from and how it was trained. */
export function ImportedSummary({ run }: { run: RunDetail }) {
  const details = importDetails(run) ?? {};
  return (
    <div data-testid="imported-summary">
      <div className="stats">
        <Stat label="Trained" value={<span className="small">{formatDate(details.trainedAt ?? run.finishedAt)}</span>} />
        <Stat label="Trained with" value={<span className="small">Overture {details.overtureVersion ?? '?'}{details.backend ? ` (${details.backend})` : ''}</span>} />
        <Stat label="Epochs" value={run.epoch || '—'} />
        <Stat label="Steps" value={run.step ? formatCount(run.step) : '—'} />
        <Stat label="Parameters" value={details.parameters ? formatCount(details.parameters) : '—'} />
      </div>
      <p className="muted small section-gap" style={{ marginBottom: 0 }}>
        Imported from <strong>{details.fileName ?? 'an archive'}</strong>{details.archiveBytes ? ` (${formatBytes(details.archiveBytes)})` : ''}, a model bundle of format {details.formatVersion ?? '?'} trained outside the platform; there is no dataset or training log for it here.
      </p>
    </div>
  );
}
