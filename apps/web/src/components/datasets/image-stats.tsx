import { formatCount, formatPercent } from '@/client/format';
import type { ColumnProfile } from '@/client/types';

type ImageStats = NonNullable<ColumnProfile['image']>;

const channelWords: Record<number, string> = { 1: 'gray', 2: 'gray + alpha', 3: 'RGB', 4: 'RGBA' };

/** The first pictures of an image column as thumbnails (stored by the profile job), with what they share. */
export function ImageThumbnails({ datasetId, position, name, image }: { datasetId: string; position: number; name: string; image: ImageStats }) {
  if (image.thumbnails === 0) return null;
  return (
    <div className="row" style={{ gap: '0.35rem', flexWrap: 'wrap', marginBottom: '0.5rem' }} data-testid={`thumbnails-${name}`}>
      {Array.from({ length: image.thumbnails }, (_, n) => (
        // eslint-disable-next-line @next/next/no-img-element -- an authenticated API image, not a static asset
        <img key={n} src={`/api/datasets/${datasetId}/thumbnails/${position}/${n}`} alt={`${name}, picture ${n + 1}`} width={48} height={48}
          style={{ objectFit: 'contain', imageRendering: 'pixelated', background: 'var(--surface-2, #f3f4f6)', border: '1px solid var(--border)' }} />
      ))}
    </div>
  );
}

/** Sizes and channels of the sampled pictures, and how many could not be read. */
export function ImageSummary({ image }: { image: ImageStats }) {
  const share = (count: number) => formatPercent(image.sampled === 0 ? 0 : count / image.sampled);
  const size = image.sizes[0];
  const channels = image.channels[0];
  return (
    <div className="small muted stack" style={{ gap: '0.2rem' }} data-testid="image-summary">
      {size ? <span>Size <strong>{size.width}×{size.height}</strong> ({share(size.count)} of {formatCount(image.sampled)} sampled{image.sizes.length > 1 ? `; ${image.sizes.length - 1} other size${image.sizes.length > 2 ? 's' : ''}` : ''})</span> : null}
      {channels ? <span>Channels <strong>{channels.channels} ({channelWords[channels.channels] ?? 'other'})</strong> ({share(channels.count)})</span> : null}
      {image.unreadable > 0 ? <span style={{ color: 'var(--danger)' }}>{formatCount(image.unreadable)} of {formatCount(image.sampled)} sampled could not be read (a missing file or a damaged picture)</span> : null}
    </div>
  );
}

/** Every size, channel count and encoding seen, for the column's own page. */
export function ImageStatsTable({ image }: { image: ImageStats }) {
  const rows = [
    ...image.sizes.map((s) => ['size', `${s.width}×${s.height}`, s.count] as const),
    ...image.channels.map((c) => ['channels', `${c.channels} (${channelWords[c.channels] ?? 'other'})`, c.count] as const),
    ...image.formats.map((f) => ['encoding', f.format, f.count] as const),
  ];
  return (
    <table className="table compact" aria-label="Pictures sampled">
      <thead><tr><th>of the first {formatCount(image.sampled)} pictures</th><th>value</th><th className="num">pictures</th></tr></thead>
      <tbody>{rows.map(([what, value, count]) => <tr key={`${what}-${value}`}><td>{what}</td><td>{value}</td><td className="num">{formatCount(count)}</td></tr>)}</tbody>
    </table>
  );
}
