export function ProgressBar({ fraction, label }: { fraction: number; label: string }) {
  const pct = Math.max(0, Math.min(100, fraction * 100));
  return (
    <div className={pct >= 100 ? 'progress done' : 'progress'} role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(pct)}>
      <div style={{ width: `${pct}%` }} />
    </div>
  );
}
