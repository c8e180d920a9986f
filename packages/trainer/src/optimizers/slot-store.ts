import type { NamedArrays } from '../model/parameters.js';
import type { WasmSimd } from '../backend/simd/index.js';

interface Slot {
  shape: number[];
  length: number;
  /** JavaScript storage, or null when the slot lives on the wasm heap. */
  values: Float32Array | null;
  pointer: number;
}

/**
 * An optimizer's per-parameter state, kept in JavaScript arrays, or on the wasm heap when the
 * optimizer updates with the SIMD kernels (which address memory by offset).
 */
export class SlotStore {
  private readonly slots = new Map<string, Slot>();

  constructor(private readonly heap: WasmSimd | null) {}

  get onHeap(): boolean {
    return this.heap !== null;
  }

  has(key: string): boolean {
    return this.slots.has(key);
  }

  /** Creates the slot filled with `fill` unless it exists. May grow the wasm heap. */
  ensure(key: string, shape: number[], fill = 0): void {
    if (this.slots.has(key)) return;
    const length = shape.reduce((a, b) => a * b, 1);
    if (this.heap) {
      const pointer = this.heap.malloc(length * 4);
      this.heap.floats(pointer, length).fill(fill);
      this.slots.set(key, { shape: [...shape], length, values: null, pointer });
    } else {
      this.slots.set(key, { shape: [...shape], length, values: new Float32Array(length).fill(fill), pointer: 0 });
    }
  }

  /** The slot's values to read and write (a fresh heap view on wasm: take it after any allocation). */
  view(key: string): Float32Array {
    const slot = this.get(key);
    return slot.values ?? this.heap!.floats(slot.pointer, slot.length);
  }

  pointer(key: string): number {
    return this.get(key).pointer;
  }

  state(): NamedArrays {
    const out: NamedArrays = {};
    for (const [key, slot] of this.slots) out[key] = { shape: [...slot.shape], values: this.view(key).slice() };
    return out;
  }

  restore(saved: NamedArrays): void {
    for (const [key, { shape, values }] of Object.entries(saved)) {
      this.ensure(key, shape);
      this.view(key).set(values);
    }
  }

  dispose(): void {
    if (this.heap) for (const slot of this.slots.values()) this.heap.free(slot.pointer);
    this.slots.clear();
  }

  private get(key: string): Slot {
    const slot = this.slots.get(key);
    if (!slot) throw new Error(`optimizer slot '${key}' does not exist`);
    return slot;
  }
}
