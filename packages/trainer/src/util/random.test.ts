import { describe, expect, it } from 'vitest';
import { SeededRandom } from './random.js';

describe('SeededRandom', () => {
  it('replays the same stream from a saved state', () => {
    const a = new SeededRandom(42);
    a.next();
    const saved = a.getState();
    const expected = [a.next(), a.next(), a.nextInt(10)];
    const b = new SeededRandom(0);
    b.setState(saved);
    expect([b.next(), b.next(), b.nextInt(10)]).toEqual(expected);
  });

  it('produces a permutation containing every index once', () => {
    const p = Array.from(new SeededRandom(7).permutation(100)).sort((x, y) => x - y);
    expect(p).toEqual(Array.from({ length: 100 }, (_, i) => i));
  });

  it('gives different streams for different seeds', () => {
    expect(new SeededRandom(1).next()).not.toBe(new SeededRandom(2).next());
  });
});
