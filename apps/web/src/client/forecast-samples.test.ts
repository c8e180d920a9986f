import { describe, expect, it } from 'vitest';
import { forecastLines, outputForecasts, sampleMae } from './forecast-samples';

const artifact = {
  load_next: {
    input: 'load',
    samples: [
      { row: 7, history: [1, 2, 3], truth: [4, 5], forecast: [4.5, 4] },
      { row: 9, history: [2, 'x'], truth: [1], forecast: [1] },
    ],
  },
};

describe('forecast samples', () => {
  it('reads one output and drops malformed rows', () => {
    expect(outputForecasts(artifact, 'load_next')).toEqual({ input: 'load', samples: [artifact.load_next.samples[0]] });
    expect(outputForecasts(artifact, 'other')).toBeNull();
    expect(outputForecasts(null, 'load_next')).toBeNull();
    expect(outputForecasts({ load_next: { samples: [] } }, 'load_next')).toBeNull();
    expect(outputForecasts({ constructor: { samples: [] } }, 'constructor')).toBeNull();
  });

  it('lays the history before the origin and both horizons after it, joined at the last observed value', () => {
    const lines = forecastLines(artifact.load_next.samples[0] as never);
    expect(lines).toEqual([
      { key: 'history', label: 'history', points: [{ x: -2, y: 1 }, { x: -1, y: 2 }, { x: 0, y: 3 }] },
      { key: 'truth', label: 'true horizon', points: [{ x: 0, y: 3 }, { x: 1, y: 4 }, { x: 2, y: 5 }] },
      { key: 'forecast', label: 'forecast', points: [{ x: 0, y: 3 }, { x: 1, y: 4.5 }, { x: 2, y: 4 }] },
    ]);
    expect(sampleMae(artifact.load_next.samples[0] as never)).toBeCloseTo(0.75);
  });

  it('starts both horizons at step 1 when the row has no history', () => {
    const lines = forecastLines({ row: 0, history: [], truth: [2], forecast: [3] });
    expect(lines.map((l) => l.key)).toEqual(['truth', 'forecast']);
    expect(lines[1].points).toEqual([{ x: 1, y: 3 }]);
    expect(sampleMae({ row: 0, history: [], truth: [], forecast: [] })).toBeNull();
  });
});
