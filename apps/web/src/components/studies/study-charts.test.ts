import { describe, expect, it } from 'vitest';
import type { StudyTrial } from '@/client/types';
import { axisOf, bestSoFar } from './study-charts';

const trial = (index: number, metricScore: number | null, finishedAt: string | null): StudyTrial => ({
  id: `t${index}`, index, status: finishedAt ? 'completed' : 'running', parameters: {}, runId: null, metricScore, reports: [], stoppedBy: null,
  error: null, createdAt: '2026-01-01T00:00:00.000Z', finishedAt, runStatus: null, progressPct: null,
});

describe('study charts', () => {
  it('draws the best score so far in the order trials ended, skipping running and unscored trials', () => {
    const trials = [trial(0, 0.7, '2026-01-01T00:00:03Z'), trial(1, 0.9, '2026-01-01T00:00:01Z'), trial(2, 0.8, '2026-01-01T00:00:02Z'), trial(3, 0.95, null), trial(4, null, '2026-01-01T00:00:04Z')];
    expect(bestSoFar(trials, 'maximize')).toEqual([{ x: 1, y: 0.9 }, { x: 2, y: 0.9 }, { x: 3, y: 0.9 }]);
    expect(bestSoFar(trials, 'minimize')).toEqual([{ x: 1, y: 0.9 }, { x: 2, y: 0.8 }, { x: 3, y: 0.7 }]);
  });

  it('puts a learning rate spanning decades on a log axis, a narrow range on a linear one, and anything else as categories', () => {
    const rate = axisOf('trainer.learning_rate', [0.001, 0.01, 0.1]);
    expect(rate.name).toBe('trainer.learning_rate (log)');
    expect(rate.position(0.01)).toBeCloseTo(0.5, 10);
    const size = axisOf('combiner.output_size', [8, 12, 16]);
    expect(size.name).toBe('combiner.output_size');
    expect(size.position(12)).toBe(0.5);
    const encoder = axisOf('color.encoder.type', ['dense', 'sparse', 'dense', { type: 'x' }]);
    expect(encoder.ticks.map((t) => [t.at, t.label])).toEqual([[0, 'dense'], [0.5, 'sparse'], [1, '{"type":"x"}']]);
    expect(encoder.position('sparse')).toBe(0.5);
    expect(encoder.position(undefined)).toBeNull();
    expect(axisOf('x', [3, 3]).position(3)).toBe(0.5);
  });
});
