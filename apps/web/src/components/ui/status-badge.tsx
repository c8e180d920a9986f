const tone: Record<string, string> = {
  completed: 'badge-ok', ready: 'badge-ok', active: 'badge-ok', accepted: 'badge-ok',
  running: 'badge-info badge-live', profiling: 'badge-info badge-live', uploading: 'badge-info badge-live', queued: 'badge-warn', waiting: 'badge-warn', pending: 'badge-warn',
  failed: 'badge-danger', cancelled: 'badge-danger', revoked: 'badge-danger', inactive: '',
};

/** A status word with its colour (runs, datasets, deployments, jobs). */
export function StatusBadge({ status }: { status: string }) {
  return <span className={`badge ${tone[status] ?? ''}`} data-status={status}>{status}</span>;
}
