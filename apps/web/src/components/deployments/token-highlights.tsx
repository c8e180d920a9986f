'use client';
import type { ReactNode } from 'react';
import type { TokenAttribution } from '@/client/queries/deployments';

/**
 * A text input as the model read it, each token (or run of tokens in a long text) shaded by its
 * occlusion attribution: green pushed towards the prediction, red away from it, stronger colour
 * for a larger change. The text between tokens (spaces) is shown as sent.
 */
export function TokenHighlights({ input, text, tokens, target }: { input: string; text: string; tokens: TokenAttribution[]; target: string }) {
  const scale = Math.max(1e-6, ...tokens.map((t) => Math.abs(t.attribution)));
  const pieces: ReactNode[] = [];
  let at = 0;
  tokens.forEach((t, i) => {
    if (t.start > at) pieces.push(text.slice(at, t.start));
    const strength = Math.abs(t.attribution) / scale;
    const colour = t.attribution >= 0 ? `rgba(22, 163, 74, ${0.12 + 0.6 * strength})` : `rgba(220, 38, 38, ${0.12 + 0.6 * strength})`;
    const sign = t.attribution >= 0 ? '+' : '−';
    pieces.push(
      <mark
        key={i} data-token={t.text} data-attribution={t.attribution}
        title={`“${t.text}”: ${sign}${Math.abs(t.attribution).toFixed(3)} — without it the score of ${target} ${t.attribution >= 0 ? 'drops' : 'rises'} by ${Math.abs(t.attribution).toFixed(3)}`}
        style={{ background: colour, color: 'inherit', borderRadius: 3, padding: '0 1px' }}
      >{text.slice(t.start, t.end)}</mark>,
    );
    at = t.end;
  });
  if (at < text.length) pieces.push(text.slice(at));
  return (
    <div className="section-gap" data-testid={`token-explanation-${input}`}>
      <div className="stat-label">Why, token by token: {input}</div>
      <p style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere', lineHeight: 1.8, margin: '0.25rem 0' }}>{pieces}</p>
      <p className="small muted">Green pushed towards {target}, red away from it (occlusion: each token removed in turn). Hover a token for its number.</p>
    </div>
  );
}
