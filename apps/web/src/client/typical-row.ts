import type { ColumnProfile } from './types';

/** A typical value of a column as text: the mean of a number column, else its most frequent value (none for images and audio). */
export function typicalValue(column: ColumnProfile | undefined, type: string): string {
  // An image or recording travels as a data URI the user picks: a path from the training table names a file /predict never reads.
  if (!column || type === 'image' || type === 'audio') return '';
  const numeric = column.stats.numeric as { mean?: number } | undefined;
  if (type === 'number' && numeric?.mean !== undefined) return String(Number(numeric.mean.toPrecision(4)));
  return column.topValues.find((t) => t.value !== '')?.value ?? '';
}

/**
 * Form text → the JSON value `/predict` expects (numbers for number inputs). Empty means missing,
 * sent as null: the model fills it as its preprocessing says (`missing_value_strategy`), where an
 * absent key would be refused as a feature left out.
 */
export function instanceFrom(inputs: { column: string; type: string }[], text: (input: { column: string; type: string }) => string): Record<string, unknown> {
  const instance: Record<string, unknown> = {};
  for (const input of inputs) {
    const raw = text(input).trim();
    instance[input.column] = raw === '' ? null : input.type === 'number' && !Number.isNaN(Number(raw)) ? Number(raw) : raw;
  }
  return instance;
}

/** A number field's text that is neither a number nor empty (missing), for the form to say so before sending. */
export function notANumber(type: string, text: string): boolean {
  const raw = text.trim();
  return type === 'number' && raw !== '' && !Number.isFinite(Number(raw));
}
