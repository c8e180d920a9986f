import { describe, expect, it } from 'vitest';
import { curvePoints } from './curve-chart';

describe('curvePoints', () => {
  it("keeps a precision–recall curve's ties at recall 1 in threshold order (the drop is drawn last)", () => {
    // By descending threshold, as the trainer writes it: recall reaches 1 at precision 0.87, then falls to 0.5.
    const points = curvePoints([0, 0.5, 0.95, 1, 1], [1, 1, 0.86, 0.87, 0.5]);
    expect(points.map((p) => p.y)).toEqual([1, 1, 0.86, 0.87, 0.5]);
  });

  it('turns round a curve given with x falling, keeping its ties in order', () => {
    const points = curvePoints([1, 1, 0.5, 0], [0.5, 0.87, 1, 1]);
    expect(points).toEqual([{ x: 0, y: 1 }, { x: 0.5, y: 1 }, { x: 1, y: 0.87 }, { x: 1, y: 0.5 }]);
  });

  it('sorts a ROC curve along the false positive rate', () => {
    expect(curvePoints([0, 0.5, 0.25, 1], [0, 0.9, 0.6, 1]).map((p) => p.x)).toEqual([0, 0.25, 0.5, 1]);
  });
});
