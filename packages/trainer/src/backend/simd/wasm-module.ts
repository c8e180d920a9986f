/**
 * A minimal WebAssembly binary writer: just what the SIMD kernels of ./kernels.ts need (one
 * imported memory, functions of i32/f32 parameters, v128 locals, structured loops). The bytes are
 * produced at run time from code in this repository, so no toolchain or prebuilt binary is needed.
 */

export type ValueType = 'i32' | 'f32' | 'v128';

const valueTypeByte: Record<ValueType, number> = { i32: 0x7f, f32: 0x7d, v128: 0x7b };

export function uleb(value: number): number[] {
  const out: number[] = [];
  let v = value >>> 0;
  do {
    let byte = v & 0x7f;
    v >>>= 7;
    if (v !== 0) byte |= 0x80;
    out.push(byte);
  } while (v !== 0);
  return out;
}

export function sleb(value: number): number[] {
  const out: number[] = [];
  let v = value | 0;
  for (;;) {
    const byte = v & 0x7f;
    v >>= 7;
    const done = (v === 0 && (byte & 0x40) === 0) || (v === -1 && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return out;
  }
}

function name(text: string): number[] {
  const bytes = [...new TextEncoder().encode(text)];
  return [...uleb(bytes.length), ...bytes];
}

function vector(items: number[][]): number[] {
  return [...uleb(items.length), ...items.flat()];
}

function section(id: number, body: number[]): number[] {
  return [id, ...uleb(body.length), ...body];
}

/** Instructions, as byte arrays to concatenate. Memory accesses take byte addresses and offset 0. */
export const op = {
  get: (i: number) => [0x20, ...uleb(i)],
  set: (i: number) => [0x21, ...uleb(i)],
  tee: (i: number) => [0x22, ...uleb(i)],
  i32: (v: number) => [0x41, ...sleb(v)],
  f32: (v: number) => [0x43, ...new Uint8Array(new Float32Array([v]).buffer)],
  i32Add: [0x6a],
  i32Sub: [0x6b],
  i32Mul: [0x6c],
  i32And: [0x71],
  i32Shl: [0x74],
  i32GeU: [0x4f],
  i32Load: [0x28, 0x02, 0x00],
  f32Load: [0x2a, 0x02, 0x00],
  f32LoadAt: (offset: number) => [0x2a, 0x02, ...uleb(offset)],
  f32Store: [0x38, 0x02, 0x00],
  f32Add: [0x92],
  f32Sub: [0x93],
  f32Mul: [0x94],
  f32Div: [0x95],
  f32Sqrt: [0x91],
  /** Unaligned access is allowed; alignment 0 promises nothing. */
  v128Load: [0xfd, ...uleb(0x00), 0x00, 0x00],
  v128Store: [0xfd, ...uleb(0x0b), 0x00, 0x00],
  v128LoadAt: (offset: number) => [0xfd, ...uleb(0x00), 0x00, ...uleb(offset)],
  v128StoreAt: (offset: number) => [0xfd, ...uleb(0x0b), 0x00, ...uleb(offset)],
  /** Loads one float and fills the four lanes with it (a broadcast load: no shuffle instruction). */
  v128Load32SplatAt: (offset: number) => [0xfd, ...uleb(0x09), 0x02, ...uleb(offset)],
  f32x4Splat: [0xfd, ...uleb(0x13)],
  f32x4ExtractLane: (lane: number) => [0xfd, ...uleb(0x1f), lane],
  f32x4Sqrt: [0xfd, ...uleb(0xe3)],
  f32x4Add: [0xfd, ...uleb(0xe4)],
  f32x4Sub: [0xfd, ...uleb(0xe5)],
  f32x4Mul: [0xfd, ...uleb(0xe6)],
  f32x4Div: [0xfd, ...uleb(0xe7)],
  /** pmax(a, b) = a < b ? b : a, so pmax(x, 0) is ReLU that keeps NaN. */
  f32x4Pmax: [0xfd, ...uleb(0xeb)],
  /** Relaxed SIMD's a·b + c, fused where the CPU has FMA (Node 22+, or Node 20 with the V8 flag). */
  f32x4RelaxedMadd: [0xfd, ...uleb(0x105)],
  i32Eqz: [0x45],
  f32Gt: [0x5e],
  select: [0x1b],
  f32x4Gt: [0xfd, ...uleb(0x44)],
  v128And: [0xfd, ...uleb(0x4e)],
  /** i8x16.shuffle choosing 32-bit lanes: 0–3 from the first operand, 4–7 from the second. */
  lanesShuffle: (lanes: [number, number, number, number]) => [0xfd, ...uleb(0x0d), ...lanes.flatMap((l) => [4 * l, 4 * l + 1, 4 * l + 2, 4 * l + 3])],
  /** `if` without a result; close with `end`. */
  if: [0x04, 0x40],
  block: [0x02, 0x40],
  loop: [0x03, 0x40],
  end: [0x0b],
  br: (depth: number) => [0x0c, ...uleb(depth)],
  brIf: (depth: number) => [0x0d, ...uleb(depth)],
};

/** `while (get(index) < get(limit)) { body; index += step }`, all i32; the step a constant or, as `{ local }`, a local's value. */
export function countedLoop(index: number, limit: number, step: number | { local: number }, body: number[]): number[] {
  return [
    ...op.block, ...op.loop,
    ...op.get(index), ...op.get(limit), ...op.i32GeU, ...op.brIf(1),
    ...body,
    ...op.get(index), ...(typeof step === 'number' ? op.i32(step) : op.get(step.local)), ...op.i32Add, ...op.set(index),
    ...op.br(0),
    ...op.end, ...op.end,
  ];
}

export interface FunctionSpec {
  name: string;
  params: ValueType[];
  results: ValueType[];
  /** Extra locals, numbered after the parameters. */
  locals: ValueType[];
  body: number[];
}

/** A module importing its memory as env.memory and exporting each function under its name. */
export function buildModule(functions: FunctionSpec[]): Uint8Array {
  const types = functions.map((f) => [0x60, ...vector(f.params.map((t) => [valueTypeByte[t]])), ...vector(f.results.map((t) => [valueTypeByte[t]]))]);
  const memoryImport = [...name('env'), ...name('memory'), 0x02, 0x00, ...uleb(1)];
  const bodies = functions.map((f) => {
    const locals = vector(f.locals.map((t) => [1, valueTypeByte[t]]));
    const code = [...locals, ...f.body, ...op.end];
    return [...uleb(code.length), ...code];
  });
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vector(types)),
    ...section(2, vector([memoryImport])),
    ...section(3, vector(functions.map((_, i) => uleb(i)))),
    ...section(7, vector(functions.map((f, i) => [...name(f.name), 0x00, ...uleb(i)]))),
    ...section(10, vector(bodies)),
  ]);
}
