import { describe, expect, it } from 'vitest';
import { describeBackend } from './describe-backend.js';

describe('describeBackend', () => {
  it('reports wasm with SIMD (and FMA where relaxed SIMD validates) when nothing native is installed', () => {
    const wasm = describeBackend();
    expect(wasm.kind).toBe('wasm');
    expect(wasm.simd).toBe(true); // Node ≥ 16 validates SIMD-128
  });

  it('reports a forced cpu backend without SIMD claims', () => {
    expect(describeBackend('cpu')).toEqual({ kind: 'cpu', simd: false, fma: false });
  });

  it('reports a forced tensorflow backend as node when tfjs-node-gpu is absent', () => {
    expect(describeBackend('tensorflow').kind).toBe('node');
  });
});
