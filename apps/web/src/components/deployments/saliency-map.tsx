'use client';
import { formatMetric } from '@/client/format';
import type { ImageSaliency } from '@/client/queries/deployments';

/**
 * The picture that was sent with its saliency map laid over it: each patch tinted by how much
 * hiding it lowered the score of the prediction (green: it supported the prediction; red: hiding
 * it raised the score), in proportion to the largest change.
 */
export function SaliencyMap({ input, src, map, target }: { input: string; src: string; map: ImageSaliency; target: string }) {
  const largest = Math.max(1e-9, ...map.attributions.map(Math.abs));
  const top = map.attributions.indexOf(Math.max(...map.attributions));
  return (
    <figure className="section-gap" style={{ margin: 0 }} data-testid={`saliency-${input}`}>
      <div style={{ position: 'relative', width: 192, height: 192 }}>
        {/* eslint-disable-next-line @next/next/no-img-element -- a data URI the user picked */}
        <img src={src} alt={`${input} as sent`} width={192} height={192} style={{ objectFit: 'fill', imageRendering: 'pixelated', display: 'block' }} />
        <div style={{ position: 'absolute', inset: 0, display: 'grid', gridTemplateRows: `repeat(${map.rows}, 1fr)`, gridTemplateColumns: `repeat(${map.cols}, 1fr)` }}>
          {map.attributions.map((a, i) => (
            <div key={i} data-patch={i} title={`patch ${Math.floor(i / map.cols) + 1}, ${(i % map.cols) + 1}: ${formatMetric(a)}`}
              style={{ background: a >= 0 ? `rgba(22, 163, 74, ${(0.75 * a) / largest})` : `rgba(220, 38, 38, ${(0.75 * -a) / largest})`, outline: i === top ? '2px solid #facc15' : undefined }} />
          ))}
        </div>
      </div>
      <figcaption className="small muted">Where {input} mattered for “{target}”: each patch hidden in turn (green: it supported the answer; outlined: the most).</figcaption>
    </figure>
  );
}
