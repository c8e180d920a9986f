'use client';
import { formatCount, formatMetric, formatPercent } from '@/client/format';
import type { ColumnProfile } from '@/client/types';
import { HistogramChart } from '../charts/histogram-chart';
import { TopValuesChart } from '../charts/top-values-chart';
import { Card } from '../ui/card';
import { Stat } from '../ui/stat';

type TextStats = NonNullable<ColumnProfile['text']>;

/** How the profile tokenized a text column, in words a user reads next to the numbers. */
function tokenizerNote(text: TextStats): string {
  return `Tokenized with ${text.tokenizer}${text.lowercase ? ', lowercased' : ''} (Ludwig's text defaults).`;
}

/** One line for the column card: length and the share preprocessing would cut. */
export function TextCardSummary({ text }: { text: TextStats }) {
  return (
    <div className="row small muted" style={{ marginBottom: '0.5rem' }} data-text-summary>
      <span>Tokens <strong>{formatMetric(text.meanTokens)}</strong> avg, <strong>{formatCount(text.maxTokens)}</strong> max</span>
      <span title={`Rows longer than max_sequence_length ${text.maxSequenceLength} (start and stop symbols included)`}>
        Truncated <strong>{formatPercent(text.truncatedRatio)}</strong>
      </span>
    </div>
  );
}

/** Token length histogram (in the card's compact form). */
export function TokenLengthChart({ text, compact = false }: { text: TextStats; compact?: boolean }) {
  return <div data-chart-kind="token-lengths"><HistogramChart bins={text.lengthHistogram} compact={compact} /></div>;
}

/** The column page's text section: lengths, truncation, top tokens and examples. */
export function TextColumnCards({ text }: { text: TextStats }) {
  return (
    <>
      <Card title="Length in tokens">
        <div className="stats">
          <Stat label="Mean tokens" value={formatMetric(text.meanTokens)} />
          <Stat label="Max tokens" value={formatCount(text.maxTokens)} />
          <Stat label={`Truncated at ${text.maxSequenceLength}`} value={`${formatPercent(text.truncatedRatio)} (${formatCount(text.truncatedRows)} rows)`} />
        </div>
        <TokenLengthChart text={text} />
        <p className="small muted">
          {tokenizerNote(text)} Rows with more than {text.maxSequenceLength - 2} tokens exceed max_sequence_length {text.maxSequenceLength} (which counts
          the start and stop symbols) and are truncated in training; raise it in the feature&apos;s preprocessing to keep them whole.
        </p>
      </Card>
      <Card title="Most frequent tokens">
        {text.topTokens.length > 0 ? <TopValuesChart values={text.topTokens.map((t) => ({ value: t.token, count: t.count }))} limit={20} /> : <p className="muted">No tokens.</p>}
        {text.tokenDictionaryCapped ? (
          <p className="small muted">The column has more distinct tokens than the profile tracks; counts may be low by up to {formatCount(text.tokenCountError)}.</p>
        ) : null}
      </Card>
      <Card title="Examples">
        <ul className="stack" aria-label="Example values" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {text.examples.map((e, i) => <li key={i} className="small" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{e}</li>)}
        </ul>
      </Card>
    </>
  );
}
