import type { ModelCard } from './model-card-data.js';
import type { OutputCalibration } from '../calibration/report.js';

const fmt = (v: number | null) => (v === null ? '—' : Number.isInteger(v) ? String(v) : v.toFixed(4));
const count = (n: number) => n.toLocaleString('en-US');

function table(header: string[], rows: string[][]): string[] {
  return [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`)];
}

function calibrationLine(output: string, c: OutputCalibration): string {
  if ('skipped' in c) return `- ${output}: not calibrated (no validation rows to fit a temperature on)`;
  const scores = `validation NLL ${fmt(c.before.nll)} → ${fmt(c.after.nll)}, ECE ${fmt(c.before.ece)} → ${fmt(c.after.ece)}`;
  if (c.reverted) return `- ${output}: T = 1 kept (the fitted ${fmt(c.fitted_temperature)} ${c.reverted === 'ece_increased' ? 'raised the ECE' : 'did not lower the NLL'}; ${scores})`;
  return `- ${output}: temperature T = ${fmt(c.temperature)} (logits / T; ${scores} on ${count(c.rows)} rows)`;
}

/** card.md: the model card as Markdown, for people (README-style sections). */
export function renderModelCard(card: ModelCard): string {
  const { data, training } = card;
  // null marks a line this card has nothing for.
  const lines: (string | null)[] = [
    `# Model card: ${card.outputs.map((o) => o.name).join(', ')}`,
    '',
    `Trained ${card.created} with Overture ${card.overture_version} on the ${card.backend} backend (seed ${card.seed})${card.dataset ? ` from ${card.dataset}` : ''}.`,
    '',
    '## Intended use',
    ...card.intended_use.map((l) => `- ${l}`),
    '',
    '## Predicts',
    ...card.outputs.map((f) => `- **${f.name}** (${f.type})${f.dependencies.length ? `, conditioned on ${f.dependencies.join(', ')}` : ''}`),
    '',
    '## From',
    ...card.inputs.map((f) => `- ${f.name} (${f.type}, ${f.encoder} encoder)`),
    '',
    '## Data',
    data.rows ? `- ${count(data.rows.total)} rows read, ${count(data.rows.used)} used${data.rows.dropped ? `, ${count(data.rows.dropped)} dropped` : ''}` : null,
    `- split: ${data.split.method}, ${data.split.detail}`,
    ...(data.split.sizes ? table(['split', 'rows'], (['training', 'validation', 'test'] as const).map((s) => [s, count(data.split.sizes![s])])) : []),
    ...Object.entries(data.missing_values_filled).map(([f, n]) => `- ${f}: ${count(n)} missing values filled`),
    '',
    '## Training',
    `- ${count(card.parameters)} parameters; combiner ${training.combiner}`,
    `- batch size ${training.batch_size}, learning rate ${training.learning_rate}, optimizer ${training.optimizer}`,
    `- ${fmt(training.epochs)} epochs, ${fmt(training.steps)} steps; stopped: ${training.stop_reason ?? 'unknown'}`,
    training.best_epoch !== null ? `- weights of epoch ${training.best_epoch}${training.watched ? `, the best ${training.watched} on validation` : ''}` : null,
  ];
  if (card.metrics_per_split.length) {
    lines.push('', '## Metrics per split', '', `At the evaluation after step ${fmt(training.best_step)}, epoch ${fmt(training.best_epoch)}: the weights in this bundle.`, '');
    lines.push(...table(['output', 'metric', 'training', 'validation', 'test'], card.metrics_per_split.map((m) => [m.output, m.metric, fmt(m.values.training), fmt(m.values.validation), fmt(m.values.test)])));
  }
  if (card.test_metrics) {
    lines.push('', '## Test evaluation', '');
    for (const [output, metrics] of Object.entries(card.test_metrics)) {
      lines.push(`- ${output}: ${Object.entries(metrics).map(([k, v]) => `${k} ${fmt(v)}`).join(', ')}`);
    }
  }
  if (card.calibration) {
    lines.push('', '## Calibration', '', 'Probabilities are temperature-scaled (one T per output, fitted on the validation split after training): category predictions are unchanged; a binary threshold applies to the calibrated probability.', '');
    lines.push(...Object.entries(card.calibration).map(([output, c]) => calibrationLine(output, c)));
  }
  if (card.feature_importance) {
    const fi = card.feature_importance;
    lines.push('', '## Feature importance', '', `How much ${fi.output} ${fi.metric} worsens when each input is shuffled (mean of ${fi.repeats} shuffles; higher matters more).`, '');
    lines.push(...table(['input', 'importance', 'std'], fi.features.map((f) => [f.feature, fmt(f.importance), fmt(f.std)])));
  }
  lines.push('', '## Limitations', ...card.limitations.map((l) => `- ${l}`));
  return lines.filter((l): l is string => l !== null).filter((l, i, all) => !(l === '' && all[i - 1] === '')).join('\n') + '\n';
}
