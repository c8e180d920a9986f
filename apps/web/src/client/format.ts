/** Display formats shared by every page (one place, so numbers look the same everywhere). */

export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined) return '—';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

export function formatCount(n: number | null | undefined): string {
  return n === null || n === undefined ? '—' : n.toLocaleString('en-US');
}

export function formatPercent(fraction: number | null | undefined, digits = 1): string {
  if (fraction === null || fraction === undefined || !Number.isFinite(fraction)) return '—';
  return `${(fraction * 100).toFixed(digits).replace(/\.0+$/, '')}%`;
}

/** A metric value: 4 significant digits, small and large numbers in exponent form. */
export function formatMetric(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  if (value === 0) return '0';
  const abs = Math.abs(value);
  if (abs < 1e-3 || abs >= 1e6) return value.toExponential(2);
  return Number(value.toPrecision(4)).toString();
}

export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '—';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h ${String(m % 60).padStart(2, '0')}m`;
}

/** Seconds between two ISO times (the second defaults to now). */
export function secondsBetween(from: string | null | undefined, to?: string | null): number | null {
  if (!from) return null;
  return ((to ? Date.parse(to) : Date.now()) - Date.parse(from)) / 1000;
}

export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  return new Date(iso).toLocaleString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });
}

/** "3 minutes ago" for recent times, the date after a week. */
export function formatRelative(iso: string | null | undefined): string {
  if (!iso) return '—';
  const seconds = (Date.now() - Date.parse(iso)) / 1000;
  if (seconds < 45) return 'just now';
  const steps: [number, string][] = [[3600, 'minute'], [86400, 'hour'], [604800, 'day']];
  let unit = 60;
  for (const [limit, name] of steps) {
    if (seconds < limit) {
      const n = Math.max(1, Math.round(seconds / unit));
      return `${n} ${name}${n === 1 ? '' : 's'} ago`;
    }
    unit = limit;
  }
  return formatDate(iso);
}

/** `mean_absolute_error` → `Mean absolute error`; known abbreviations stay upper case. */
export function humanize(name: string): string {
  const upper: Record<string, string> = { roc_auc: 'ROC AUC', r2: 'R²', f1: 'F1', hits_at_k: 'Hits at k', ple: 'PLE', fc: 'FC' };
  if (upper[name]) return upper[name];
  const words = name.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Metrics where lower is better (for "best" highlighting). */
export function lowerIsBetter(metric: string): boolean {
  return /loss|error|huber/.test(metric);
}
