import v8 from 'node:v8';
import { buildModule, countedLoop, op, type FunctionSpec } from './wasm-module.js';

/**
 * SIMD-128 loops over float32 buffers of the tfjs wasm heap, addressed by byte offset. Each has a
 * 4-lane body and a scalar tail, so lengths need not be multiples of 4, and computes in float32
 * as PyTorch does.
 */

/**
 * adam(pIn, pOut, g, m, v, n, beta1, beta2, 1−beta1, 1−beta2, gradScale, l2, stepSize,
 * 1/√(1−beta2ᵗ), eps, decay): PyTorch's Adam/AdamW step for n parameters, m and v updated in
 * place, the new parameters written to pOut:
 *   g' = gradScale·g + l2·p;  m = β1·m + (1−β1)·g';  v = β2·v + (1−β2)·g'²
 *   p' = p − stepSize·m / (√v·(1/√(1−β2ᵗ)) + eps) − decay·p
 */
function adam(): FunctionSpec {
  const [pIn, pOut, g, m, v, n] = [0, 1, 2, 3, 4, 5];
  const consts = [6, 7, 8, 9, 10, 11, 12, 13, 14, 15]; // beta1 beta2 b1 b2 gradScale l2 stepSize invBc2 eps decay
  const [i, end] = [16, 17];
  const splat = (k: number) => 18 + k; // v128 copies of the constants
  const [P, G, M, V] = [28, 29, 30, 31];
  const [sP, sG, sM, sV] = [32, 33, 34, 35];
  const [beta1, beta2, b1, b2, gradScale, l2, stepSize, invBc2, eps, decay] = consts;
  const at = (base: number) => [...op.get(base), ...op.get(i), ...op.i32Add];
  const vector = (x: number) => op.get(splat(consts.indexOf(x)));
  const simdBody = [
    ...at(pIn), ...op.v128Load, ...op.set(P),
    ...at(g), ...op.v128Load, ...vector(gradScale), ...op.f32x4Mul, ...op.get(P), ...vector(l2), ...op.f32x4Mul, ...op.f32x4Add, ...op.set(G),
    ...at(m),
    ...at(m), ...op.v128Load, ...vector(beta1), ...op.f32x4Mul, ...op.get(G), ...vector(b1), ...op.f32x4Mul, ...op.f32x4Add, ...op.tee(M),
    ...op.v128Store,
    ...at(v),
    ...at(v), ...op.v128Load, ...vector(beta2), ...op.f32x4Mul, ...op.get(G), ...op.get(G), ...op.f32x4Mul, ...vector(b2), ...op.f32x4Mul, ...op.f32x4Add, ...op.tee(V),
    ...op.v128Store,
    ...at(pOut),
    ...op.get(P),
    ...vector(stepSize), ...op.get(M), ...op.f32x4Mul,
    ...op.get(V), ...op.f32x4Sqrt, ...vector(invBc2), ...op.f32x4Mul, ...vector(eps), ...op.f32x4Add,
    ...op.f32x4Div, ...op.f32x4Sub,
    ...vector(decay), ...op.get(P), ...op.f32x4Mul, ...op.f32x4Sub,
    ...op.v128Store,
  ];
  const scalarBody = [
    ...at(pIn), ...op.f32Load, ...op.set(sP),
    ...at(g), ...op.f32Load, ...op.get(gradScale), ...op.f32Mul, ...op.get(sP), ...op.get(l2), ...op.f32Mul, ...op.f32Add, ...op.set(sG),
    ...at(m),
    ...at(m), ...op.f32Load, ...op.get(beta1), ...op.f32Mul, ...op.get(sG), ...op.get(b1), ...op.f32Mul, ...op.f32Add, ...op.tee(sM),
    ...op.f32Store,
    ...at(v),
    ...at(v), ...op.f32Load, ...op.get(beta2), ...op.f32Mul, ...op.get(sG), ...op.get(sG), ...op.f32Mul, ...op.get(b2), ...op.f32Mul, ...op.f32Add, ...op.tee(sV),
    ...op.f32Store,
    ...at(pOut),
    ...op.get(sP),
    ...op.get(stepSize), ...op.get(sM), ...op.f32Mul,
    ...op.get(sV), ...op.f32Sqrt, ...op.get(invBc2), ...op.f32Mul, ...op.get(eps), ...op.f32Add,
    ...op.f32Div, ...op.f32Sub,
    ...op.get(decay), ...op.get(sP), ...op.f32Mul, ...op.f32Sub,
    ...op.f32Store,
  ];
  return {
    name: 'adam',
    params: ['i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'f32', 'f32', 'f32', 'f32', 'f32', 'f32', 'f32', 'f32', 'f32', 'f32'],
    results: [],
    locals: ['i32', 'i32', ...consts.map(() => 'v128' as const), 'v128', 'v128', 'v128', 'v128', 'f32', 'f32', 'f32', 'f32'],
    body: [
      ...consts.flatMap((c, k) => [...op.get(c), ...op.f32x4Splat, ...op.set(splat(k))]),
      // end = (n & ~3) · 4 bytes: the 4-lane part; then the scalar tail up to n · 4.
      ...op.get(n), ...op.i32(-4), ...op.i32And, ...op.i32(2), ...op.i32Shl, ...op.set(end),
      ...op.i32(0), ...op.set(i),
      ...countedLoop(i, end, 16, simdBody),
      ...op.get(n), ...op.i32(2), ...op.i32Shl, ...op.set(end),
      ...countedLoop(i, end, 4, scalarBody),
    ],
  };
}

/** columnSums(x, rows, width, out, scale): out[j] = scale · Σᵢ x[i·width + j], float32 sums. */
function columnSums(): FunctionSpec {
  const [x, rows, width, out, scale] = [0, 1, 2, 3, 4];
  const [j, end, addr, stop, stride] = [5, 6, 7, 8, 9];
  const [acc, scaleVector] = [10, 11];
  const sAcc = 12;
  // For each column block: addr walks down the rows from x + j to x + j + rows·stride.
  const walk = (body: number[]) => [
    ...op.get(x), ...op.get(j), ...op.i32Add, ...op.set(addr),
    ...op.get(addr), ...op.get(rows), ...op.get(stride), ...op.i32Mul, ...op.i32Add, ...op.set(stop),
    ...countedLoop(addr, stop, { local: stride }, body),
  ];
  const simdBlock = [
    ...op.f32(0), ...op.f32x4Splat, ...op.set(acc),
    ...walk([...op.get(acc), ...op.get(addr), ...op.v128Load, ...op.f32x4Add, ...op.set(acc)]),
    ...op.get(out), ...op.get(j), ...op.i32Add, ...op.get(acc), ...op.get(scaleVector), ...op.f32x4Mul, ...op.v128Store,
  ];
  const scalarBlock = [
    ...op.f32(0), ...op.set(sAcc),
    ...walk([...op.get(sAcc), ...op.get(addr), ...op.f32Load, ...op.f32Add, ...op.set(sAcc)]),
    ...op.get(out), ...op.get(j), ...op.i32Add, ...op.get(sAcc), ...op.get(scale), ...op.f32Mul, ...op.f32Store,
  ];
  return {
    name: 'columnSums',
    params: ['i32', 'i32', 'i32', 'i32', 'f32'],
    results: [],
    locals: ['i32', 'i32', 'i32', 'i32', 'i32', 'v128', 'v128', 'f32'],
    body: [
      ...op.get(scale), ...op.f32x4Splat, ...op.set(scaleVector),
      ...op.get(width), ...op.i32(2), ...op.i32Shl, ...op.set(stride),
      ...op.get(width), ...op.i32(-4), ...op.i32And, ...op.i32(2), ...op.i32Shl, ...op.set(end),
      ...op.i32(0), ...op.set(j),
      ...countedLoop(j, end, 16, simdBlock),
      ...op.get(stride), ...op.set(end),
      ...countedLoop(j, end, 4, scalarBlock),
    ],
  };
}

/** reluGradient(dy, y, out, n): out = y > 0 ? dy : 0, the gradient through a ReLU given its output y. */
function reluGradient(): FunctionSpec {
  const [dy, y, out, n] = [0, 1, 2, 3];
  const [i, end, zero] = [4, 5, 6];
  const at = (base: number) => [...op.get(base), ...op.get(i), ...op.i32Add];
  return {
    name: 'reluGradient',
    params: ['i32', 'i32', 'i32', 'i32'],
    results: [],
    locals: ['i32', 'i32', 'v128'],
    body: [
      ...op.f32(0), ...op.f32x4Splat, ...op.set(zero),
      ...op.get(n), ...op.i32(-4), ...op.i32And, ...op.i32(2), ...op.i32Shl, ...op.set(end),
      ...op.i32(0), ...op.set(i),
      ...countedLoop(i, end, 16, [
        ...at(out), ...at(dy), ...op.v128Load, ...at(y), ...op.v128Load, ...op.get(zero), ...op.f32x4Gt, ...op.v128And, ...op.v128Store,
      ]),
      ...op.get(n), ...op.i32(2), ...op.i32Shl, ...op.set(end),
      ...countedLoop(i, end, 4, [
        ...at(out), ...at(dy), ...op.f32Load, ...op.f32(0), ...at(y), ...op.f32Load, ...op.f32(0), ...op.f32Gt, ...op.select, ...op.f32Store,
      ]),
    ],
  };
}

/**
 * transpose4(x, rows, cols, xStride, out, outStride): out[j·outStride + i] = x[i·xStride + j] for
 * i < rows and j < cols, both multiples of 4, in 4×4 blocks of lane shuffles (~3x a JavaScript loop); the
 * caller copies any edge rows and columns.
 */
function transpose4(): FunctionSpec {
  const [x, rows, cols, xStride, out, outStride] = [0, 1, 2, 3, 4, 5];
  const [i, j, src, dst, rowBytes, outRowBytes] = [6, 7, 8, 9, 10, 11];
  const r = (q: number) => 12 + q;
  const t = (q: number) => 16 + q;
  const interleaveLow: [number, number, number, number] = [0, 4, 1, 5];
  const interleaveHigh: [number, number, number, number] = [2, 6, 3, 7];
  const block = [
    // src = x + (i·xStride + j)·4, dst = out + (j·outStride + i)·4
    ...op.get(x), ...op.get(i), ...op.get(xStride), ...op.i32Mul, ...op.get(j), ...op.i32Add, ...op.i32(2), ...op.i32Shl, ...op.i32Add, ...op.set(src),
    ...op.get(out), ...op.get(j), ...op.get(outStride), ...op.i32Mul, ...op.get(i), ...op.i32Add, ...op.i32(2), ...op.i32Shl, ...op.i32Add, ...op.set(dst),
    ...[0, 1, 2, 3].flatMap((q) => [...op.get(src), ...op.v128Load, ...op.set(r(q)), ...op.get(src), ...op.get(rowBytes), ...op.i32Add, ...op.set(src)]),
    ...op.get(r(0)), ...op.get(r(1)), ...op.lanesShuffle(interleaveLow), ...op.set(t(0)),
    ...op.get(r(0)), ...op.get(r(1)), ...op.lanesShuffle(interleaveHigh), ...op.set(t(1)),
    ...op.get(r(2)), ...op.get(r(3)), ...op.lanesShuffle(interleaveLow), ...op.set(t(2)),
    ...op.get(r(2)), ...op.get(r(3)), ...op.lanesShuffle(interleaveHigh), ...op.set(t(3)),
    ...([[0, 2, [0, 1, 4, 5]], [0, 2, [2, 3, 6, 7]], [1, 3, [0, 1, 4, 5]], [1, 3, [2, 3, 6, 7]]] as const).flatMap(([a, b, lanes]) => [
      ...op.get(dst), ...op.get(t(a)), ...op.get(t(b)), ...op.lanesShuffle([...lanes]), ...op.v128Store,
      ...op.get(dst), ...op.get(outRowBytes), ...op.i32Add, ...op.set(dst),
    ]),
  ];
  return {
    name: 'transpose4',
    params: ['i32', 'i32', 'i32', 'i32', 'i32', 'i32'],
    results: [],
    locals: ['i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'v128', 'v128', 'v128', 'v128', 'v128', 'v128', 'v128', 'v128'],
    body: [
      ...op.get(xStride), ...op.i32(2), ...op.i32Shl, ...op.set(rowBytes),
      ...op.get(outStride), ...op.i32(2), ...op.i32Shl, ...op.set(outRowBytes),
      ...op.i32(0), ...op.set(i),
      ...countedLoop(i, rows, 4, [...op.i32(0), ...op.set(j), ...countedLoop(j, cols, 4, block)]),
    ],
  };
}

/** sumOfSquares(x, n) → Σ x², float32 lanes then summed. */
function sumOfSquares(): FunctionSpec {
  const [x, n] = [0, 1];
  const [i, end, acc, sAcc] = [2, 3, 4, 5];
  const at = [...op.get(x), ...op.get(i), ...op.i32Add];
  return {
    name: 'sumOfSquares',
    params: ['i32', 'i32'],
    results: ['f32'],
    locals: ['i32', 'i32', 'v128', 'f32'],
    body: [
      ...op.f32(0), ...op.f32x4Splat, ...op.set(acc),
      ...op.get(n), ...op.i32(-4), ...op.i32And, ...op.i32(2), ...op.i32Shl, ...op.set(end),
      ...op.i32(0), ...op.set(i),
      ...countedLoop(i, end, 16, [...op.get(acc), ...at, ...op.v128Load, ...at, ...op.v128Load, ...op.f32x4Mul, ...op.f32x4Add, ...op.set(acc)]),
      ...op.get(acc), ...op.f32x4ExtractLane(0), ...op.get(acc), ...op.f32x4ExtractLane(1), ...op.f32Add,
      ...op.get(acc), ...op.f32x4ExtractLane(2), ...op.f32Add, ...op.get(acc), ...op.f32x4ExtractLane(3), ...op.f32Add, ...op.set(sAcc),
      ...op.get(n), ...op.i32(2), ...op.i32Shl, ...op.set(end),
      ...countedLoop(i, end, 4, [...op.get(sAcc), ...at, ...op.f32Load, ...at, ...op.f32Load, ...op.f32Mul, ...op.f32Add, ...op.set(sAcc)]),
      ...op.get(sAcc),
    ],
  };
}

/**
 * scatterAddRows(src, ids, n, width, out): out[ids[k]·width + j] += src[k·width + j] for k < n, j <
 * width, with ids int32 row numbers (the caller checks their range). The gradient of an embedding
 * lookup: duplicate ids sum. Each row is added 4 lanes at a time, then a scalar tail.
 */
function scatterAddRows(): FunctionSpec {
  const [src, ids, n, width, out] = [0, 1, 2, 3, 4];
  const [k, kEnd, dst, vectorEnd, rowEnd, rowBytes] = [5, 6, 7, 8, 9, 10];
  const advanceSource = (bytes: number) => [...op.get(src), ...op.i32(bytes), ...op.i32Add, ...op.set(src)];
  return {
    name: 'scatterAddRows',
    params: ['i32', 'i32', 'i32', 'i32', 'i32'],
    results: [],
    locals: ['i32', 'i32', 'i32', 'i32', 'i32', 'i32'],
    body: [
      ...op.get(width), ...op.i32(2), ...op.i32Shl, ...op.set(rowBytes),
      ...op.get(n), ...op.i32(2), ...op.i32Shl, ...op.set(kEnd),
      ...op.i32(0), ...op.set(k),
      ...countedLoop(k, kEnd, 4, [
        ...op.get(out), ...op.get(ids), ...op.get(k), ...op.i32Add, ...op.i32Load, ...op.get(rowBytes), ...op.i32Mul, ...op.i32Add, ...op.tee(dst),
        ...op.get(rowBytes), ...op.i32Add, ...op.set(rowEnd),
        ...op.get(dst), ...op.get(width), ...op.i32(-4), ...op.i32And, ...op.i32(2), ...op.i32Shl, ...op.i32Add, ...op.set(vectorEnd),
        ...countedLoop(dst, vectorEnd, 16, [
          ...op.get(dst), ...op.get(dst), ...op.v128Load, ...op.get(src), ...op.v128Load, ...op.f32x4Add, ...op.v128Store,
          ...advanceSource(16),
        ]),
        ...countedLoop(dst, rowEnd, 4, [
          ...op.get(dst), ...op.get(dst), ...op.f32Load, ...op.get(src), ...op.f32Load, ...op.f32Add, ...op.f32Store,
          ...advanceSource(4),
        ]),
      ]),
    ],
  };
}

/**
 * matmul(a, b, c, M, K, N, bias, relu): C[M×N] = A[M×K]·B[K×N], all row-major, for M a multiple of
 * 2 and N of 16, then (a dense layer's epilogue) + bias[N] when `bias` is not 0 and ReLU when
 * `relu` is not 0. Blocks of 2 rows × 16 columns of C are held in eight 4-lane accumulators while
 * k runs, B read in place, unpacked, A broadcast by load. XNNPACK (tfjs' own matMul) first packs B
 * into panels, ~2.3–3.5 ns per element of B on every call whose B is new, which training's B
 * always is: this loop beats its speed with B already packed (~0.64 against ~0.74 ms for
 * 256×256×256) and skips the packing. With `fused`, each step is relaxed SIMD's multiply-add,
 * which V8 compiles to one FMA instruction instead of a multiply and an add: ~25% faster.
 * (4×8 and 3×12 blocks ran no faster; more accumulators spill registers; unrolling k was slower;
 * reading A transposed in place ran ~17% slower than transposing it first, from cache misses.)
 */
function product(fused: boolean): FunctionSpec {
  const [a, b, c, m, k, n, bias, relu] = [0, 1, 2, 3, 4, 5, 6, 7];
  const [j0, jEnd, i0, strideA, strideB, aK0, aK1, aEnd, bK, cP] = [8, 9, 10, 11, 12, 13, 14, 15, 16, 17];
  const acc = (row: number, quarter: number) => 18 + row * 4 + quarter;
  const bQuarter = (quarter: number) => 26 + quarter;
  const splatA = 30;
  const quarters = [0, 1, 2, 3];
  const blockCells = [0, 1].flatMap((r) => quarters.map((q) => [r, q] as const));
  // A[i0 + r, k] in all lanes, from two row pointers advancing along k.
  const loadA = (r: number) => [...op.get(r === 0 ? aK0 : aK1), ...op.v128Load32SplatAt(0)];
  const multiplyAdd = (r: number, q: number) => (fused
    ? [...op.get(splatA), ...op.get(bQuarter(q)), ...op.get(acc(r, q)), ...op.f32x4RelaxedMadd, ...op.set(acc(r, q))]
    : [...op.get(splatA), ...op.get(bQuarter(q)), ...op.f32x4Mul, ...op.get(acc(r, q)), ...op.f32x4Add, ...op.set(acc(r, q))]);
  const step = [
    ...quarters.flatMap((q) => [...op.get(bK), ...op.v128LoadAt(16 * q), ...op.set(bQuarter(q))]),
    ...[0, 1].flatMap((r) => [...loadA(r), ...op.set(splatA), ...quarters.flatMap((q) => multiplyAdd(r, q))]),
    ...op.get(aK1), ...op.i32(4), ...op.i32Add, ...op.set(aK1),
    ...op.get(bK), ...op.get(strideB), ...op.i32Add, ...op.set(bK),
  ];
  const start = [
    ...op.get(a), ...op.get(i0), ...op.get(strideA), ...op.i32Mul, ...op.i32Add, ...op.tee(aK0),
    ...op.get(strideA), ...op.i32Add, ...op.set(aK1),
    ...op.get(aK0), ...op.get(k), ...op.i32(2), ...op.i32Shl, ...op.i32Add, ...op.set(aEnd),
  ];
  const addBias = [
    ...op.get(bias), ...op.i32Eqz, ...op.i32Eqz, ...op.if,
    ...blockCells.flatMap(([r, q]) => [
      ...op.get(acc(r, q)), ...op.get(bias), ...op.get(j0), ...op.i32Add, ...op.v128LoadAt(16 * q), ...op.f32x4Add, ...op.set(acc(r, q)),
    ]),
    ...op.end,
  ];
  const applyRelu = [
    ...op.get(relu), ...op.i32Eqz, ...op.i32Eqz, ...op.if,
    ...blockCells.flatMap(([r, q]) => [...op.get(acc(r, q)), ...op.f32(0), ...op.f32x4Splat, ...op.f32x4Pmax, ...op.set(acc(r, q))]),
    ...op.end,
  ];
  const block = [
    ...start,
    ...op.get(b), ...op.get(j0), ...op.i32Add, ...op.set(bK),
    ...blockCells.flatMap(([r, q]) => [...op.f32(0), ...op.f32x4Splat, ...op.set(acc(r, q))]),
    ...countedLoop(aK0, aEnd, 4, step),
    ...addBias,
    ...applyRelu,
    ...op.get(c), ...op.get(i0), ...op.get(strideB), ...op.i32Mul, ...op.i32Add, ...op.get(j0), ...op.i32Add, ...op.set(cP),
    ...[0, 1].flatMap((r) => [
      ...quarters.flatMap((q) => [...op.get(cP), ...op.get(acc(r, q)), ...op.v128StoreAt(16 * q)]),
      ...op.get(cP), ...op.get(strideB), ...op.i32Add, ...op.set(cP),
    ]),
  ];
  return {
    name: 'matmul',
    params: ['i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32'],
    results: [],
    locals: [...Array.from({ length: 10 }, () => 'i32' as const), ...Array.from({ length: 13 }, () => 'v128' as const)],
    body: [
      ...op.get(k), ...op.i32(2), ...op.i32Shl, ...op.set(strideA),
      ...op.get(n), ...op.i32(2), ...op.i32Shl, ...op.tee(strideB), ...op.set(jEnd),
      ...op.i32(0), ...op.set(j0),
      ...countedLoop(j0, jEnd, 64, [
        ...op.i32(0), ...op.set(i0),
        ...countedLoop(i0, m, 2, block),
      ]),
    ],
  };
}

export interface SimdKernels {
  adam(pIn: number, pOut: number, g: number, m: number, v: number, n: number,
    beta1: number, beta2: number, oneMinusBeta1: number, oneMinusBeta2: number, gradScale: number,
    l2: number, stepSize: number, inverseBiasCorrection2: number, eps: number, decay: number): void;
  columnSums(x: number, rows: number, width: number, out: number, scale: number): void;
  reluGradient(dy: number, y: number, out: number, n: number): void;
  transpose4(x: number, rows: number, cols: number, xStride: number, out: number, outStride: number): void;
  sumOfSquares(x: number, n: number): number;
  scatterAddRows(src: number, ids: number, n: number, width: number, out: number): void;
  /** `bias` is a heap address or 0 (none); `relu` 1 applies ReLU after the bias. */
  matmul(a: number, b: number, c: number, m: number, k: number, n: number, bias: number, relu: number): void;
}

/** The module's bytes; `fused` products use relaxed SIMD's multiply-add. */
export function simdModuleBytes(fused: boolean): Uint8Array {
  return buildModule([adam(), columnSums(), reluGradient(), transpose4(), sumOfSquares(), scatterAddRows(), product(fused)]);
}

let relaxedSimdFlagSet = false;

/**
 * Whether the engine validates relaxed SIMD. Node 20's V8 implements it behind a flag (on by
 * default from V8 11.4, Node 22), which wasm compilation reads when a module is compiled.
 */
function relaxedSimdAvailable(bytes: Uint8Array): boolean {
  if (WebAssembly.validate(bytes)) return true;
  if (relaxedSimdFlagSet || process.env.OVERTURE_WASM_RELAXED_SIMD === '0') return false;
  relaxedSimdFlagSet = true;
  v8.setFlagsFromString('--experimental-wasm-relaxed-simd');
  return WebAssembly.validate(bytes);
}

/**
 * What this engine gives the kernels, without instantiating them: wasm SIMD, and fused
 * multiply-add through relaxed SIMD (the same test and opt-out as `instantiateSimdKernels`).
 */
export function simdSupport(): { simd: boolean; fma: boolean } {
  const simd = WebAssembly.validate(simdModuleBytes(false));
  const fma = simd && process.env.OVERTURE_WASM_RELAXED_SIMD !== '0' && relaxedSimdAvailable(simdModuleBytes(true));
  return { simd, fma };
}

export interface SimdInstance {
  kernels: SimdKernels;
  /** Whether products use fused multiply-add (relaxed SIMD). */
  fused: boolean;
}

/**
 * Instantiates the kernels over `memory` (tfjs's wasm heap), with fused multiply-add where the
 * engine has relaxed SIMD (OVERTURE_WASM_RELAXED_SIMD=0 turns it off); null where wasm SIMD is
 * unavailable.
 */
export function instantiateSimdKernels(memory: WebAssembly.Memory): SimdInstance | null {
  const fusedBytes = simdModuleBytes(true);
  const fused = process.env.OVERTURE_WASM_RELAXED_SIMD !== '0' && relaxedSimdAvailable(fusedBytes);
  const bytes = fused ? fusedBytes : simdModuleBytes(false);
  if (!WebAssembly.validate(bytes)) return null;
  const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } });
  return { kernels: instance.exports as unknown as SimdKernels, fused };
}
