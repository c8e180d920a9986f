/**
 * How a deployment's shadow compares with the version that answered, over logged shadow entries:
 * per output, the share of rows where the shadow predicted the same value (categories, binaries,
 * text) and, for numbers, the mean absolute difference. Rows either side failed are not compared.
 */
export interface OutputComparison {
  output: string;
  rows: number;
  /** Share of rows with the same prediction (numbers: equal within 1e-6 relative). */
  agreement: number;
  /** Numbers only. */
  meanAbsoluteDifference: number | null;
}

export interface ShadowComparison {
  entries: number;
  failed: number;
  outputs: OutputComparison[];
}

interface ShadowEntry {
  predictions: unknown[] | null;
  answeredPredictions: unknown[] | null;
  error: string | null;
}

export function compareShadow(entries: readonly ShadowEntry[]): ShadowComparison {
  const outputs = new Map<string, { rows: number; same: number; absolute: number; numeric: boolean }>();
  let failed = 0;
  for (const entry of entries) {
    if (entry.error || !entry.predictions || !entry.answeredPredictions) {
      failed += 1;
      continue;
    }
    entry.predictions.forEach((shadowRow, i) => {
      const answeredRow = entry.answeredPredictions![i];
      if (!isRecord(shadowRow) || !isRecord(answeredRow)) return;
      for (const [output, answered] of Object.entries(answeredRow)) {
        const a = predictedValue(answered), s = predictedValue(shadowRow[output]);
        if (a === undefined || s === undefined) continue;
        const stats = outputs.get(output) ?? { rows: 0, same: 0, absolute: 0, numeric: typeof a === 'number' };
        stats.rows += 1;
        if (typeof a === 'number' && typeof s === 'number') {
          stats.absolute += Math.abs(a - s);
          if (Math.abs(a - s) <= 1e-6 * Math.max(1, Math.abs(a))) stats.same += 1;
        } else if (JSON.stringify(a) === JSON.stringify(s)) stats.same += 1;
        outputs.set(output, stats);
      }
    });
  }
  return {
    entries: entries.length, failed,
    outputs: [...outputs].map(([output, s]) => ({
      output, rows: s.rows, agreement: s.rows === 0 ? 0 : s.same / s.rows, meanAbsoluteDifference: s.numeric && s.rows > 0 ? s.absolute / s.rows : null,
    })),
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** An output's answer object (`{prediction, probabilities, …}`): its `prediction` value. */
function predictedValue(answer: unknown): unknown {
  return isRecord(answer) ? answer.prediction : undefined;
}
