import { readFileSync } from 'node:fs';
import path from 'node:path';
import { getRunMetrics, type Database, type Run } from '@overture/db';
import { expect } from 'vitest';

/** Ludwig's training_statistics.json the run wrote into DATA_DIR. */
export function trainingStatistics(dataDir: string, runId: string): Record<string, Record<string, Record<string, number[]>>> {
  return JSON.parse(readFileSync(path.join(dataDir, 'runs', runId, 'output', 'training_statistics.json'), 'utf8'));
}

/**
 * Every evaluation metric of training_statistics.json is stored once per evaluation, in step
 * order, with the same values; and the step loss once per step, steps 1..totalSteps.
 */
export async function expectCompleteMetrics(db: Database, dataDir: string, run: Run): Promise<void> {
  const stats = trainingStatistics(dataDir, run.id);
  const series = await getRunMetrics(db, { runId: run.id, maxPoints: 1_000_000 });
  const byKey = new Map(series.map((s) => [`${s.split}/${s.output}/${s.metric}`, s]));
  let expectedSeries = 1;
  for (const split of ['training', 'validation', 'test']) {
    for (const [output, metrics] of Object.entries(stats[split] ?? {})) {
      for (const [metric, values] of Object.entries(metrics)) {
        expectedSeries++;
        const stored = byKey.get(`${split}/${output}/${metric}`);
        expect(stored?.points.map((p) => p.value), `${split}/${output}/${metric} of run ${run.id}`).toEqual(values);
        const steps = stored!.points.map((p) => p.step);
        expect(steps.every((s, i) => i === 0 || s > steps[i - 1])).toBe(true);
      }
    }
  }
  const stepLoss = byKey.get('training/combined/step_loss');
  expect(stepLoss?.points.map((p) => p.step)).toEqual(Array.from({ length: run.totalSteps! }, (_, i) => i + 1));
  expect(series).toHaveLength(expectedSeries);
}
