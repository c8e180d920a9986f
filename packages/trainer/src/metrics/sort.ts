/**
 * Sorting float32 scores fast enough to run rank metrics every epoch. A comparison sort of
 * 100k rows costs ~7 ms in V8, so one-vs-rest ROC AUC over 10 classes would eat the whole
 * budget; an LSD radix sort on the IEEE-754 bit pattern is linear and ~10× faster.
 */

/** Scores sorted ascending with the row each came from; `keys` compare like the scores. */
export interface SortedScores {
  /** Order-preserving uint32 image of each sorted score: equal scores have equal keys. */
  keys: Uint32Array;
  /** Row index of each sorted score. */
  rows: Uint32Array;
}

const BITS = 11;
const RADIX = 1 << BITS;
const MASK = RADIX - 1;

const largestFloat32 = 3.4028234663852886e38;

/**
 * Sort `count` scores read as `scores[offset + i * stride]` ascending, stably. Floats map to
 * uint32 so that unsigned order equals numeric order: flip the sign bit of positives and all
 * bits of negatives. −0 is folded into +0 so the two tie. A diverged model's NaN reads as 0 and
 * ±Infinity as the largest float, so curves built from the result stay finite.
 */
export function sortScores(scores: Float32Array, count: number, stride = 1, offset = 0): SortedScores {
  const floats = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    const v = scores[offset + i * stride];
    floats[i] = v !== v ? 0 : v > largestFloat32 ? largestFloat32 : v < -largestFloat32 ? -largestFloat32 : v + 0;
  }
  const bits = new Uint32Array(floats.buffer);
  let keys = new Uint32Array(count);
  for (let i = 0; i < count; i++) {
    const b = bits[i];
    keys[i] = b & 0x80000000 ? ~b >>> 0 : (b | 0x80000000) >>> 0;
  }
  let rows = new Uint32Array(count);
  for (let i = 0; i < count; i++) rows[i] = i;

  let keysOut = new Uint32Array(count);
  let rowsOut = new Uint32Array(count);
  const histogram = new Uint32Array(RADIX);
  for (let shift = 0; shift < 32; shift += BITS) {
    histogram.fill(0);
    for (let i = 0; i < count; i++) histogram[(keys[i] >>> shift) & MASK]++;
    // Every key has the same digit: this pass would not move anything.
    if (histogram[(keys[0] >>> shift) & MASK] === count) continue;
    let sum = 0;
    for (let d = 0; d < RADIX; d++) {
      const c = histogram[d];
      histogram[d] = sum;
      sum += c;
    }
    for (let i = 0; i < count; i++) {
      const k = keys[i];
      const at = histogram[(k >>> shift) & MASK]++;
      keysOut[at] = k;
      rowsOut[at] = rows[i];
    }
    [keys, keysOut] = [keysOut, keys];
    [rows, rowsOut] = [rowsOut, rows];
  }
  return { keys, rows };
}

/** The float a sortable key came from. */
export function keyToScore(key: number): number {
  const bits = key & 0x80000000 ? (key ^ 0x80000000) >>> 0 : ~key >>> 0;
  scratchBits[0] = bits;
  return scratchFloat[0];
}

const scratchBits = new Uint32Array(1);
const scratchFloat = new Float32Array(scratchBits.buffer);
